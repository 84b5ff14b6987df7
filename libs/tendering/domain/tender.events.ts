import type { Money } from '@licita/shared';
import type { ProposalSignature, ProposalSigner } from './efirma';
import type { FieldChange } from './field-diff';
import type { SubmissionPeriodRule } from './legal-calendar';
import type {
  DocumentRef,
  IsoDateTime,
  OpenContractTerms,
  ProposalContent,
  SealedBox,
  TenderContent,
  TenderSchedule,
} from './tender.types';

/** Streams of this aggregate: one per tender. */
export const tenderStream = (tenderId: string) => `tender-${tenderId}`;

type Event<T extends string, D> = { type: T; data: { tenderId: string } & D };

export type TenderCreated = Event<'TenderCreated', { content: TenderContent; createdAt: IsoDateTime }>;
/** Only the top-level fields that changed, with their new (checked) values. */
export type TenderDraftUpdated = Event<'TenderDraftUpdated', { changes: Partial<TenderContent> }>;
/**
 * `submissionPeriod`: the legal rule the period was checked against (law, version, reference) and the minimum
 * that bound it (the policy's when longer); absent on tenders published before the legal calendar existed.
 */
export type TenderPublished = Event<
  'TenderPublished',
  {
    publishedAt: IsoDateTime;
    schedule: TenderSchedule;
    tenderKeyId: string;
    invitedSupplierIds: string[];
    submissionPeriod?: SubmissionPeriodRule & { appliedMinimumDays: number };
    /** Practice mode: the tender's time-acceleration factor, restated at publication; absent means real time. */
    timeAcceleration?: number;
  }
>;
/** `endedAt` is the questions deadline, whenever the clock noticed. */
export type EnquiryPeriodEnded = Event<'EnquiryPeriodEnded', { endedAt: IsoDateTime }>;

/** `askedBy` stays in the event for the record; public read models must not show it. */
export type QuestionAsked = Event<
  'QuestionAsked',
  { questionId: string; askedBy: string; lotId: string | null; text: string; askedAt: IsoDateTime }
>;
/** `documents`: absent when the answer carries none (and on answers recorded before answers could). */
export type QuestionAnswered = Event<
  'QuestionAnswered',
  { questionId: string; answer: string; answeredAt: IsoDateTime; documents?: DocumentRef[] }
>;
/** The minutes of a clarification meeting: when it was held, what it settled, its documents; public. */
export type ClarificationMinutesPublished = Event<
  'ClarificationMinutesPublished',
  { minutesId: string; heldAt: IsoDateTime; summary: string; documents: DocumentRef[]; publishedAt: IsoDateTime }
>;

/** `changes` is the diff by field path; `amended` holds the new values of the top-level fields touched. */
export type TenderAmended = Event<
  'TenderAmended',
  {
    amendmentId: string;
    reason: string;
    changes: FieldChange[];
    amended: Partial<TenderContent>;
    amendedAt: IsoDateTime;
  }
>;
/** An amendment came within the notice days before the deadline: the deadline, opening and award dates move. */
export type SubmissionDeadlineExtended = Event<
  'SubmissionDeadlineExtended',
  {
    amendmentId: string;
    previousDeadline: IsoDateTime;
    submissionDeadline: IsoDateTime;
    openingDate: IsoDateTime;
    awardDate: IsoDateTime;
    noticeDays: number;
  }
>;

/**
 * The submission deadline passed with live proposals: the procedure no longer receives them and waits for its
 * opening act. Recorded by the clock; `endedAt` is the deadline, whenever the clock noticed.
 */
export type SubmissionPeriodEnded = Event<'SubmissionPeriodEnded', { endedAt: IsoDateTime }>;

/**
 * The procedure's human-readable number (`LA-<unit code>-<sequence>-<year>`, `IA-…`, `AA-…`), reserved in its
 * unit's sequence for the year (domain/procedure-number.ts); recorded just before the publication or the direct
 * award, in the same decision, once. Procedures recorded before numbers existed have none.
 */
export type ProcedureNumberAssigned = Event<'ProcedureNumberAssigned', { number: string; assignedAt: IsoDateTime }>;

