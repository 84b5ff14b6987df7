import type { AuctionClosed, AuctionScheduled } from '@licita/auctions';

import type { ContractEvent } from '@licita/tendering';
import type { FieldChange } from '@licita/tendering';
import { lineTotal, type Money } from '@licita/shared';
import { isTenderEvent, publicLotEvaluation, publicOpening, publicStatus, statusAfter } from '@licita/tendering';
import type { AwardBasis, DesertionReason, TenderEvent } from '@licita/tendering';
import type { TenderStatus } from '@licita/tendering';
import type { DocumentRef, LegalJustification, OpenContractTerms, TenderContent } from '@licita/tendering';
import type { FiscalYearShare, MultiYearTerms, SubmissionPeriodRule } from '@licita/tendering';
import type { ImportedOrigin } from './historical-record';
import { tenderRedFlags, type RedFlag } from './red-flags';

/**
 * The public record of one procedure, folded from the events of its tender, its contracts and its auctions
 * (`applyToRecord`). It is safe to store and to serve as it is once `isPublic`:
 * - before the opening act it holds the number of sealed proposals and nothing else about them (the
 *   proposal events name the supplier: that never enters the record); amounts, documents and bidders appear
 *   with the opening act;
 * - questions never say who asked;
 * - a live auction shows only how many take part; names and prices come with its close.
 * A draft is kept (its publication needs the content) but is not public; neither is its direct-award supplier
 * until the award.
 */
export type TenderRecord = Pick<TenderContent, (typeof SAME_AS_CONTENT)[number]> & {
  tenderId: string;
  /**
   * The procedure number (`ProcedureNumberAssigned`: `LA-<unit code>-<sequence>-<year>`, `IA-…`, `AA-…`), searchable;
   * `null` or absent on procedures recorded before numbers.
   */
  number?: string | null;
  /** Published, or (a direct award, which has no call) awarded. */
  isPublic: boolean;
  status: TenderStatus;
  value: Money;
  /** As the call describes them; where each stands is in `lotProgress`. */
  lots: RecordLot[];
  lotProgress: Record<string, LotProgress>;
  /** `supplier`: the one the draft names for every lot; `null` when the award names each lot's supplier (see `awards`). */
  directAward: { supplier: PartyRef | null; justification: LegalJustification } | null;
  invitedSuppliers: number;
  /** The items' classifier codes and every ancestor of them, sorted. */
  classifierCodes: string[];
  createdAt: string;
  /** When the call was published; for a direct award, when it was awarded. */
  publishedAt: string | null;
  /**
   * The legal rule its submission period was checked against at publication (law, version, reference, minimum
   * days, whether the reference was verified) and the minimum that bound it (`appliedMinimumDays`, the policy's
   * when longer), as `TenderPublished` recorded it. Absent before publication and on calls published before the
   * legal calendar existed.
   */
  submissionPeriod?: SubmissionPeriodRule & { appliedMinimumDays: number };
  /** Practice mode: the factor its periods are shortened by (`1440`: a day lasts a minute). Absent in real time. */
  timeAcceleration?: number;
  clarifications: Clarification[];
  /** Absent on records folded before clarification minutes existed. */
  clarificationMinutes?: ClarificationMinutes[];
  amendments: Amendment[];
  /** Sealed proposals standing now (before the opening act), then the proposals opened. */
  proposalsReceived: number;
  /** Ids of the sealed proposals standing, to count withdrawals; emptied at the opening act. Ids name no one. */
  sealedProposalIds: string[];
  /** The opening act in brief; the act itself (every proposal revealed) is `openingAct`, stored apart. */
  opening: OpeningSummary | null;
  /** When the evaluation closed; its outcome per lot is `evaluationOutcome`, stored apart (written once). */
  evaluation: { completedAt: string } | null;
  auctions: AuctionRecord[];
  awards: AwardRecord[];
  challenges: ChallengeRecord[];
  contracts: ContractRecord[];
  cancellation: { reason: string; cancelledAt: string } | null;
  closedAt: string | null;
  redFlags: RedFlag[];
  /** Set on a record imported from another system's files (historical-record.ts); absent on the platform's own. */
  origin?: ImportedOrigin;
};

export type PartyRef = { id: string; name: string | null };

export type RecordItem = {
  itemId: string;
  classifierCode: string;
  /** The code's top-level ancestor (its CPV division); the code itself when it has none. */
  division: string;
  description: string;
  quantity: number;
  unit: string;
  unitValue: Money;
  estimatedValue: Money;
};

