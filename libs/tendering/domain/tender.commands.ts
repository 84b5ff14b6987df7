import type { ProposalSignature } from './efirma';
import type {
  DocumentRef,
  IsoDateTime,
  ProposalContent,
  SealedBox,
  SupplierStanding,
  TenderContent,
  TenderContentInput,
  TenderSchedule,
} from './tender.types';

/**
 * Commands of a tender (stream `tender-<tenderId>`). Time and the acting account come from the decision
 * context (`now`, `actor`), never from a command. Authorization (is this account the buyer, the auditor, a
 * supplier's representative?) is the handler's job; facts from other contexts (the supplier register) come in
 * the command as `SupplierStanding`, looked up by the handler at `now`.
 */
export type CreateTender = { type: 'CreateTender'; tenderId: string; content: TenderContentInput };

/** While a draft: only the fields given change; the whole content is checked again. */
export type UpdateTenderDraft = { type: 'UpdateTenderDraft'; tenderId: string; changes: Partial<TenderContentInput> };

/**
 * Publishes the call at `now` (the schedule's publication date becomes `now`). `tenderKeyId` names the
 * per-tender data key the handler created in its key store for sealing proposals. An invitation carries the
 * standing of each invited supplier.
 */
export type PublishTender = {
  type: 'PublishTender';
  tenderId: string;
  tenderKeyId: string;
  invitees?: SupplierStanding[];
  /** The procedure number the handler reserved for it (domain/procedure-number.ts); none assigned without. */
  number?: string;
};

/**
 * A question in the enquiry period (junta de aclaraciones). `supplier`: the asker's standing at `now`, looked
 * up by the handler: only a verified supplier without a sanction in force may ask, as only it may take part.
 */
export type AskQuestion = {
  type: 'AskQuestion';
  tenderId: string;
  questionId: string;
  supplier: SupplierStanding;
  lotId?: string | null;
  text: string;
};
/** The buyer's answer; its documents (uploads of the buying unit) are public with it. */
export type AnswerQuestion = {
  type: 'AnswerQuestion';
  tenderId: string;
  questionId: string;
  answer: string;
  documents?: DocumentRef[];
};

/**
 * The minutes of a clarification meeting (acta de la junta de aclaraciones, LAASSP art. 33 Bis), published by
 * the buyer between the publication and the submission deadline; `heldAt` is when the meeting was held (not
 * before the publication, not in the future). Its documents are public with it.
 */
export type PublishClarificationMinutes = {
  type: 'PublishClarificationMinutes';
  tenderId: string;
  minutesId: string;
  heldAt: IsoDateTime;
  summary: string;
  documents?: DocumentRef[];
};

/** What an amendment may change after publication (not the procedure, criterion, buyer or publication date). */
export type TenderAmendment = Partial<
  Pick<TenderContent, 'title' | 'description' | 'lots' | 'estimatedTotal' | 'documents'>
> & {
  schedule?: Partial<Omit<TenderSchedule, 'publicationDate'>>;
};
export type AmendTender = {
  type: 'AmendTender';
  tenderId: string;
  amendmentId: string;
  changes: TenderAmendment;
  reason: string;
};

/** Built by the handler with `sealProposal`: only the commitment and the sealed box, never the content. */
export type SubmitProposal = {
  type: 'SubmitProposal';
  tenderId: string;
  proposalId: string;
  supplier: SupplierStanding;
  lotIds: string[];
  commitment: string;
  sealed: SealedBox;
  /** Verified by the handler (application/efirma-verifier.ts) against the commitment; required if the tender says so. */
  signature?: ProposalSignature;
};
export type ReplaceProposal = Omit<SubmitProposal, 'type'> & { type: 'ReplaceProposal' };
export type WithdrawProposal = { type: 'WithdrawProposal'; tenderId: string; proposalId: string; supplierId: string };

/** The opening act: the handler decrypts every sealed proposal and passes every revealed content at once. */
export type OpenProposals = {
  type: 'OpenProposals';
  tenderId: string;
  revealed: Array<{ proposalId: string; content: ProposalContent }>;
};

