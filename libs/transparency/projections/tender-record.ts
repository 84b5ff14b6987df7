import type { AuctionClosed, AuctionScheduled } from '@licita/auctions';

import type { ContractEvent } from '@licita/tendering';
import type { FieldChange } from '@licita/tendering';
import { lineTotal, type Money } from '@licita/shared';
import { isTenderEvent, publicStatus, statusAfter } from '@licita/tendering';
import type { AwardBasis, DesertionReason, TenderEvent } from '@licita/tendering';
import type { TenderStatus } from '@licita/tendering';
import type {
  AwardCriterion,
  DocumentRef,
  LegalJustification,
  ProcedureType,
  ProcurementCategory,
  TenderContent,
  TenderSchedule,
} from '@licita/tendering';
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
export type TenderRecord = {
  tenderId: string;
  /** Published, or (a direct award, which has no call) awarded. */
  isPublic: boolean;
  status: TenderStatus;
  buyingUnitId: string;
  title: string;
  description: string;
  category: ProcurementCategory;
  procedureType: ProcedureType;
  awardCriterion: AwardCriterion;
  reverseAuction: boolean;
  currency: string;
  value: Money;
  /** As the call describes them; where each stands is in `lotProgress`. */
  lots: RecordLot[];
  lotProgress: Record<string, LotProgress>;
  documents: DocumentRef[];
  schedule: TenderSchedule | null;
  periodReduction: { justification: string } | null;
  directAward: { supplier: PartyRef; justification: LegalJustification } | null;
  invitedSuppliers: number;
  /** The items' classifier codes and every ancestor of them, sorted. */
  classifierCodes: string[];
  createdAt: string;
  /** When the call was published; for a direct award, when it was awarded. */
  publishedAt: string | null;
  clarifications: Clarification[];
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
};

export type LotProgress = { status: LotStatus; desertionReason: DesertionReason | null };

export type Clarification = {
  questionId: string;
  lotId: string | null;
  question: string;
  askedAt: string;
  answer: string | null;
  answeredAt: string | null;
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

export type OpeningSummary = { openedAt: string; bidders: number; proposals: number };

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
  }>;
  termination: { kind: string; reason: string } | null;
  closedAt: string | null;
};

/** What an event of another stream (contract, auction) needs, or of the register, looked up by the projection. */
export type SupplierInfo = { name: string; registeredAt: string };

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
type ContractDataOf<T extends ContractEvent['type']> = Extract<ContractEvent, { type: T }>['data'];