export type LotStatus = 'active' | 'open' | 'auction' | 'awarded' | 'deserted' | 'contracted' | 'closed';

export type RecordLot = {
  lotId: string;
  title: string;
  value: Money;
  items: RecordItem[];
  /** An open contract (LAASSP art. 47): may be awarded and contracted for 0.00. Absent on other lots. */
  openContract?: OpenContractTerms;
};

export type LotProgress = { status: LotStatus; desertionReason: DesertionReason | null };

export type Clarification = {
  questionId: string;
  lotId: string | null;
  question: string;
  askedAt: string;
  answer: string | null;
  answeredAt: string | null;
  /** Published with the answer; absent when it carries none. */
  documents?: DocumentRef[];
};

/** The minutes of a clarification meeting (junta de aclaraciones), with their documents. */
export type ClarificationMinutes = {
  minutesId: string;
  heldAt: string;
  summary: string;
  documents: DocumentRef[];
  publishedAt: string;
};

export type Amendment = {
  amendmentId: string;
  reason: string;
  amendedAt: string;
  changes: FieldChange[];
  /** The submission deadline in force when the amendment was made, and how many days before it that was. */
  deadlineBefore: string | null;
  daysBeforeDeadline: number | null;
  deadlineExtendedTo: string | null;
};

/** `supplierIds`: who bid, public from the opening act on (a search by supplier finds the procedures they bid in). */
export type OpeningSummary = { openedAt: string; bidders: number; proposals: number; supplierIds: string[] };

/** The opening act as the public reads it: every proposal revealed, with its bidder, offers and documents. */
export type Opening = {
  openedAt: string;
  bidders: number;
  proposals: Array<{
    proposalId: string;
    supplier: PartyRef;
    submittedAt: string;
    commitment: string;
    lotIds: string[];
    offers: Array<{ lotId: string; value: Money; items: Array<{ itemId: string; unitPrice: number }> }>;
    documents: Array<DocumentRef & { kind: string }>;
    /** Lots whose offers stay sealed until their auction closes (they appear in the auction's result). */
    sealedUntilAuction?: string[];
    /** Who signed the proposal with e.firma (name, RFC and certificate serial), when it was signed. */
    signer?: { name: string; rfc: string; serialNumber: string };
  }>;
};

export type LotEvaluation = {
  lotId: string;
  goesToAuction: boolean;
  ranking: Array<{
    rank: number;
    proposalId: string;
    supplier: PartyRef;
    value: Money;
    technicalPoints: number | null;
    score: number | null;
  }>;
  nonCompliant: Array<{ proposalId: string; supplier: PartyRef; reasons: string[] }>;
};

export type AuctionRecord = {
  auctionId: string;
  lotId: string;
  status: 'scheduled' | 'closed';
  startsAt: string;
  endsAt: string;
  participants: number;
  closedAt: string | null;
  /** With the close: names revealed, best first. */
  ranking: Array<{ rank: number; supplier: PartyRef; openingPrice: Money; finalPrice: Money; bids: number }>;
  bestOpeningPrice: Money | null;
  finalPrice: Money | null;
  savings: { amount: Money; basisPoints: number } | null;
};

export type AwardStatus = 'active' | 'revised' | 'annulled' | 'cancelled';

export type AwardRecord = {
  lotId: string;
  supplier: PartyRef;
  value: Money;
  basis: AwardBasis;
  auctionId: string | null;
  awardedAt: string;
  objectionPeriodEndsAt: string | null;
  /** `active` until a challenge revises it, annuls it (desertion) or the procedure is cancelled. */
  status: AwardStatus;
  /** When the winner entered the supplier register (for the red flag on recent registrations). */
  supplierRegisteredAt: string | null;
};

export type ChallengeRecord = {
  challengeId: string;
  lotId: string;
  supplier: PartyRef;
  grounds: string;
  challengedAt: string;
  resolution: { upheld: boolean; reason: string; resolvedAt: string } | null;
};