/**
 * The evaluation of one proposal for one lot. `reasons` are required when not compliant; `technicalPoints`
 * (0–100) when compliant under points and percentages, never under lowest price.
 */
export type EvaluateProposal = {
  type: 'EvaluateProposal';
  tenderId: string;
  proposalId: string;
  lotId: string;
  compliant: boolean;
  reasons: string[];
  technicalPoints?: number | null;
};
/** Closes the evaluation: ranks each lot, deserts lots without a compliant proposal, sends lots to auction. */
export type CompleteEvaluation = { type: 'CompleteEvaluation'; tenderId: string };

/** The final ranking of a lot's reverse auction, from the auctions context: best (lowest) first. */
export type AuctionResult = {
  lotId: string;
  auctionId: string;
  ranking: Array<{ supplierId: string; amount: number }>;
};
/** The award (fallo) of every lot still open, to its best compliant proposal or its auction's winner. */
/**
 * `standings`: what the supplier register says at `now` of the ranked suppliers (the handler looks them up).
 * A sanctioned or unverified supplier is passed over for the next eligible one in the ranking.
 */
export type AwardTender = {
  type: 'AwardTender';
  tenderId: string;
  auctionResults?: AuctionResult[];
  standings?: SupplierStanding[];
};
/**
 * A direct award (LAASSP art. 41/42): from the draft straight to the award of every lot, each to one supplier
 * (the one the draft names, or the one given here per lot) for its amount. `suppliers`: the standing at `now`
 * of every supplier named, looked up by the handler.
 */
export type AwardDirectly = {
  type: 'AwardDirectly';
  tenderId: string;
  lots: DirectlyAwardedLot[];
  suppliers: SupplierStanding[];
  /** The procedure number the handler reserved for it (domain/procedure-number.ts); none assigned without. */
  number?: string;
};

/** `supplierId` may be left out when the draft names the supplier of every lot. Amount: integer centavos. */
export type DirectlyAwardedLot = { lotId: string; supplierId?: string; amount: number };

/** An objection (inconformidad) by a bidder of the lot within the objection period. */
export type ChallengeAward = {
  type: 'ChallengeAward';
  tenderId: string;
  challengeId: string;
  lotId: string;
  supplierId: string;
  grounds: string;
};
/**
 * The auditor's resolution. Upheld: `revisedProposalId` names the new winner from the lot's ranking, or
 * `null` to annul the award and desert the lot.
 */
export type ResolveChallenge = {
  type: 'ResolveChallenge';
  tenderId: string;
  challengeId: string;
  upheld: boolean;
  reason: string;
  revisedProposalId?: string | null;
};

/** Recorded on the tender when the contract of a lot is signed (the contract has its own stream). */
export type RecordContractSigned = {
  type: 'RecordContractSigned';
  tenderId: string;
  lotId: string;
  contractId: string;
  /** A consolidated purchase: the participating unit whose own contract this is. */
  buyingUnitId?: string;
};
export type RecordContractClosed = {
  type: 'RecordContractClosed';
  tenderId: string;
  contractId: string;
  outcome: 'completed' | 'terminated';
};

export type CancelTender = { type: 'CancelTender'; tenderId: string; reason: string };

/**
 * Sent by the durable scheduler (actor `system`) at `nextClockAlarm(state)`: records every time-driven change
 * that is due at `now` (end of the enquiry period, end of the submission period, desertion at the deadline without proposals, end of
 * objection periods), each dated when it became due. Idempotent, and correct however late it runs.
 */
export type AdvanceTenderClock = { type: 'AdvanceTenderClock'; tenderId: string };

export type TenderCommand =
  | CreateTender
  | UpdateTenderDraft
  | PublishTender
  | AskQuestion
  | AnswerQuestion
  | PublishClarificationMinutes
  | AmendTender
  | SubmitProposal
  | ReplaceProposal
  | WithdrawProposal
  | OpenProposals
  | EvaluateProposal
  | CompleteEvaluation
  | AwardTender
  | AwardDirectly
  | ChallengeAward
  | ResolveChallenge
  | RecordContractSigned
  | RecordContractClosed
  | CancelTender
  | AdvanceTenderClock;