function created({ tenderId, content, createdAt }: TenderCreatedData, context: FoldContext): TenderRecord {
  const empty: Partial<TenderRecord> = {
    tenderId,
    isPublic: false,
    status: 'draft',
    createdAt,
    publishedAt: null,
    clarifications: [],
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

function apply(record: TenderRecord, event: RecordEvent, context: FoldContext): TenderRecord {
  const party = (supplierId: string): PartyRef => ({
    id: supplierId,
    name: context.supplier(supplierId)?.name ?? null,
  });
  const money = (amount: number): Money => ({ amount, currency: record.currency });
  switch (event.type) {
    case 'TenderDraftUpdated':
      return withContent(record, (event.data as DataOf<'TenderDraftUpdated'>).changes, context);
    case 'TenderPublished': {
      const { publishedAt, schedule } = event.data as DataOf<'TenderPublished'>;
      return { ...record, isPublic: true, status: 'active.enquiries', publishedAt, schedule };
    }
    case 'EnquiryPeriodEnded':
      return { ...record, status: record.status === 'active.enquiries' ? 'active.tendering' : record.status };
    case 'QuestionAsked': {
      // `askedBy` stays out: the asker is anonymous to the public.
      const { questionId, lotId, text, askedAt } = event.data as DataOf<'QuestionAsked'>;
      return {
        ...record,
        clarifications: [
          ...record.clarifications,
          { questionId, lotId, question: text, askedAt, answer: null, answeredAt: null },
        ],
      };
    }
    case 'QuestionAnswered': {
      const { questionId, answer, answeredAt } = event.data as DataOf<'QuestionAnswered'>;
      return {
        ...record,
        clarifications: record.clarifications.map((q) =>
          q.questionId === questionId ? { ...q, answer, answeredAt } : q,
        ),
      };
    }
    case 'TenderAmended': {
      const { amendmentId, reason, changes, amended, amendedAt } = event.data as DataOf<'TenderAmended'>;
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
    case 'SubmissionDeadlineExtended': {
      const { amendmentId, submissionDeadline, openingDate, awardDate } =
        event.data as DataOf<'SubmissionDeadlineExtended'>;
      return {
        ...record,
        schedule: record.schedule && { ...record.schedule, submissionDeadline, openingDate, awardDate },
        amendments: record.amendments.map((a) =>
          a.amendmentId === amendmentId ? { ...a, deadlineExtendedTo: submissionDeadline } : a,
        ),
      };
    }
    case 'ProposalSubmitted':
    case 'ProposalReplaced': {
      // Sealed: only the id is kept, to count; the supplier named by the event never enters the record.
      const { proposalId } = event.data as DataOf<'ProposalSubmitted'>;
      const sealedProposalIds = record.sealedProposalIds.includes(proposalId)
        ? record.sealedProposalIds
        : [...record.sealedProposalIds, proposalId];
      return { ...record, sealedProposalIds, proposalsReceived: sealedProposalIds.length };
    }
    case 'ProposalWithdrawn': {
      const sealedProposalIds = record.sealedProposalIds.filter((id) => id !== event.data.proposalId);
      return { ...record, sealedProposalIds, proposalsReceived: sealedProposalIds.length };
    }
    case 'ProposalsOpened': {
      const { openedAt, proposals } = event.data as DataOf<'ProposalsOpened'>;
      const opening = {
        openedAt,
        bidders: new Set(proposals.map((p) => p.supplierId)).size,
        proposals: proposals.length,
      };
      const lotProgress = Object.fromEntries(
        record.lots.map((lot) => [lot.lotId, { status: 'open' as const, desertionReason: null }]),
      );
      return {
        ...record,
        status: 'opened',
        opening,
        lotProgress,
        sealedProposalIds: [],
        proposalsReceived: proposals.length,
      };
    }
    case 'ProposalEvaluated':
      return { ...record, status: 'evaluation' };
    case 'EvaluationCompleted': {
      const { completedAt, lots } = event.data as DataOf<'EvaluationCompleted'>;
      let next: TenderRecord = { ...record, evaluation: { completedAt } };
      for (const lot of lots) next = updateLot(next, lot.lotId, { status: lot.goesToAuction ? 'auction' : 'open' });
      return { ...next, status: lots.some((lot) => lot.goesToAuction) ? 'auction' : 'evaluation' };
    }
    case 'AuctionResultRecorded':
    case 'ObjectionPeriodEnded':
      return { ...record }; // nothing new in the record but a step of its timeline
    case 'LotDeserted': {
      const { lotId, reason } = event.data as DataOf<'LotDeserted'>;
      const awards = record.awards.map((a) =>
        a.lotId === lotId && a.status === 'active' ? { ...a, status: 'annulled' as const } : a,
      );
      return { ...updateLot(record, lotId, { status: 'deserted', desertionReason: reason }), awards };
    }
    case 'TenderDeserted':
      return { ...record, status: 'deserted', closedAt: (event.data as DataOf<'TenderDeserted'>).desertedAt };
    case 'LotAwarded': {
      const data = event.data as DataOf<'LotAwarded'>;
      const award: AwardRecord = {
        lotId: data.lotId,
        supplier: party(data.supplierId),
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
      return { ...next, isPublic: true, publishedAt, status: 'awarded', awards: [...record.awards, award] };
    }
    case 'AwardChallenged': {
      const { challengeId, lotId, supplierId, grounds, challengedAt } = event.data as DataOf<'AwardChallenged'>;
      return {
        ...record,
        challenges: [
          ...record.challenges,
          { challengeId, lotId, supplier: party(supplierId), grounds, challengedAt, resolution: null },
        ],
      };
    }
    case 'ChallengeResolved': {
      const { challengeId, upheld, reason, resolvedAt } = event.data as DataOf<'ChallengeResolved'>;
      return {
        ...record,
        challenges: record.challenges.map((c) =>
          c.challengeId === challengeId ? { ...c, resolution: { upheld, reason, resolvedAt } } : c,
        ),
      };
    }
    case 'AwardRevised': {
      const data = event.data as DataOf<'AwardRevised'>;
      const previous = record.awards.find((a) => a.lotId === data.lotId && a.status === 'active');
      const revised: AwardRecord = {
        lotId: data.lotId,
        supplier: party(data.supplierId),
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
    case 'LotContracted': {
      const { lotId, contractId, supplierId, amount, contractedAt } = event.data as DataOf<'LotContracted'>;
      const next = updateLot(record, lotId, { status: 'contracted' });
      if (record.contracts.some((c) => c.contractId === contractId)) return next;
      return {
        ...next,
        contracts: [
          ...record.contracts,
          newContract(
            contractId,
            lotId,
            party(supplierId),
            amount,
            contractedAt,
            record.procedureType === 'direct_award',
          ),
        ],
      };
    }
    case 'TenderContracted':
      return { ...record, status: 'contracted' };
    case 'LotContractClosed':
      return updateLot(record, (event.data as DataOf<'LotContractClosed'>).lotId, { status: 'closed' });
    case 'TenderCompleted':
      return { ...record, status: 'completed', closedAt: (event.data as DataOf<'TenderCompleted'>).completedAt };
    case 'TenderCancelled': {
      const { reason, cancelledAt } = event.data as DataOf<'TenderCancelled'>;
      const awards = record.awards.map((a) => (a.status === 'active' ? { ...a, status: 'cancelled' as const } : a));
      return { ...record, status: 'cancelled', cancellation: { reason, cancelledAt }, closedAt: cancelledAt, awards };
    }
    case 'ContractSigned': {
      const data = event.data as ContractDataOf<'ContractSigned'>;
      const existing = record.contracts.find((c) => c.contractId === data.contractId);
      const contract: ContractRecord = {
        ...(existing ??
          newContract(
            data.contractId,
            data.lotId,
            party(data.supplierId),
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
      };
      return upsertContract(record, contract);
    }
    case 'ContractAmended': {
      const data = event.data as ContractDataOf<'ContractAmended'>;
      const contract = record.contracts.find((c) => c.contractId === data.contractId);
      if (!contract) return record;
      const amendment = {
        amendmentId: data.amendmentId,
        reason: data.reason,
        amendedAt: data.amendedAt,
        changes: data.changes,
        value: data.amount,
        endDate: data.endDate,
      };
      return upsertContract(record, {
        ...contract,
        value: data.amount,
        endDate: data.endDate,
        amendments: [...contract.amendments, amendment],
      });
    }
    case 'ContractCompleted': {
      const data = event.data as ContractDataOf<'ContractCompleted'>;
      const contract = record.contracts.find((c) => c.contractId === data.contractId);
      return contract
        ? upsertContract(record, { ...contract, status: 'completed', closedAt: data.completedAt })
        : record;
    }
    case 'ContractTerminated': {
      const data = event.data as ContractDataOf<'ContractTerminated'>;
      const contract = record.contracts.find((c) => c.contractId === data.contractId);
      if (!contract) return record;
      return upsertContract(record, {
        ...contract,
        status: 'terminated',
        closedAt: data.terminatedAt,
        termination: { kind: data.kind, reason: data.reason },
      });
    }
    case 'AuctionScheduled': {
      const data = event.data as AuctionScheduled['data'];
      const auction: AuctionRecord = {
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
      };
      return upsertAuction(record, auction);
    }
    case 'AuctionClosed': {
      const data = event.data as AuctionClosed['data'];
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
          openingPrice: money(r.openingPrice),
          finalPrice: money(r.finalPrice),
          bids: r.bids,
        })),
        bestOpeningPrice: money(data.bestOpeningPrice),
        finalPrice: money(data.finalPrice),
        savings: { amount: money(data.savings.amount), basisPoints: data.savings.basisPoints },
      };
      return upsertAuction(record, auction);
    }
    default:
      return record;
  }
}

/** The opening act of a `ProposalsOpened` event, for the public: each proposal with its bidder named. */
export function openingAct(data: DataOf<'ProposalsOpened'>, context: FoldContext): Opening {
  return {
    openedAt: data.openedAt,
    bidders: new Set(data.proposals.map((p) => p.supplierId)).size,
    proposals: data.proposals.map((p) => ({
      proposalId: p.proposalId,
      supplier: { id: p.supplierId, name: context.supplier(p.supplierId)?.name ?? null },
      submittedAt: p.submittedAt,
      commitment: p.commitment,
      lotIds: p.lotIds,
      offers: p.offers.map((offer) => ({
        lotId: offer.lotId,
        value: offer.amount,
        items: p.content.lots.find((lot) => lot.lotId === offer.lotId)?.items ?? [],
      })),
      documents: p.content.documents,
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
    lots: data.lots.map((lot) => ({
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

/** Applies content fields (a draft's, or an amendment's `amended`) to the record. */
function withContent(record: TenderRecord, content: Partial<TenderContent>, context: FoldContext): TenderRecord {
  const next = { ...record };
  if (content.buyingUnitId !== undefined) next.buyingUnitId = content.buyingUnitId;
  if (content.title !== undefined) next.title = content.title;
  if (content.description !== undefined) next.description = content.description;
  if (content.category !== undefined) next.category = content.category;
  if (content.procedureType !== undefined) next.procedureType = content.procedureType;
  if (content.awardCriterion !== undefined) next.awardCriterion = content.awardCriterion;
  if (content.reverseAuction !== undefined) next.reverseAuction = content.reverseAuction;
  if (content.currency !== undefined) next.currency = content.currency;
  if (content.estimatedTotal !== undefined) next.value = content.estimatedTotal;
  if (content.documents !== undefined) next.documents = content.documents;
  if (content.schedule !== undefined) next.schedule = content.schedule;
  if (content.periodReduction !== undefined) next.periodReduction = content.periodReduction;
  if (content.invitedSupplierIds !== undefined) next.invitedSuppliers = content.invitedSupplierIds.length;
  if (content.directAward !== undefined) {
    const terms = content.directAward;
    next.directAward = terms && {
      supplier: { id: terms.supplierId, name: context.supplier(terms.supplierId)?.name ?? null },
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
  const known = record.contracts.some((c) => c.contractId === contract.contractId);
  return {
    ...record,
    contracts: known
      ? record.contracts.map((c) => (c.contractId === contract.contractId ? contract : c))
      : [...record.contracts, contract],
  };
}

function upsertAuction(record: TenderRecord, auction: AuctionRecord): TenderRecord {
  const known = record.auctions.some((a) => a.auctionId === auction.auctionId);
  return {
    ...record,
    auctions: known
      ? record.auctions.map((a) => (a.auctionId === auction.auctionId ? auction : a))
      : [...record.auctions, auction],
  };
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