export type ContractRecord = {
  contractId: string;
  lotId: string;
  supplier: PartyRef;
  originalValue: Money;
  value: Money;
  startDate: string | null;
  endDate: string | null;
  signedAt: string;
  directAward: boolean;
  status: 'active' | 'completed' | 'terminated';
  amendments: Array<{
    amendmentId: string;
    reason: string;
    amendedAt: string;
    changes: FieldChange[];
    value: Money;
    endDate: string;
    documents?: DocumentRef[];
  }>;
  /** The signed contract and its annexes; absent when none were attached. */
  documents?: DocumentRef[];
  termination: { kind: string; reason: string } | null;
  /** An open contract (LAASSP art. 47), whose amount may be 0.00; absent on every other contract. */
  openContract?: OpenContractTerms;
  closedAt: string | null;
  /**
   * A multi-year contract (plurianual): its amount per fiscal year as signed or last amended (`null` for an imported
   * contract, whose source flags it without the years) and SHCP's portfolio key. Absent on any other contract.
   */
  multiYear?: { fiscalYears: FiscalYearShare[] | null; portfolioKey: string | null };
  /** A consolidated purchase's contract: the participating unit that signed it (platform procedures). */
  buyingUnitId?: string;
  /** An imported contract its source flags as from a consolidated purchase (CompraNet `COMPRA_CONSOLIDADA`). */
  consolidatedPurchase?: true;
};

/** What an event of another stream (contract, auction) needs, or of the register, looked up by the projection. */
/** `registeredAt` is `null` for a supplier known only from imported history (it never entered the register). */
export type SupplierInfo = { name: string; registeredAt: string | null };

export interface FoldContext {
  supplier(supplierId: string): SupplierInfo | undefined;
  /** Ancestors of a classifier code, top level first (empty when unknown or top level). */
  ancestors(code: string): string[];
}

/** An event as the fold takes it: type, data and when it happened (the metadata's `occurredAt`). */
export type RecordEvent = { type: string; data: Record<string, unknown>; occurredAt: string };

export type AuctionEvent = AuctionScheduled | AuctionClosed;

/**
 * Applies one event of the tender's stream, of one of its contracts or of one of its auctions. Returns the
 * same record when the event changes nothing public (the projection then records no change). Its red flags
 * are brought up to date by `withRedFlags` (once per batch: they depend on the record alone).
 */
export function applyToRecord(
  record: TenderRecord | null,
  event: RecordEvent,
  context: FoldContext,
): TenderRecord | null {
  if (event.type === 'TenderCreated') return record ?? created(event.data as TenderCreatedData, context);
  if (record === null) return null;
  return withPublicStatus(apply(record, event, context), record.status, event);
}

/** The procedure's status by the one rule: `statusAfter` the event, then `publicStatus` when it happened. */
function withPublicStatus(next: TenderRecord, before: TenderStatus, event: RecordEvent): TenderRecord {
  const after = isTenderEvent(event) ? statusAfter(before, event) : before;
  const status = publicStatus({ status: after, schedule: next.schedule }, new Date(event.occurredAt));
  return status === next.status ? next : { ...next, status };
}

export const withRedFlags = (record: TenderRecord): TenderRecord => ({ ...record, redFlags: tenderRedFlags(record) });

type TenderCreatedData = Extract<TenderEvent, { type: 'TenderCreated' }>['data'];
type DataOf<T extends TenderEvent['type']> = Extract<TenderEvent, { type: T }>['data'];

function created({ tenderId, content, createdAt }: TenderCreatedData, context: FoldContext): TenderRecord {
  const empty: Partial<TenderRecord> = {
    tenderId,
    isPublic: false,
    status: 'draft',
    createdAt,
    publishedAt: null,
    clarifications: [],
    clarificationMinutes: [],
    amendments: [],
    proposalsReceived: 0,
    sealedProposalIds: [],
    opening: null,
    evaluation: null,
    auctions: [],
    awards: [],
    challenges: [],
    contracts: [],
    cancellation: null,
    closedAt: null,
    redFlags: [],
  };
  // The content fields (title, lots, value, …) come from the full content of the creation, next.
  return withContent(empty as TenderRecord, content, context);
}

/** The data of each event the record folds, by its type: the tender's, its contracts' and its auctions'. */
type FoldedData = { [E in TenderEvent | ContractEvent | AuctionEvent as E['type']]: E['data'] };
type FoldedType = keyof FoldedData;
type Fold<T extends FoldedType> = (record: TenderRecord, data: FoldedData[T], context: FoldContext) => TenderRecord;
/** One fold per event type; a type without one changes nothing in the record (the same record back). */
type Folds = { [T in FoldedType]?: Fold<T> };

