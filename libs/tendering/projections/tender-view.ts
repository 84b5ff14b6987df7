import type { Money } from '@licita/shared';
import type { FieldChange } from '../domain/field-diff';
import type { DesertionReason, OpenedProposal, RankedProposal, TenderEvent } from '../domain/tender.events';
import type { TenderStatus } from '../domain/tender.state';
import type { IsoDateTime, TenderContent } from '../domain/tender.types';

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
  }>;
  amendments: Array<{
    amendmentId: string;
    reason: string;
    changes: FieldChange[];
    amendedAt: IsoDateTime;
    submissionDeadlineExtendedTo: IsoDateTime | null;
  }>;
  receipts: Array<{ proposalId: string; commitment: string; submittedAt: IsoDateTime; withdrawn: boolean }>;
  opening: { openedAt: IsoDateTime; proposals: OpenedProposal[] } | null;
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
};

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
};

export function applyToView(view: TenderView | null, event: TenderEvent): TenderView | null {
  if (event.type === 'TenderCreated')
    return view ?? created(event.data.tenderId, event.data.content, event.data.createdAt);
  if (view === null) return null;
  switch (event.type) {
    case 'TenderDraftUpdated':
      return { ...view, ...event.data.changes };
    case 'TenderPublished':
      return {
        ...view,
        status: 'active.enquiries',
        publishedAt: event.data.publishedAt,
        schedule: event.data.schedule,
      };
    case 'EnquiryPeriodEnded':
      return view.status === 'active.enquiries' ? { ...view, status: 'active.tendering' } : view;
    case 'QuestionAsked': {
      const { questionId, lotId, text, askedAt } = event.data;
      return {
        ...view,
        questions: [...view.questions, { questionId, lotId, text, askedAt, answer: null, answeredAt: null }],
      };
    }
    case 'QuestionAnswered': {
      const { questionId, answer, answeredAt } = event.data;
      return {
        ...view,
        questions: view.questions.map((q) => (q.questionId === questionId ? { ...q, answer, answeredAt } : q)),
      };
    }
    case 'TenderAmended': {
      const { amendmentId, reason, changes, amendedAt, amended } = event.data;
      return {
        ...view,
        ...amended,
        amendments: [
          ...view.amendments,
          { amendmentId, reason, changes, amendedAt, submissionDeadlineExtendedTo: null },
        ],
      };
    }
    case 'SubmissionDeadlineExtended': {
      const { amendmentId, submissionDeadline, openingDate, awardDate } = event.data;
      return {
        ...view,
        schedule: view.schedule && { ...view.schedule, submissionDeadline, openingDate, awardDate },
        amendments: view.amendments.map((a) =>
          a.amendmentId === amendmentId ? { ...a, submissionDeadlineExtendedTo: submissionDeadline } : a,
        ),
      };
    }
    case 'ProposalSubmitted':
    case 'ProposalReplaced': {
      const { proposalId, commitment, submittedAt } = event.data;
      return {
        ...view,
        receipts: [
          ...view.receipts.filter((r) => r.proposalId !== proposalId),
          { proposalId, commitment, submittedAt, withdrawn: false },
        ],
      };
    }
    case 'ProposalWithdrawn':
      return {
        ...view,
        receipts: view.receipts.map((r) => (r.proposalId === event.data.proposalId ? { ...r, withdrawn: true } : r)),
      };
    case 'ProposalsOpened':
      return {
        ...view,
        status: 'opened',
        opening: { openedAt: event.data.openedAt, proposals: event.data.proposals },
        lotResults: view.lots.map((lot) => freshResult(lot.lotId)),
      };
    case 'ProposalEvaluated':
      return { ...view, status: 'evaluation' };
    case 'EvaluationCompleted': {
      let next: TenderView = { ...view, evaluationCompletedAt: event.data.completedAt };
      for (const lot of event.data.lots) {
        const { ranking, nonCompliant, goesToAuction } = lot;
        next = updateLot(next, lot.lotId, { ranking, nonCompliant, status: goesToAuction ? 'auction' : 'open' });
      }
      return { ...next, status: event.data.lots.some((lot) => lot.goesToAuction) ? 'auction' : 'evaluation' };
    }
    case 'AuctionResultRecorded': {
      const { lotId, auctionId, ranking } = event.data;
      const previous = lotOf(view, lotId).ranking;
      const merged = ranking.map((r) => ({
        ...(previous.find((p) => p.proposalId === r.proposalId) as RankedProposal),
        rank: r.rank,
        amount: r.amount,
      }));
      return updateLot(view, lotId, { auctionId, ranking: merged });
    }
    case 'LotDeserted':
      return updateLot(view, event.data.lotId, { status: 'deserted', award: null, desertionReason: event.data.reason });
    case 'TenderDeserted':
      return { ...view, status: 'deserted', closedAt: event.data.desertedAt };
    case 'LotAwarded': {
      const { lotId, proposalId, supplierId, amount, basis, awardedAt, objectionPeriodEndsAt } = event.data;
      return {
        ...updateLot(view, lotId, {
          status: 'awarded',
          award: { proposalId, supplierId, amount, basis, awardedAt, objectionPeriodEndsAt },
        }),
        status: 'awarded',
      };
    }
    case 'AwardChallenged': {
      const { challengeId, lotId, supplierId, grounds, challengedAt } = event.data;
      return {
        ...view,
        challenges: [...view.challenges, { challengeId, lotId, supplierId, grounds, challengedAt, resolution: null }],
      };
    }
    case 'ChallengeResolved': {
      const { challengeId, upheld, reason, resolvedAt } = event.data;
      return {
        ...view,
        challenges: view.challenges.map((c) =>
          c.challengeId === challengeId ? { ...c, resolution: { upheld, reason, resolvedAt } } : c,
        ),
      };
    }
    case 'AwardRevised': {
      const { lotId, proposalId, supplierId, amount, revisedAt, objectionPeriodEndsAt } = event.data;
      const award = lotOf(view, lotId).award;
      return updateLot(view, lotId, {
        award: {
          basis: award?.basis ?? 'evaluation',
          proposalId,
          supplierId,
          amount,
          awardedAt: revisedAt,
          objectionPeriodEndsAt,
        },
      });
    }
    case 'ObjectionPeriodEnded':
      return view;
    case 'LotContracted':
      return updateLot(view, event.data.lotId, { status: 'contracted', contractId: event.data.contractId });
    case 'TenderContracted':
      return { ...view, status: 'contracted' };
    case 'LotContractClosed':
      return updateLot(view, event.data.lotId, { status: 'closed', contractOutcome: event.data.outcome });
    case 'TenderCompleted':
      return { ...view, status: 'completed', closedAt: event.data.completedAt };
    case 'TenderCancelled':
      return {
        ...view,
        status: 'cancelled',
        cancellation: { reason: event.data.reason, cancelledAt: event.data.cancelledAt },
        closedAt: event.data.cancelledAt,
      };
  }
}

/** The status at `now`: the enquiry period ends at the questions deadline whether or not the clock recorded it yet. */
export function viewStatusAt(view: TenderView, now: Date): TenderStatus {
  if (
    view.status === 'active.enquiries' &&
    view.schedule &&
    now.getTime() >= Date.parse(view.schedule.questionsDeadline)
  )
    return 'active.tendering';
  return view.status;
}

function created(tenderId: string, content: TenderContent, createdAt: IsoDateTime): TenderView {
  return {
    ...content,
    tenderId,
    status: 'draft',
    createdAt,
    publishedAt: null,
    questions: [],
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