/** Sealed: who, which lots, the commitment and the encrypted box. Never an amount or a document in clear. */
/** A sealed proposal as submitted or replaced: only its commitment and its sealed box, never its content. */
export type SealedProposal = {
  proposalId: string;
  supplierId: string;
  lotIds: string[];
  commitment: string;
  sealed: SealedBox;
  submittedAt: IsoDateTime;
  /** The supplier's verified e.firma on the commitment (domain/efirma.ts); absent when the proposal was not signed. */
  signature?: ProposalSignature;
};
export type ProposalSubmitted = Event<'ProposalSubmitted', SealedProposal>;
export type ProposalReplaced = Event<'ProposalReplaced', SealedProposal>;
export type ProposalWithdrawn = Event<
  'ProposalWithdrawn',
  { proposalId: string; supplierId: string; withdrawnAt: IsoDateTime }
>;

/** One proposal as the opening act revealed it; its content hashes to its commitment (checked by the decider). */
export type OpenedProposal = {
  proposalId: string;
  supplierId: string;
  lotIds: string[];
  commitment: string;
  submittedAt: IsoDateTime;
  offers: Array<{ lotId: string; amount: Money }>;
  content: ProposalContent;
  /** Who signed the proposal with e.firma, when it was signed. */
  signer?: ProposalSigner;
};
/**
 * `offersSealedUntilAuction`: the tender calls for a reverse auction, so the public reads the act without its
 * economic offers until the auction closes (domain/auction-anonymity.ts); absent on events before that rule.
 */
export type ProposalsOpened = Event<
  'ProposalsOpened',
  { openedAt: IsoDateTime; proposals: OpenedProposal[]; offersSealedUntilAuction?: true }
>;

export type ProposalEvaluated = Event<
  'ProposalEvaluated',
  {
    proposalId: string;
    supplierId: string;
    lotId: string;
    compliant: boolean;
    reasons: string[];
    technicalPoints: number | null;
    evaluatedAt: IsoDateTime;
  }
>;

export type RankedProposal = {
  rank: number;
  proposalId: string;
  supplierId: string;
  amount: Money;
  submittedAt: IsoDateTime;
  technicalPoints: number | null;
  /** Points and percentages only: the total score, rounded to two decimals. */
  score: number | null;
};
export type LotEvaluation = {
  lotId: string;
  ranking: RankedProposal[];
  nonCompliant: Array<{ proposalId: string; supplierId: string; reasons: string[] }>;
  goesToAuction: boolean;
};
/**
 * `offersSealedUntilAuction`: the rankings of the lots that go to auction are not public (see ProposalsOpened);
 * `blind`, present with it, is the secret that keeps the ledger's commitment to those rankings from being
 * brute-forced (domain/auction-anonymity.ts, `evaluationBlind`). Never public before the close.
 */
export type EvaluationCompleted = Event<
  'EvaluationCompleted',
  { completedAt: IsoDateTime; lots: LotEvaluation[]; offersSealedUntilAuction?: true; blind?: string }
>;

/** The ranking the auctions context reported for a lot; it replaces the evaluation's ranking of that lot. */
export type AuctionResultRecorded = Event<
  'AuctionResultRecorded',
  {
    lotId: string;
    auctionId: string;
    ranking: Array<{ rank: number; proposalId: string; supplierId: string; amount: Money }>;
  }
>;

export type DesertionReason = 'no_proposals' | 'no_compliant_proposal' | 'no_eligible_supplier' | 'award_annulled';
export type LotDeserted = Event<'LotDeserted', { lotId: string; reason: DesertionReason; desertedAt: IsoDateTime }>;
/** Every lot is deserted. */
export type TenderDeserted = Event<'TenderDeserted', { desertedAt: IsoDateTime }>;

export type AwardBasis = 'evaluation' | 'auction' | 'direct_award';
/** The award (fallo) of a lot. A direct award has no proposal and no objection period (`null`). */
export type LotAwarded = Event<
  'LotAwarded',
  {
    lotId: string;
    proposalId: string | null;
    supplierId: string;
    amount: Money;
    basis: AwardBasis;
    auctionId: string | null;
    awardedAt: IsoDateTime;
    objectionPeriodEndsAt: IsoDateTime | null;
    /** Better-ranked suppliers the register said were sanctioned or unverified at the award. */
    passedOver?: Array<{ supplierId: string; verified: boolean; sanctioned: boolean }>;
    /** The lot is an open contract (LAASSP art. 47): its amount may be 0.00. Absent on every other lot. */
    openContract?: OpenContractTerms;
  }
>;
export type AwardChallenged = Event<
  'AwardChallenged',
  { challengeId: string; lotId: string; supplierId: string; grounds: string; challengedAt: IsoDateTime }