function apply(record: TenderRecord, event: RecordEvent, context: FoldContext): TenderRecord {
  if (!isFolded(event.type)) return record;
  return fold(record, event.type, event.data as FoldedData[FoldedType], context);
}

const isFolded = (type: string): type is FoldedType => Object.hasOwn(FOLDS, type);

function fold<T extends FoldedType>(
  record: TenderRecord,
  type: T,
  data: FoldedData[T],
  context: FoldContext,
): TenderRecord {
  const step: Fold<T> | undefined = FOLDS[type];
  return step ? step(record, data, context) : record;
}

const party = (context: FoldContext, supplierId: string): PartyRef => ({
  id: supplierId,
  name: context.supplier(supplierId)?.name ?? null,
});

const money = (record: TenderRecord, amount: number): Money => ({ amount, currency: record.currency });

// The status is not set here: `applyToRecord` sets it by the rule every screen shares (`withPublicStatus`).
// A fold that changes nothing but the status returns a copy, so the projection records the change.

/** The call: its content, publication, enquiries and amendments. */
const CALL_FOLDS: Folds = {
  TenderDraftUpdated: (record, { changes }, context) => withContent(record, changes, context),
  TenderPublished: (record, { publishedAt, schedule, submissionPeriod, timeAcceleration }) => ({
    ...record,
    isPublic: true,
    publishedAt,
    schedule,
    ...(submissionPeriod === undefined ? {} : { submissionPeriod }),
    ...(timeAcceleration === undefined ? {} : { timeAcceleration }),
  }),
  EnquiryPeriodEnded: (record) => ({ ...record }),
  SubmissionPeriodEnded: (record) => ({ ...record }),
  ProcedureNumberAssigned: (record, { number }) => ({ ...record, number }),
  // `askedBy` stays out: the asker is anonymous to the public.
  QuestionAsked: (record, { questionId, lotId, text, askedAt }) => ({
    ...record,
    clarifications: [
      ...record.clarifications,
      { questionId, lotId, question: text, askedAt, answer: null, answeredAt: null },
    ],
  }),
  QuestionAnswered: (record, { questionId, answer, answeredAt, documents }) => ({
    ...record,
    clarifications: record.clarifications.map((q) =>
      q.questionId === questionId ? { ...q, answer, answeredAt, ...(documents ? { documents } : {}) } : q,
    ),
  }),
  ClarificationMinutesPublished: (record, { tenderId: _t, ...minutes }) => ({
    ...record,
    clarificationMinutes: [...(record.clarificationMinutes ?? []), minutes],
  }),
  TenderAmended: tenderAmended,
  SubmissionDeadlineExtended: (record, { amendmentId, submissionDeadline, openingDate, awardDate }) => ({
    ...record,
    schedule: record.schedule && { ...record.schedule, submissionDeadline, openingDate, awardDate },
    amendments: record.amendments.map((a) =>
      a.amendmentId === amendmentId ? { ...a, deadlineExtendedTo: submissionDeadline } : a,
    ),
  }),
};

function tenderAmended(
  record: TenderRecord,
  { amendmentId, reason, changes, amended, amendedAt }: FoldedData['TenderAmended'],
  context: FoldContext,
): TenderRecord {
  const deadlineBefore = record.schedule?.submissionDeadline ?? null;
  const amendment: Amendment = {
    amendmentId,
    reason,
    amendedAt,
    changes,
    deadlineBefore,
    daysBeforeDeadline:
      deadlineBefore === null
        ? null
        : Math.round(((Date.parse(deadlineBefore) - Date.parse(amendedAt)) / 86_400_000) * 10) / 10,
    deadlineExtendedTo: null,
  };
  return { ...withContent(record, amended, context), amendments: [...record.amendments, amendment] };
}

