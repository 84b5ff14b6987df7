import type { Money } from '@licita/shared';
import { unitShares } from './consolidation';
import { publicStatus, statusAfter, type ProcedureStatus } from './public-status';
import type {
  DesertionReason,
  LotAwarded,
  ProposalEvaluated,
  ProposalSubmitted,
  SealedProposal,
  TenderEvent,
} from './tender.events';
import type {
  IsoDateTime,
  OpenContractTerms,
  ProposalContent,
  TenderContent,
  TenderItem,
  TenderSchedule,
} from './tender.types';

/**
 * `active.enquiries` is the published tender while questions are accepted, `active.tendering` from the
 * questions deadline to the submission deadline, `active.awaiting_opening` from the submission deadline (with
 * proposals; without any the procedure is deserted) to the opening act. The time
 * boundaries are read from the schedule at `now` (see `statusAt`), so a clock event recorded late never
 * changes what a command may do.
 */
export const TENDER_STATUSES = [
  'draft',
  'active.enquiries',
  'active.tendering',
  'active.awaiting_opening',
  'opened',
  'evaluation',
  'auction',
  'awarded',
  'contracted',
  'completed',
  'cancelled',
  'deserted',
] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];

/** The statuses anyone may see: all but `draft`, which only its buying unit reads. */
export const PUBLIC_TENDER_STATUSES = TENDER_STATUSES.filter(
  (status): status is Exclude<TenderStatus, 'draft'> => status !== 'draft',
);

export type Question = {
  questionId: string;
  askedBy: string;
  lotId: string | null;
  text: string;
  askedAt: IsoDateTime;
  answer: string | null;
  answeredAt: IsoDateTime | null;
};

/** A proposal as sealed (`submittedAt` of its last version), whether withdrawn, and its content once opened. */
export type Proposal = SealedProposal & {
  withdrawn: boolean;
  /** `null` until the opening act reveals it. */
  content: ProposalContent | null;
};

export type Evaluation = Omit<ProposalEvaluated['data'], 'tenderId' | 'evaluatedAt'>;

export type RankedBid = { proposalId: string; supplierId: string; amount: Money };

/** A lot's award as `LotAwarded` states it (a direct award: no proposal, no objection period), and whether the
 * clock recorded the end of its objection period. */
export type Award = Omit<LotAwarded['data'], 'tenderId' | 'lotId'> & { objectionPeriodEndRecorded: boolean };

export type Challenge = {
  challengeId: string;
  lotId: string;
  supplierId: string;
  grounds: string;
  challengedAt: IsoDateTime;
  resolved: boolean;
  upheld: boolean | null;
};

/** `open`: opened, waiting for evaluation or award; `closed`: its contract was completed or terminated. */
export type LotStatus = 'open' | 'auction' | 'awarded' | 'deserted' | 'contracted' | 'closed';

export type LotProgress = {
  lotId: string;
  status: LotStatus;
  /** Compliant proposals best first, from the evaluation or the auction: where a revised award comes from. */
  ranking: RankedBid[];
  auctionId: string | null;
  award: Award | null;
  contractId: string | null;
  desertionReason: DesertionReason | null;
  /** A consolidated purchase: each participating unit's own contract of the lot, and whether it closed. */
  unitContracts?: Record<string, { contractId: string; closed: boolean }>;
};

export type TenderState = {
  tenderId: string | null;
  status: TenderStatus | 'none';
  /** The procedure number (`ProcedureNumberAssigned`); `null` before it, and on procedures recorded before numbers. */
  number: string | null;
  content: TenderContent | null;
  publishedAt: IsoDateTime | null;
  tenderKeyId: string | null;
  questions: Record<string, Question>;
  /** The clarification meetings' minutes, by id. */
  clarificationMinutes: Record<string, { heldAt: IsoDateTime; summary: string }>;
  amendmentIds: string[];
  proposals: Record<string, Proposal>;
  openedAt: IsoDateTime | null;
  /** By `evaluationKey(proposalId, lotId)`. */
  evaluations: Record<string, Evaluation>;
  evaluationCompleted: boolean;
  /** Filled from the opening act (or a direct award) on. */
  lots: Record<string, LotProgress>;
  challenges: Record<string, Challenge>;
};