>;
export type ChallengeResolved = Event<
  'ChallengeResolved',
  { challengeId: string; lotId: string; upheld: boolean; reason: string; resolvedAt: IsoDateTime }
>;
/** A new winner after an upheld challenge; a new objection period starts. */
export type AwardRevised = Event<
  'AwardRevised',
  {
    lotId: string;
    challengeId: string;
    proposalId: string;
    supplierId: string;
    amount: Money;
    revisedAt: IsoDateTime;
    objectionPeriodEndsAt: IsoDateTime;
  }
>;
/** `endedAt` is the end of the period, whenever the clock noticed. */
export type ObjectionPeriodEnded = Event<'ObjectionPeriodEnded', { lotId: string; endedAt: IsoDateTime }>;

/** `openContract`: as on `LotAwarded`, present only for an open contract (LAASSP art. 47), whose amount may be 0.00. */
export type LotContracted = Event<
  'LotContracted',
  {
    lotId: string;
    contractId: string;
    supplierId: string;
    amount: Money;
    contractedAt: IsoDateTime;
    openContract?: OpenContractTerms;
  }
>;
/**
 * A consolidated purchase (domain/consolidation.ts): one participating unit signed its own contract for its share of
 * the lot. Once every participant of the lot has, `LotContracted` follows with the lot's whole amount.
 */
export type UnitContractSigned = Event<
  'UnitContractSigned',
  {
    lotId: string;
    contractId: string;
    buyingUnitId: string;
    supplierId: string;
    amount: Money;
    contractedAt: IsoDateTime;
  }
>;
/** One participating unit's contract of a consolidated lot was completed or terminated; the last one closes the lot. */
export type UnitContractClosed = Event<
  'UnitContractClosed',
  {
    lotId: string;
    contractId: string;
    buyingUnitId: string;
    outcome: 'completed' | 'terminated';
    closedAt: IsoDateTime;
  }
>;
/** Every awarded lot has its contract. */
export type TenderContracted = Event<'TenderContracted', { contractedAt: IsoDateTime }>;
export type LotContractClosed = Event<
  'LotContractClosed',
  { lotId: string; contractId: string; outcome: 'completed' | 'terminated'; closedAt: IsoDateTime }
>;
/** Every contract of the tender is completed or terminated. */
export type TenderCompleted = Event<'TenderCompleted', { completedAt: IsoDateTime }>;
export type TenderCancelled = Event<
  'TenderCancelled',
  { reason: string; previousStatus: string; cancelledAt: IsoDateTime }
>;

export type TenderEvent =
  | TenderCreated
  | TenderDraftUpdated
  | TenderPublished
  | EnquiryPeriodEnded
  | SubmissionPeriodEnded
  | ProcedureNumberAssigned
  | QuestionAsked
  | QuestionAnswered
  | ClarificationMinutesPublished
  | TenderAmended
  | SubmissionDeadlineExtended
  | ProposalSubmitted
  | ProposalReplaced
  | ProposalWithdrawn
  | ProposalsOpened
  | ProposalEvaluated
  | EvaluationCompleted
  | AuctionResultRecorded
  | LotDeserted
  | TenderDeserted
  | LotAwarded
  | AwardChallenged
  | ChallengeResolved
  | AwardRevised
  | ObjectionPeriodEnded
  | LotContracted
  | UnitContractSigned
  | UnitContractClosed
  | TenderContracted
  | LotContractClosed
  | TenderCompleted
  | TenderCancelled;

export const TENDER_EVENT_TYPES: ReadonlyArray<TenderEvent['type']> = [
  'TenderCreated',
  'TenderDraftUpdated',
  'TenderPublished',
  'EnquiryPeriodEnded',
  'SubmissionPeriodEnded',
  'ProcedureNumberAssigned',
  'QuestionAsked',
  'QuestionAnswered',
  'ClarificationMinutesPublished',
  'TenderAmended',
  'SubmissionDeadlineExtended',
  'ProposalSubmitted',
  'ProposalReplaced',
  'ProposalWithdrawn',
  'ProposalsOpened',
  'ProposalEvaluated',
  'EvaluationCompleted',
  'AuctionResultRecorded',
  'LotDeserted',
  'TenderDeserted',
  'LotAwarded',
  'AwardChallenged',
  'ChallengeResolved',
  'AwardRevised',
  'ObjectionPeriodEnded',
  'LotContracted',
  'UnitContractSigned',
  'UnitContractClosed',
  'TenderContracted',
  'LotContractClosed',
  'TenderCompleted',
  'TenderCancelled',
];