/** Proposals (sealed, then opened) and their evaluation. */
const PROPOSAL_FOLDS: Folds = {
  ProposalSubmitted: (record, { proposalId }) => sealed(record, proposalId),
  ProposalReplaced: (record, { proposalId }) => sealed(record, proposalId),
  ProposalWithdrawn: (record, { proposalId }) => {
    const sealedProposalIds = record.sealedProposalIds.filter((id) => id !== proposalId);
    return { ...record, sealedProposalIds, proposalsReceived: sealedProposalIds.length };
  },
  ProposalsOpened: (record, { openedAt, proposals }) => {
    const opening = {
      openedAt,
      bidders: new Set(proposals.map((p) => p.supplierId)).size,
      proposals: proposals.length,
      supplierIds: [...new Set(proposals.map((p) => p.supplierId))].sort(),
    };
    const lotProgress = Object.fromEntries(
      record.lots.map((lot) => [lot.lotId, { status: 'open' as const, desertionReason: null }]),
    );
    return { ...record, opening, lotProgress, sealedProposalIds: [], proposalsReceived: proposals.length };
  },
  ProposalEvaluated: (record) => ({ ...record }),
  EvaluationCompleted: (record, { completedAt, lots }) => {
    let next: TenderRecord = { ...record, evaluation: { completedAt } };
    for (const lot of lots) next = updateLot(next, lot.lotId, { status: lot.goesToAuction ? 'auction' : 'open' });
    return next;
  },
  AuctionResultRecorded: (record) => ({ ...record }), // nothing new in the record but a step of its timeline
};

/** Sealed: only the id is kept, to count; the supplier named by the event never enters the record. */
function sealed(record: TenderRecord, proposalId: string): TenderRecord {
  const sealedProposalIds = record.sealedProposalIds.includes(proposalId)
    ? record.sealedProposalIds
    : [...record.sealedProposalIds, proposalId];
  return { ...record, sealedProposalIds, proposalsReceived: sealedProposalIds.length };
}

/** Awards, their challenges and revisions, and desertion. */
const AWARD_FOLDS: Folds = {
  ObjectionPeriodEnded: (record) => ({ ...record }), // nothing new in the record but a step of its timeline
  LotDeserted: (record, { lotId, reason }) => {
    const awards = record.awards.map((a) =>
      a.lotId === lotId && a.status === 'active' ? { ...a, status: 'annulled' as const } : a,
    );
    return { ...updateLot(record, lotId, { status: 'deserted', desertionReason: reason }), awards };
  },
  TenderDeserted: (record, { desertedAt }) => ({ ...record, closedAt: desertedAt }),
  LotAwarded: lotAwarded,
  AwardChallenged: (record, { challengeId, lotId, supplierId, grounds, challengedAt }, context) => ({
    ...record,
    challenges: [
      ...record.challenges,
      { challengeId, lotId, supplier: party(context, supplierId), grounds, challengedAt, resolution: null },
    ],
  }),
  ChallengeResolved: (record, { challengeId, upheld, reason, resolvedAt }) => ({
    ...record,
    challenges: record.challenges.map((c) =>
      c.challengeId === challengeId ? { ...c, resolution: { upheld, reason, resolvedAt } } : c,
    ),
  }),
  AwardRevised: awardRevised,
};

function lotAwarded(record: TenderRecord, data: FoldedData['LotAwarded'], context: FoldContext): TenderRecord {
  const award: AwardRecord = {
    lotId: data.lotId,
    supplier: party(context, data.supplierId),
    value: data.amount,
    basis: data.basis,
    auctionId: data.auctionId,
    awardedAt: data.awardedAt,
    objectionPeriodEndsAt: data.objectionPeriodEndsAt,
    status: 'active',
    supplierRegisteredAt: context.supplier(data.supplierId)?.registeredAt ?? null,
  };
  const next = updateLot(record, data.lotId, { status: 'awarded' });
  // A direct award has no call: it becomes public with its award.
  const publishedAt = record.publishedAt ?? data.awardedAt;
  return { ...next, isPublic: true, publishedAt, awards: [...record.awards, award] };
}

function awardRevised(record: TenderRecord, data: FoldedData['AwardRevised'], context: FoldContext): TenderRecord {
  const previous = record.awards.find((a) => a.lotId === data.lotId && a.status === 'active');
  const revised: AwardRecord = {
    lotId: data.lotId,
    supplier: party(context, data.supplierId),
    value: data.amount,
    basis: previous?.basis ?? 'evaluation',
    auctionId: previous?.auctionId ?? null,
    awardedAt: data.revisedAt,
    objectionPeriodEndsAt: data.objectionPeriodEndsAt,
    status: 'active',
    supplierRegisteredAt: context.supplier(data.supplierId)?.registeredAt ?? null,
  };
  const awards = record.awards.map((a) => (a === previous ? { ...a, status: 'revised' as const } : a));
  return { ...record, awards: [...awards, revised] };
}