export const initialState = (): TenderState => ({
  tenderId: null,
  status: 'none',
  number: null,
  content: null,
  publishedAt: null,
  tenderKeyId: null,
  questions: {},
  clarificationMinutes: {},
  amendmentIds: [],
  proposals: {},
  openedAt: null,
  evaluations: {},
  evaluationCompleted: false,
  lots: {},
  challenges: {},
});

export const evaluationKey = (proposalId: string, lotId: string) => `${proposalId}|${lotId}`;

/** Folds one event: what it changes in the tender, and the status (`statusAfter`, the rule every screen shares). */
export function evolve(state: TenderState, event: TenderEvent): TenderState {
  const next = (EVOLVE[event.type] as (state: TenderState, event: TenderEvent) => TenderState)(state, event);
  return { ...next, status: statusAfter(state.status, event) };
}

type Evolvers = {
  [K in TenderEvent['type']]: (state: TenderState, event: Extract<TenderEvent, { type: K }>) => TenderState;
};
const same = (state: TenderState): TenderState => state;

const EVOLVE: Evolvers = {
  TenderCreated: (state, { data }) => ({ ...state, tenderId: data.tenderId, content: data.content }),
  TenderDraftUpdated: (state, { data }) => ({ ...state, content: { ...content(state), ...data.changes } }),
  TenderPublished: (state, { data }) => ({
    ...state,
    publishedAt: data.publishedAt,
    tenderKeyId: data.tenderKeyId,
    content: { ...content(state), schedule: data.schedule },
  }),
  EnquiryPeriodEnded: same,
  SubmissionPeriodEnded: same,
  ProcedureNumberAssigned: (state, { data }) => ({ ...state, number: data.number }),
  QuestionAsked: (state, { data: { tenderId: _t, ...question } }) => ({
    ...state,
    questions: { ...state.questions, [question.questionId]: { ...question, answer: null, answeredAt: null } },
  }),
  QuestionAnswered: (state, { data: { questionId, answer, answeredAt } }) => ({
    ...state,
    questions: { ...state.questions, [questionId]: { ...state.questions[questionId], answer, answeredAt } },
  }),
  ClarificationMinutesPublished: (state, { data: { minutesId, heldAt, summary } }) => ({
    ...state,
    clarificationMinutes: { ...state.clarificationMinutes, [minutesId]: { heldAt, summary } },
  }),
  TenderAmended: (state, { data }) => ({
    ...state,
    content: { ...content(state), ...data.amended },
    amendmentIds: [...state.amendmentIds, data.amendmentId],
  }),
  SubmissionDeadlineExtended: (state, { data: { submissionDeadline, openingDate, awardDate } }) => ({
    ...state,
    content: { ...content(state), schedule: { ...scheduleOf(state), submissionDeadline, openingDate, awardDate } },
  }),
  ProposalSubmitted: (state, event) => proposalSealed(state, event.data),
  ProposalReplaced: (state, event) => proposalSealed(state, event.data),
  ProposalWithdrawn: (state, { data }) => updateProposal(state, data.proposalId, { withdrawn: true }),
  ProposalsOpened: (state, { data }) => {
    const proposals = { ...state.proposals };
    for (const opened of data.proposals)
      proposals[opened.proposalId] = { ...proposals[opened.proposalId], content: opened.content };
    const lots = Object.fromEntries(content(state).lots.map((lot) => [lot.lotId, freshLot(lot.lotId)]));
    return { ...state, openedAt: data.openedAt, proposals, lots };
  },
  ProposalEvaluated: (state, { data: { tenderId: _t, evaluatedAt: _at, ...evaluation } }) => {
    const key = evaluationKey(evaluation.proposalId, evaluation.lotId);
    return { ...state, evaluations: { ...state.evaluations, [key]: evaluation } };
  },
  EvaluationCompleted: (state, { data }) =>
    data.lots.reduce<TenderState>(
      (next, lot) =>
        updateLot(next, lot.lotId, {
          ranking: rankedBids(lot.ranking),
          status: lot.goesToAuction ? 'auction' : 'open',
        }),
      { ...state, evaluationCompleted: true },
    ),
  AuctionResultRecorded: (state, { data }) =>
    updateLot(state, data.lotId, { ranking: rankedBids(data.ranking), auctionId: data.auctionId }),
  LotDeserted: (state, { data }) =>
    updateLot(state, data.lotId, { status: 'deserted', award: null, desertionReason: data.reason }),
  TenderDeserted: same,
  LotAwarded: (state, { data: { tenderId: _t, lotId, ...award } }) =>
    updateLot(state, lotId, { status: 'awarded', award: { ...award, objectionPeriodEndRecorded: false } }),
  AwardChallenged: (state, { data: { tenderId: _t, ...challenge } }) => ({
    ...state,
    challenges: { ...state.challenges, [challenge.challengeId]: { ...challenge, resolved: false, upheld: null } },
  }),
  ChallengeResolved: (state, { data: { challengeId, upheld } }) => ({
    ...state,
    challenges: { ...state.challenges, [challengeId]: { ...state.challenges[challengeId], resolved: true, upheld } },
  }),
  AwardRevised: (state, { data: { lotId, proposalId, supplierId, amount, revisedAt, objectionPeriodEndsAt } }) => {
    // The passed-over suppliers were those of the first award; the revision names its own winner.
    const { passedOver: _passedOver, ...award } = awardOf(state, lotId);
    const revised = { ...award, proposalId, supplierId, amount, awardedAt: revisedAt, objectionPeriodEndsAt };
    return updateLot(state, lotId, { award: { ...revised, objectionPeriodEndRecorded: false } });
  },
  ObjectionPeriodEnded: (state, { data: { lotId } }) =>
    updateLot(state, lotId, { award: { ...awardOf(state, lotId), objectionPeriodEndRecorded: true } }),
  LotContracted: (state, { data }) =>
    updateLot(state, data.lotId, { status: 'contracted', contractId: data.contractId }),
  UnitContractSigned: (state, { data }) =>
    updateLot(state, data.lotId, {
      unitContracts: {
        ...state.lots[data.lotId]?.unitContracts,
        [data.buyingUnitId]: { contractId: data.contractId, closed: false },
      },
    }),
  UnitContractClosed: (state, { data }) =>
    updateLot(state, data.lotId, {
      unitContracts: {
        ...state.lots[data.lotId]?.unitContracts,
        [data.buyingUnitId]: { contractId: data.contractId, closed: true },
      },
    }),
  TenderContracted: same,
  LotContractClosed: (state, { data }) => updateLot(state, data.lotId, { status: 'closed' }),
  TenderCompleted: same,
  TenderCancelled: same,
};

