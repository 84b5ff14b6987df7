import type { Money } from '@licita/shared';
import type { FieldChange } from '../domain/field-diff';
import { lotOffersSealed, publicOpenedProposal, type PublicOpenedProposal } from '../domain/auction-anonymity';
import { publicStatus, statusAfter } from '../domain/public-status';
import type {
  DesertionReason,
  OpenedProposal,
  ProposalSubmitted,
  RankedProposal,
  TenderEvent,
} from '../domain/tender.events';
import type { TenderStatus } from '../domain/tender.state';
import type { DocumentRef, IsoDateTime, TenderContent } from '../domain/tender.types';
import type { ActIssued } from '@licita/documents';

/**
 * What the parties and the public read about a tender (`GET /api/tenders/{id}`), folded from its events by
 * `applyToView`. It is built to be safe to store and to show as it is:
 * - questions without who asked them (`QuestionAsked.askedBy` never enters the view);
 * - before the opening act only the published receipts (proposal id, commitment, time): no bidder, no lot,
 *   no amount, no document; the opening act then shows every proposal at once, with its content and salt so
 *   anyone can check it against its receipt.
 * The individual evaluations (the buyer's work in progress) are left out; the evaluation's outcome per lot is in.
 */
export type TenderView = TenderContent & {
  tenderId: string;
  /**
   * The procedure number (`LA-<unit code>-<sequence>-<year>`, `IA-…`, `AA-…`; `ProcedureNumberAssigned`), shown
   * next to the title; `null` before it is assigned and for procedures recorded before numbers (absent in views
   * folded before it: read it as `null`). The UUID `tenderId` stays the API's id.
   */
  number?: string | null;
  status: TenderStatus;
  createdAt: IsoDateTime;
  publishedAt: IsoDateTime | null;
  questions: Array<{
    questionId: string;
    lotId: string | null;
    text: string;
    askedAt: IsoDateTime;
    answer: string | null;
    answeredAt: IsoDateTime | null;
    /** Published with the answer; absent when it carries none. */
    documents?: DocumentRef[];
  }>;
  /** The clarification meetings' minutes (juntas de aclaraciones), as published; absent in views folded before them. */
  clarificationMinutes?: Array<{
    minutesId: string;
    heldAt: IsoDateTime;
    summary: string;
    documents: DocumentRef[];
    publishedAt: IsoDateTime;
  }>;
  amendments: Array<{
    amendmentId: string;
    reason: string;
    changes: FieldChange[];
    amendedAt: IsoDateTime;
    submissionDeadlineExtendedTo: IsoDateTime | null;
  }>;
  receipts: Array<{ proposalId: string; commitment: string; submittedAt: IsoDateTime; withdrawn: boolean }>;
  /** Whole for the tender's buyers; for everyone else without the offers still sealed until an auction closes. */
  opening: { openedAt: IsoDateTime; proposals: PublicOpenedProposal[] } | null;
  evaluationCompletedAt: IsoDateTime | null;
  lotResults: LotResult[];
  challenges: Array<{
    challengeId: string;
    lotId: string;
    supplierId: string;
    grounds: string;
    challengedAt: IsoDateTime;
    resolution: { upheld: boolean; reason: string; resolvedAt: IsoDateTime } | null;
  }>;
  cancellation: { reason: string; cancelledAt: IsoDateTime } | null;
  closedAt: IsoDateTime | null;
  /**
   * The acts the platform issued as documents of the procedure (libs/acts, `ActIssued`), in the order issued:
   * public, downloadable at GET /api/documents/{documentId}/content. The opening act has a second version once a
   * reverse auction makes its offers public (same position, other bytes). Absent until the first act is issued.
   */
  actDocuments?: ActDocument[];
};

/** An act issued as a document: which act, at which position of the log, its bytes' hash, when. */
export type ActDocument = {
  documentId: string;
  kind: 'opening' | 'ruling' | 'auction_result';
  auctionId: string | null;
  position: string;
  sha256: string;
  fileName: string;
  issuedAt: IsoDateTime;
};

/** The view with an act's document listed (once: a replayed `ActIssued` of the same document changes nothing). */
export function withActDocument(view: TenderView, event: ActIssued, issuedAt: IsoDateTime): TenderView {
  const { documentId, sha256, fileName, act } = event.data;
  const listed = view.actDocuments ?? [];
  if (listed.some((doc) => doc.documentId === documentId)) return view;
  const document: ActDocument = {
    documentId,
    kind: act.kind,
    auctionId: act.auctionId,
    position: act.position,
    sha256,
    fileName,
    issuedAt,
  };
  return { ...view, actDocuments: [...listed, document] };
}

export type LotResult = {
  lotId: string;
  status: 'open' | 'auction' | 'awarded' | 'deserted' | 'contracted' | 'closed';
  ranking: RankedProposal[];
  nonCompliant: Array<{ proposalId: string; supplierId: string; reasons: string[] }>;
  auctionId: string | null;
  award: {
    proposalId: string | null;
    supplierId: string;
    amount: Money;
    basis: string;
    awardedAt: IsoDateTime;
    objectionPeriodEndsAt: IsoDateTime | null;
  } | null;
  desertionReason: DesertionReason | null;
  contractId: string | null;
  contractOutcome: 'completed' | 'terminated' | null;
  /** A consolidated purchase: each participating unit's own contract of the lot (absent on other tenders). */
  unitContracts?: UnitContract[];
};