/** How the procedure ends: its lots contracted and closed, or its cancellation. */
const CLOSING_FOLDS: Folds = {
  LotContracted: (record, { lotId, contractId, supplierId, amount, contractedAt, openContract }, context) => {
    const next = updateLot(record, lotId, { status: 'contracted' });
    if (record.contracts.some((c) => c.contractId === contractId)) return next;
    const directAward = record.procedureType === 'direct_award';
    const contract = newContract(contractId, lotId, party(context, supplierId), amount, contractedAt, directAward);
    return { ...next, contracts: [...record.contracts, { ...contract, ...(openContract ? { openContract } : {}) }] };
  },
  TenderContracted: (record) => ({ ...record }),
  LotContractClosed: (record, { lotId }) => updateLot(record, lotId, { status: 'closed' }),
  TenderCompleted: (record, { completedAt }) => ({ ...record, closedAt: completedAt }),
  TenderCancelled: (record, { reason, cancelledAt }) => {
    const awards = record.awards.map((a) => (a.status === 'active' ? { ...a, status: 'cancelled' as const } : a));
    return { ...record, cancellation: { reason, cancelledAt }, closedAt: cancelledAt, awards };
  },
};

/** The events of the procedure's contracts' streams. */
const CONTRACT_FOLDS: Folds = {
  ContractSigned: contractSigned,
  ContractAmended: (record, data) => {
    const contract = record.contracts.find((c) => c.contractId === data.contractId);
    if (!contract) return record;
    const amendment = {
      amendmentId: data.amendmentId,
      reason: data.reason,
      amendedAt: data.amendedAt,
      changes: data.changes,
      value: data.amount,
      endDate: data.endDate,
      ...(data.documents ? { documents: data.documents } : {}),
    };
    return upsertContract(record, {
      ...contract,
      value: data.amount,
      endDate: data.endDate,
      amendments: [...contract.amendments, amendment],
      ...(data.multiYear ? { multiYear: publicMultiYear(data.multiYear) } : {}),
    });
  },
  ContractCompleted: (record, { contractId, completedAt }) => {
    const contract = record.contracts.find((c) => c.contractId === contractId);
    return contract ? upsertContract(record, { ...contract, status: 'completed', closedAt: completedAt }) : record;
  },
  ContractTerminated: (record, data) => {
    const contract = record.contracts.find((c) => c.contractId === data.contractId);
    if (!contract) return record;
    return upsertContract(record, {
      ...contract,
      status: 'terminated',
      closedAt: data.terminatedAt,
      termination: { kind: data.kind, reason: data.reason },
    });
  },
};

function contractSigned(record: TenderRecord, data: FoldedData['ContractSigned'], context: FoldContext): TenderRecord {
  const existing = record.contracts.find((c) => c.contractId === data.contractId);
  const contract: ContractRecord = {
    ...(existing ??
      newContract(
        data.contractId,
        data.lotId,
        party(context, data.supplierId),
        data.amount,
        data.signedAt,
        data.directAward,
      )),
    originalValue: data.amount,
    value: existing?.amendments.length ? existing.value : data.amount,
    startDate: data.startDate,
    endDate: data.endDate,
    signedAt: data.signedAt,
    directAward: data.directAward,
    ...(data.documents ? { documents: data.documents } : {}),
    ...(data.openContract ? { openContract: data.openContract } : {}),
    ...(data.multiYear && !existing?.multiYear ? { multiYear: publicMultiYear(data.multiYear) } : {}),
    ...(data.buyingUnitId !== record.buyingUnitId ? { buyingUnitId: data.buyingUnitId } : {}),
  };
  return upsertContract(record, contract);
}

const publicMultiYear = ({ fiscalYears, portfolioKey }: MultiYearTerms): NonNullable<ContractRecord['multiYear']> => ({
  fiscalYears,
  portfolioKey: portfolioKey ?? null,
});

/** The events of the lots' auctions' streams. */
const AUCTION_FOLDS: Folds = {
  AuctionScheduled: (record, data) =>
    upsertAuction(record, {
      auctionId: data.auctionId,
      lotId: data.lotId,
      status: 'scheduled',
      startsAt: data.startsAt,
      endsAt: data.endsAt,
      participants: data.participants.length,
      closedAt: null,
      ranking: [],
      bestOpeningPrice: null,
      finalPrice: null,
      savings: null,
    }),
  AuctionClosed: auctionClosed,
};