function proposalSealed(state: TenderState, { tenderId: _t, ...proposal }: ProposalSubmitted['data']): TenderState {
  return {
    ...state,
    proposals: { ...state.proposals, [proposal.proposalId]: { ...proposal, withdrawn: false, content: null } },
  };
}

const rankedBids = (ranking: RankedBid[]): RankedBid[] =>
  ranking.map(({ proposalId, supplierId, amount }) => ({ proposalId, supplierId, amount }));

const awardOf = (state: TenderState, lotId: string): Award => state.lots[lotId].award as Award;

/** The status at `now`: the periods end at their deadlines whether or not the clock recorded it yet. */
export function statusAt(state: TenderState, now: Date): ProcedureStatus {
  return publicStatus({ status: state.status, schedule: state.content?.schedule }, now);
}

export const scheduleOf = (state: TenderState): TenderSchedule => content(state).schedule as TenderSchedule;

export const activeProposals = (state: TenderState): Proposal[] =>
  Object.values(state.proposals)
    .filter((p) => !p.withdrawn)
    .sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt) || (a.proposalId < b.proposalId ? -1 : 1));

export const openChallenges = (state: TenderState, lotId: string): Challenge[] =>
  Object.values(state.challenges).filter((c) => c.lotId === lotId && !c.resolved);