export type UnitContract = {
  buyingUnitId: string;
  contractId: string;
  amount: Money;
  contractedAt: IsoDateTime;
  outcome: 'completed' | 'terminated' | null;
};

/** Folds one event into the view; the status follows `statusAfter`, the rule every screen shares. */
export function applyToView(view: TenderView | null, event: TenderEvent): TenderView | null {
  if (event.type === 'TenderCreated')
    return view ?? created(event.data.tenderId, event.data.content, event.data.createdAt);
  if (view === null) return null;
  const next = (APPLY[event.type] as (view: TenderView, event: TenderEvent) => TenderView)(view, event);
  const status = statusAfter(view.status, event);
  return next === view && status === view.status ? view : { ...next, status };
}

/**
 * The view without what the auction-anonymity rule keeps sealed (domain/auction-anonymity.ts): the offers of
 * the lots still to be auctioned, the content of the proposals that hold them, and those lots' price rankings.
 */
export function withAuctionOffersSealed(view: TenderView): TenderView {
  const sealed = (lotId: string) =>
    lotOffersSealed({
      reverseAuction: view.reverseAuction,
      opened: view.opening !== null,
      evaluationCompleted: view.evaluationCompletedAt !== null,
      lotStatus: view.lotResults.find((lot) => lot.lotId === lotId)?.status ?? 'open',
    });
  if (!view.opening || !view.lots.some((lot) => sealed(lot.lotId))) return view;
  return {
    ...view,
    opening: {
      ...view.opening,
      proposals: view.opening.proposals.map((p) => publicOpenedProposal(p as OpenedProposal, sealed)),
    },
    lotResults: view.lotResults.map((lot) => (sealed(lot.lotId) ? { ...lot, ranking: [] } : lot)),
  };
}

/** The status at `now` (`publicStatus`): the periods end at their deadlines, recorded or not. */
export const viewStatusAt = (view: TenderView, now: Date): TenderStatus => publicStatus(view, now);

type Appliers = {
  [K in TenderEvent['type']]: (view: TenderView, event: Extract<TenderEvent, { type: K }>) => TenderView;
};
const same = (view: TenderView): TenderView => view;