function auctionClosed(record: TenderRecord, data: AuctionClosed['data'], context: FoldContext): TenderRecord {
  const scheduled = record.auctions.find((a) => a.auctionId === data.auctionId);
  const auction: AuctionRecord = {
    auctionId: data.auctionId,
    lotId: data.lotId,
    status: 'closed',
    startsAt: scheduled?.startsAt ?? data.endsAt,
    endsAt: data.endsAt,
    participants: data.ranking.length,
    closedAt: data.closedAt,
    ranking: data.ranking.map((r) => ({
      rank: r.rank,
      supplier: { id: r.bidderId, name: context.supplier(r.bidderId)?.name ?? r.name },
      openingPrice: money(record, r.openingPrice),
      finalPrice: money(record, r.finalPrice),
      bids: r.bids,
    })),
    bestOpeningPrice: money(record, data.bestOpeningPrice),
    finalPrice: money(record, data.finalPrice),
    savings: { amount: money(record, data.savings.amount), basisPoints: data.savings.basisPoints },
  };
  return upsertAuction(record, auction);
}

const FOLDS: Folds = {
  ...CALL_FOLDS,
  ...PROPOSAL_FOLDS,
  ...AWARD_FOLDS,
  ...CLOSING_FOLDS,
  ...CONTRACT_FOLDS,
  ...AUCTION_FOLDS,
};

/** The opening act of a `ProposalsOpened` event, for the public: each proposal with its bidder named. */
export function openingAct(data: DataOf<'ProposalsOpened'>, context: FoldContext): Opening {
  return {
    openedAt: data.openedAt,
    bidders: new Set(data.proposals.map((p) => p.supplierId)).size,
    // In a tender with a reverse auction the act is stored without its offers (domain rule of tendering).
    proposals: publicOpening(data).map((p) => ({
      proposalId: p.proposalId,
      supplier: { id: p.supplierId, name: context.supplier(p.supplierId)?.name ?? null },
      submittedAt: p.submittedAt,
      commitment: p.commitment,
      lotIds: p.lotIds,
      offers: p.offers.map((offer) => ({
        lotId: offer.lotId,
        value: offer.amount,
        items: p.content?.lots.find((lot) => lot.lotId === offer.lotId)?.items ?? [],
      })),
      documents: p.content?.documents ?? [],
      ...(p.sealedLotIds ? { sealedUntilAuction: p.sealedLotIds } : {}),
      ...(p.signer ? { signer: { name: p.signer.name, rfc: p.signer.rfc, serialNumber: p.signer.serialNumber } } : {}),
    })),
  };
}

/** The outcome of the evaluation of each lot, for the public: rankings and the non-compliant proposals, named. */
export function evaluationOutcome(
  data: DataOf<'EvaluationCompleted'>,
  context: FoldContext,
): { completedAt: string; lots: LotEvaluation[] } {
  const party = (supplierId: string): PartyRef => ({
    id: supplierId,
    name: context.supplier(supplierId)?.name ?? null,
  });
  return {
    completedAt: data.completedAt,
    lots: data.lots
      .map((evaluated) => publicLotEvaluation(evaluated, data.offersSealedUntilAuction))
      .map((lot) => ({
        lotId: lot.lotId,
        goesToAuction: lot.goesToAuction,
        ranking: lot.ranking.map((r) => ({
          rank: r.rank,
          proposalId: r.proposalId,
          supplier: party(r.supplierId),
          value: r.amount,
          technicalPoints: r.technicalPoints,
          score: r.score,
        })),
        nonCompliant: lot.nonCompliant.map((n) => ({
          proposalId: n.proposalId,
          supplier: party(n.supplierId),
          reasons: n.reasons,
        })),
      })),
  };
}

/** The content fields of the call that the record holds as they are, under the same names. */
export const CALL_CONTENT_FIELDS = [
  'buyingUnitId',
  'title',
  'description',
  'category',
  'procedureType',
  'awardCriterion',
  'reverseAuction',
  'currency',
  'documents',
  'periodReduction',
  'federalFunds',
  'consolidation',
] as const satisfies ReadonlyArray<keyof TenderContent>;

/** Those, and the schedule (kept apart from the call: extensions and amendments move it). */
const SAME_AS_CONTENT = [...CALL_CONTENT_FIELDS, 'schedule'] as const;