/** A lot's award is final (a contract may be signed) once its objection period is over and no challenge is pending. */
export function isAwardFinal(state: TenderState, lotId: string, now: Date): boolean {
  const lot = state.lots[lotId];
  if (lot?.status !== 'awarded' || lot.award === null) return false;
  const endsAt = lot.award.objectionPeriodEndsAt;
  return (endsAt === null || now.getTime() >= Date.parse(endsAt)) && openChallenges(state, lotId).length === 0;
}

/**
 * When the scheduler should next send `AdvanceTenderClock`, or `null` when nothing is due by time. Ask again
 * after every event of the tender (an amendment may move the deadline, a withdrawal leave it without proposals).
 */
export function nextClockAlarm(state: TenderState): IsoDateTime | null {
  if (state.status === 'active.enquiries') return scheduleOf(state).questionsDeadline;
  if (state.status === 'active.tendering') return scheduleOf(state).submissionDeadline;
  const ends = Object.values(state.lots)
    .filter(
      (lot) => lot.status === 'awarded' && lot.award?.objectionPeriodEndsAt && !lot.award.objectionPeriodEndRecorded,
    )
    .map((lot) => lot.award?.objectionPeriodEndsAt as string)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return ends[0] ?? null;
}

export type ContractTerms = {
  tenderId: string;
  lotId: string;
  buyingUnitId: string;
  supplierId: string;
  amount: Money;
  items: Array<{ itemId: string; description: string; quantity: number; unit: string }>;
  directAward: boolean;
  /** The lot's open contract (LAASSP art. 47), when it is one. */
  openContract?: OpenContractTerms;
};

/**
 * What a lot's contract starts from: the handler builds `SignContract` with these and the dates. A consolidated
 * purchase's lot has one contract per participating unit (`buyingUnitId`): that unit's quantities and its share of
 * the award (`unitShares`); `null` for a unit that requires nothing of the lot.
 */
export function contractTermsFor(state: TenderState, lotId: string, buyingUnitId?: string): ContractTerms | null {
  const lot = state.lots[lotId];
  const tenderLot = state.content?.lots.find((l) => l.lotId === lotId);
  if (!lot?.award || !tenderLot || !state.content || !state.tenderId) return null;
  const consolidation = state.content.consolidation;
  if (consolidation && buyingUnitId !== undefined) {
    const share = unitShares(consolidation, tenderLot, lot.award.amount.amount).find(
      (s) => s.buyingUnitId === buyingUnitId,
    );
    if (!share) return null;
    return {
      tenderId: state.tenderId,
      lotId,
      buyingUnitId,
      supplierId: lot.award.supplierId,
      amount: { ...lot.award.amount, amount: share.amount },
      items: share.items.map(({ itemId, quantity }) => {
        const { description, unit } = tenderLot.items.find((item) => item.itemId === itemId) as TenderItem;
        return { itemId, description, quantity, unit };
      }),
      directAward: lot.award.basis === 'direct_award',
      ...(tenderLot.openContract ? { openContract: tenderLot.openContract } : {}),
    };
  }
  return {
    tenderId: state.tenderId,
    lotId,
    buyingUnitId: state.content.buyingUnitId,
    supplierId: lot.award.supplierId,
    amount: lot.award.amount,
    items: tenderLot.items.map(({ itemId, description, quantity, unit }) => ({ itemId, description, quantity, unit })),
    directAward: lot.award.basis === 'direct_award',
    ...(tenderLot.openContract ? { openContract: tenderLot.openContract } : {}),
  };
}

const content = (state: TenderState): TenderContent => state.content as TenderContent;

const freshLot = (lotId: string): LotProgress => ({
  lotId,
  status: 'open',
  ranking: [],
  auctionId: null,
  award: null,
  contractId: null,
  desertionReason: null,
});

function updateLot(state: TenderState, lotId: string, change: Partial<LotProgress>): TenderState {
  return { ...state, lots: { ...state.lots, [lotId]: { ...(state.lots[lotId] ?? freshLot(lotId)), ...change } } };
}

function updateProposal(state: TenderState, proposalId: string, change: Partial<Proposal>): TenderState {
  return { ...state, proposals: { ...state.proposals, [proposalId]: { ...state.proposals[proposalId], ...change } } };
}