const APPLY: Appliers = {
  TenderCreated: same,
  TenderDraftUpdated: (view, { data }) => ({ ...view, ...data.changes }),
  TenderPublished: (view, { data }) => ({ ...view, publishedAt: data.publishedAt, schedule: data.schedule }),
  EnquiryPeriodEnded: same,
  SubmissionPeriodEnded: same,
  ProcedureNumberAssigned: (view, { data }) => ({ ...view, number: data.number }),
  QuestionAsked: (view, { data: { questionId, lotId, text, askedAt } }) => ({
    ...view,
    questions: [...view.questions, { questionId, lotId, text, askedAt, answer: null, answeredAt: null }],
  }),
  QuestionAnswered: (view, { data: { questionId, answer, answeredAt, documents } }) => ({
    ...view,
    questions: view.questions.map((q) =>
      q.questionId === questionId ? { ...q, answer, answeredAt, ...(documents ? { documents } : {}) } : q,
    ),
  }),
  ClarificationMinutesPublished: (view, { data: { tenderId: _t, ...minutes } }) => ({
    ...view,
    clarificationMinutes: [...(view.clarificationMinutes ?? []), minutes],
  }),
  TenderAmended: (view, { data: { amendmentId, reason, changes, amendedAt, amended } }) => ({
    ...view,
    ...amended,
    amendments: [...view.amendments, { amendmentId, reason, changes, amendedAt, submissionDeadlineExtendedTo: null }],
  }),
  SubmissionDeadlineExtended: (view, { data: { amendmentId, submissionDeadline, openingDate, awardDate } }) => ({
    ...view,
    schedule: view.schedule && { ...view.schedule, submissionDeadline, openingDate, awardDate },
    amendments: view.amendments.map((a) =>
      a.amendmentId === amendmentId ? { ...a, submissionDeadlineExtendedTo: submissionDeadline } : a,
    ),
  }),
  ProposalSubmitted: (view, event) => withReceipt(view, event.data),
  ProposalReplaced: (view, event) => withReceipt(view, event.data),
  ProposalWithdrawn: (view, { data }) => ({
    ...view,
    receipts: view.receipts.map((r) => (r.proposalId === data.proposalId ? { ...r, withdrawn: true } : r)),
  }),
  ProposalsOpened: (view, { data }) => ({
    ...view,
    opening: { openedAt: data.openedAt, proposals: data.proposals },
    lotResults: view.lots.map((lot) => freshResult(lot.lotId)),
  }),
  ProposalEvaluated: same,
  EvaluationCompleted: (view, { data }) =>
    data.lots.reduce<TenderView>(
      (next, { lotId, ranking, nonCompliant, goesToAuction }) =>
        updateLot(next, lotId, { ranking, nonCompliant, status: goesToAuction ? 'auction' : 'open' }),
      { ...view, evaluationCompletedAt: data.completedAt },
    ),
  AuctionResultRecorded: (view, { data: { lotId, auctionId, ranking } }) => {
    const previous = lotOf(view, lotId).ranking;
    const merged = ranking.map((r) => ({
      ...(previous.find((p) => p.proposalId === r.proposalId) as RankedProposal),
      rank: r.rank,
      amount: r.amount,
    }));
    return updateLot(view, lotId, { auctionId, ranking: merged });
  },
  LotDeserted: (view, { data }) =>
    updateLot(view, data.lotId, { status: 'deserted', award: null, desertionReason: data.reason }),
  TenderDeserted: (view, { data }) => ({ ...view, closedAt: data.desertedAt }),
  LotAwarded: (view, { data: { lotId, proposalId, supplierId, amount, basis, awardedAt, objectionPeriodEndsAt } }) =>
    updateLot(view, lotId, {
      status: 'awarded',
      award: { proposalId, supplierId, amount, basis, awardedAt, objectionPeriodEndsAt },
    }),
  AwardChallenged: (view, { data: { challengeId, lotId, supplierId, grounds, challengedAt } }) => ({
    ...view,
    challenges: [...view.challenges, { challengeId, lotId, supplierId, grounds, challengedAt, resolution: null }],
  }),
  ChallengeResolved: (view, { data: { challengeId, upheld, reason, resolvedAt } }) => ({
    ...view,
    challenges: view.challenges.map((c) =>
      c.challengeId === challengeId ? { ...c, resolution: { upheld, reason, resolvedAt } } : c,
    ),
  }),
  AwardRevised: (view, { data: { lotId, proposalId, supplierId, amount, revisedAt, objectionPeriodEndsAt } }) => {
    const basis = lotOf(view, lotId).award?.basis ?? 'evaluation';
    const award = { basis, proposalId, supplierId, amount, awardedAt: revisedAt, objectionPeriodEndsAt };
    return updateLot(view, lotId, { award });
  },
  ObjectionPeriodEnded: same,
  LotContracted: (view, { data }) => updateLot(view, data.lotId, { status: 'contracted', contractId: data.contractId }),
  UnitContractSigned: (view, { data: { lotId, buyingUnitId, contractId, amount, contractedAt } }) => {
    const others = (lotOf(view, lotId).unitContracts ?? []).filter((c) => c.buyingUnitId !== buyingUnitId);
    const signed = { buyingUnitId, contractId, amount, contractedAt, outcome: null };
    return updateLot(view, lotId, { unitContracts: [...others, signed] });
  },
  UnitContractClosed: (view, { data: { lotId, contractId, outcome } }) =>
    updateLot(view, lotId, {
      unitContracts: (lotOf(view, lotId).unitContracts ?? []).map((c) =>
        c.contractId === contractId ? { ...c, outcome } : c,
      ),
    }),
  TenderContracted: same,
  LotContractClosed: (view, { data }) =>
    updateLot(view, data.lotId, { status: 'closed', contractOutcome: data.outcome }),
  TenderCompleted: (view, { data }) => ({ ...view, closedAt: data.completedAt }),
  TenderCancelled: (view, { data: { reason, cancelledAt } }) => ({
    ...view,
    cancellation: { reason, cancelledAt },
    closedAt: cancelledAt,
  }),
};

function withReceipt(view: TenderView, { proposalId, commitment, submittedAt }: ProposalSubmitted['data']): TenderView {
  return {
    ...view,
    receipts: [
      ...view.receipts.filter((r) => r.proposalId !== proposalId),
      { proposalId, commitment, submittedAt, withdrawn: false },
    ],
  };
}

function created(tenderId: string, content: TenderContent, createdAt: IsoDateTime): TenderView {
  return {
    ...content,
    tenderId,
    number: null,
    status: 'draft',
    createdAt,
    publishedAt: null,
    questions: [],
    clarificationMinutes: [],
    amendments: [],
    receipts: [],
    opening: null,
    evaluationCompletedAt: null,
    lotResults: [],
    challenges: [],
    cancellation: null,
    closedAt: null,
  };
}

const freshResult = (lotId: string): LotResult => ({
  lotId,
  status: 'open',
  ranking: [],
  nonCompliant: [],
  auctionId: null,
  award: null,
  desertionReason: null,
  contractId: null,
  contractOutcome: null,
});

const lotOf = (view: TenderView, lotId: string): LotResult =>
  view.lotResults.find((lot) => lot.lotId === lotId) ?? freshResult(lotId);

/** A direct award has no opening act: its lots get their results at the award. */
function updateLot(view: TenderView, lotId: string, change: Partial<LotResult>): TenderView {
  const known = view.lotResults.some((lot) => lot.lotId === lotId);
  const lotResults = known
    ? view.lotResults.map((lot) => (lot.lotId === lotId ? { ...lot, ...change } : lot))
    : [...view.lotResults, { ...freshResult(lotId), ...change }];
  return { ...view, lotResults };
}