/** Those of `SAME_AS_CONTENT` that `content` gives. */
function sameAsContent(
  content: Partial<TenderContent>,
): Partial<Pick<TenderContent, (typeof SAME_AS_CONTENT)[number]>> {
  return Object.fromEntries(
    SAME_AS_CONTENT.flatMap((key) => (content[key] === undefined ? [] : [[key, content[key]]])),
  );
}

/** Applies content fields (a draft's, or an amendment's `amended`) to the record. */
function withContent(record: TenderRecord, content: Partial<TenderContent>, context: FoldContext): TenderRecord {
  const next: TenderRecord = { ...record, ...sameAsContent(content) };
  if (content.estimatedTotal !== undefined) next.value = content.estimatedTotal;
  if (content.invitedSupplierIds !== undefined) next.invitedSuppliers = content.invitedSupplierIds.length;
  if (content.directAward !== undefined) {
    const terms = content.directAward;
    next.directAward = terms && {
      supplier: terms.supplierId
        ? { id: terms.supplierId, name: context.supplier(terms.supplierId)?.name ?? null }
        : null,
      justification: terms.justification,
    };
  }
  if (content.lots !== undefined) {
    const currency = next.currency;
    next.lotProgress = Object.fromEntries(
      content.lots.map((lot) => [
        lot.lotId,
        record.lotProgress?.[lot.lotId] ?? { status: 'active', desertionReason: null },
      ]),
    );
    next.lots = content.lots.map((lot) => {
      return {
        lotId: lot.lotId,
        title: lot.title,
        value: lot.estimatedValue,
        ...(lot.openContract ? { openContract: lot.openContract } : {}),
        items: lot.items.map((item) => ({
          itemId: item.itemId,
          classifierCode: item.classifierCode,
          division: context.ancestors(item.classifierCode)[0] ?? item.classifierCode,
          description: item.description,
          quantity: item.quantity,
          unit: item.unit,
          unitValue: { amount: item.estimatedUnitPrice, currency },
          estimatedValue: { amount: lineTotal(item.quantity, item.estimatedUnitPrice), currency },
        })),
      };
    });
    const codes = next.lots.flatMap((lot) => lot.items.map((item) => item.classifierCode));
    next.classifierCodes = [...new Set(codes.flatMap((code) => [...context.ancestors(code), code]))].sort();
  }
  return next;
}

function newContract(
  contractId: string,
  lotId: string,
  supplier: PartyRef,
  amount: Money,
  signedAt: string,
  directAward: boolean,
): ContractRecord {
  return {
    contractId,
    lotId,
    supplier,
    originalValue: amount,
    value: amount,
    startDate: null,
    endDate: null,
    signedAt,
    directAward,
    status: 'active',
    amendments: [],
    termination: null,
    closedAt: null,
  };
}

function upsertContract(record: TenderRecord, contract: ContractRecord): TenderRecord {
  return { ...record, contracts: upserted(record.contracts, contract, 'contractId') };
}

function upsertAuction(record: TenderRecord, auction: AuctionRecord): TenderRecord {
  return { ...record, auctions: upserted(record.auctions, auction, 'auctionId') };
}

/** `list` with `item` in the place of the entry of the same `key`, or at its end when there is none. */
function upserted<T>(list: T[], item: T, key: keyof T): T[] {
  return list.some((entry) => entry[key] === item[key])
    ? list.map((entry) => (entry[key] === item[key] ? item : entry))
    : [...list, item];
}

function updateLot(record: TenderRecord, lotId: string, change: Partial<LotProgress>): TenderRecord {
  const current = record.lotProgress[lotId];
  return current ? { ...record, lotProgress: { ...record.lotProgress, [lotId]: { ...current, ...change } } } : record;
}

/** The awards that stand (not revised, annulled or cancelled). */
export const activeAwards = (record: TenderRecord): AwardRecord[] =>
  record.awards.filter((award) => award.status === 'active');

/**
 * Shares `total` among `weights` in proportion, in integers: each share rounded down, the remainder to the
 * last non-zero weight (or the last one), so the shares always add up to `total`.
 */
export function apportion(total: number, weights: number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === weights.length - 1 ? total : 0));
  const shares = weights.map((weight) => Number((BigInt(total) * BigInt(weight)) / BigInt(sum)));
  const rest = total - shares.reduce((a, b) => a + b, 0);
  const last = weights.reduce((at, weight, i) => (weight > 0 ? i : at), weights.length - 1);
  shares[last] += rest;
  return shares;
}
