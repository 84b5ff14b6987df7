import { at, deciderSpec } from '../../../test/support/decider-spec';
import type { TenderCommand } from './tender.commands';
import { tenderDecider } from './tender.decider';
import type { TenderEvent } from './tender.events';
import { nextClockAlarm, type TenderStatus } from './tender.state';
import {
  advanceClock,
  aDraftTender,
  anAwardedTender,
  anEvaluatedTender,
  anOpenedTender,
  aProposal,
  aPublishedTender,
  aTenderReadyForContract,
  aTenderWithProposals,
  awardTender,
  evaluate,
  laptopsAt,
  ms,
  openProposals,
  play,
  publishTender,
  standing,
  stateOf,
  submitProposal,
  SUPPLIER,
  T,
  TENDER_ID,
  twoLots,
  DAY,
  PROPOSAL,
} from './tender.scenarios';

const given = deciderSpec(tenderDecider);
const { A, B } = PROPOSAL;
const cancel = (reason = 'La necesidad dejó de existir (LAASSP art. 38).'): TenderCommand => ({
  type: 'CancelTender',
  tenderId: TENDER_ID,
  reason,
});
const recordContract: TenderCommand = {
  type: 'RecordContractSigned',
  tenderId: TENDER_ID,
  lotId: 'lot-1',
  contractId: 'contract-1',
};
const closeContract: TenderCommand = {
  type: 'RecordContractClosed',
  tenderId: TENDER_ID,
  contractId: 'contract-1',
  outcome: 'completed',
};

/** One history per status, and an instant at which to act on it. */
const inStatus: Record<TenderStatus, { history: () => TenderEvent[]; now: string }> = {
  draft: { history: () => aDraftTender(), now: T.created },
  'active.enquiries': { history: () => aPublishedTender(), now: T.published },
  'active.tendering': { history: () => aTenderWithProposals([A, B]), now: ms(T.questionsDeadline, DAY) },
  'active.awaiting_opening': {
    history: () => play(aTenderWithProposals([A, B]), advanceClock(), T.submissionDeadline),
    now: T.submissionDeadline,
  },
  opened: { history: () => anOpenedTender([A, B]), now: T.evaluated },
  evaluation: {
    history: () => play(anOpenedTender([A, B]), evaluate(A.proposalId, 'lot-1'), T.evaluated),
    now: T.evaluated,
  },
  auction: { history: () => anEvaluatedTender([A, B], { reverseAuction: true }), now: T.awarded },
  awarded: { history: () => anAwardedTender([A, B]), now: T.awarded },
  contracted: { history: () => play(aTenderReadyForContract([A, B]), recordContract, T.contracted), now: T.contracted },
  completed: {
    history: () =>
      play(play(aTenderReadyForContract([A, B]), recordContract, T.contracted), closeContract, T.contracted),
    now: T.contracted,
  },
  cancelled: { history: () => play(aPublishedTender(), cancel(), T.published), now: T.published },
  deserted: {
    history: () =>
      anEvaluatedTender([A], {}, { [`${A.proposalId}|lot-1`]: { compliant: false, reasons: ['Incompleta'] } }),
    now: T.awarded,
  },
};
const STATUSES = Object.keys(inStatus) as TenderStatus[];

describe('every status is reachable', () => {
  it.each(STATUSES)('%s', (status) => expect(stateOf(inStatus[status].history()).status).toBe(status));
});

describe('a command that does not fit the status is a conflict naming the current status', () => {
  const commands: Array<[TenderCommand, TenderStatus[]]> = [
    [{ type: 'UpdateTenderDraft', tenderId: TENDER_ID, changes: { title: 'x' } }, ['draft']],
    [publishTender(), ['draft']],
    [{ type: 'AwardDirectly', tenderId: TENDER_ID, suppliers: [standing(SUPPLIER.A)], lots: [] }, ['draft']],
    [
      { type: 'AskQuestion', tenderId: TENDER_ID, questionId: 'q', supplier: standing(SUPPLIER.A), text: '¿?' },
      ['active.enquiries', 'active.tendering', 'active.awaiting_opening'],
    ],
    [
      { type: 'AnswerQuestion', tenderId: TENDER_ID, questionId: 'q', answer: 'Sí' },
      ['active.enquiries', 'active.tendering', 'active.awaiting_opening'],
    ],
    [
      { type: 'AmendTender', tenderId: TENDER_ID, amendmentId: 'a', changes: { title: 'x' }, reason: 'r' },
      ['active.enquiries', 'active.tendering', 'active.awaiting_opening'],
    ],
    [
      submitProposal(aProposal(SUPPLIER.C, laptopsAt(1_000_000))),
      ['active.enquiries', 'active.tendering', 'active.awaiting_opening'],
    ],
    [
      { ...submitProposal(A), type: 'ReplaceProposal' },
      ['active.enquiries', 'active.tendering', 'active.awaiting_opening'],
    ],
    [
      { type: 'WithdrawProposal', tenderId: TENDER_ID, proposalId: A.proposalId, supplierId: SUPPLIER.A },
      ['active.enquiries', 'active.tendering', 'active.awaiting_opening'],
    ],
    [openProposals([A, B]), ['active.enquiries', 'active.tendering', 'active.awaiting_opening']],
    [evaluate(A.proposalId, 'lot-1'), ['opened', 'evaluation']],
    [{ type: 'CompleteEvaluation', tenderId: TENDER_ID }, ['opened', 'evaluation']],
    [awardTender(), ['evaluation', 'auction']],
    [
      {
        type: 'ChallengeAward',
        tenderId: TENDER_ID,
        challengeId: 'c',
        lotId: 'lot-1',
        supplierId: SUPPLIER.A,
        grounds: 'g',
      },
      ['awarded'],
    ],
    [{ type: 'ResolveChallenge', tenderId: TENDER_ID, challengeId: 'c', upheld: false, reason: 'r' }, ['awarded']],
    [{ ...recordContract, contractId: 'contract-2' }, ['awarded', 'contracted']],
    [{ ...closeContract, contractId: 'contract-2' }, ['awarded', 'contracted', 'completed']],
    [
      cancel(),
      [
        'draft',
        'active.enquiries',
        'active.tendering',
        'active.awaiting_opening',
        'opened',
        'evaluation',
        'auction',
        'awarded',
      ],
    ],
  ];
  const cases = commands.flatMap(([command, allowed]) =>
    STATUSES.filter((status) => !allowed.includes(status)).map((status) => [command.type, status, command] as const),
  );

  it.each(cases)('%s while %s', (_type, status, command) =>
    given(...inStatus[status].history())
      .when(command, at(inStatus[status].now))
      .thenThrows('tender.invalid_transition', { status, command: command.type }),
  );
});

describe('cancellation', () => {
  const settled: TenderStatus[] = ['contracted', 'completed', 'cancelled', 'deserted'];
  const cancellable = STATUSES.filter((status) => !settled.includes(status));

  it.each(cancellable)('cancels a tender that is %s, with its reason', (status) =>
    given(...inStatus[status].history())
      .when(cancel(), at(inStatus[status].now))
      .then({
        type: 'TenderCancelled',
        data: {
          tenderId: TENDER_ID,
          reason: 'La necesidad dejó de existir (LAASSP art. 38).',
          previousStatus: status,
          cancelledAt: inStatus[status].now,
        },
      }),
  );

  it('refuses a cancellation without a reason', () =>
    given(...aPublishedTender())
      .when(cancel(' '), at(T.published))
      .thenThrows('tender.reason_required'));

  it('refuses cancelling once a lot has its contract, even while other lots are still awarded', () => {
    const both = aProposal(SUPPLIER.A, { 'lot-1': laptopsAt(2_400_000)['lot-1'], 'lot-2': { 'item-3': 700_000 } });
    const oneContracted = play(aTenderReadyForContract([both], twoLots()), recordContract, T.contracted);
    expect(stateOf(oneContracted).status).toBe('awarded');
    given(...oneContracted)
      .when(cancel(), at(T.contracted))
      .thenThrows('tender.invalid_transition', { status: 'awarded', contractedLots: ['lot-1'] });
  });

  it('stops the procedure: no more proposals', () =>
    given(...play(aTenderWithProposals([A]), cancel(), ms(T.questionsDeadline, DAY)))
      .when(submitProposal(B), at(ms(T.questionsDeadline, DAY)))
      .thenThrows('tender.invalid_transition', { status: 'cancelled' }));
});

describe('the tender clock', () => {
  it('records nothing before the questions deadline (early)', () =>
    given(...aPublishedTender())
      .when(advanceClock(), at(ms(T.questionsDeadline, -1)))
      .thenNothing());

  it('ends the enquiry period at the questions deadline (on time)', () =>
    given(...aPublishedTender())
      .when(advanceClock(), at(T.questionsDeadline))
      .then({ type: 'EnquiryPeriodEnded', data: { tenderId: TENDER_ID, endedAt: T.questionsDeadline } }));

  it('dates the end of the enquiry period at the deadline when it runs late', () =>
    given(...aPublishedTender())
      .when(advanceClock(), at(ms(T.questionsDeadline, 3 * DAY)))
      .then({ type: 'EnquiryPeriodEnded', data: { tenderId: TENDER_ID, endedAt: T.questionsDeadline } }));

  it('records each change once: a second run changes nothing', () =>
    given(...play(aPublishedTender(), advanceClock(), T.questionsDeadline))
      .when(advanceClock(), at(ms(T.questionsDeadline, DAY)))
      .thenNothing());

  it('deserts a tender without proposals at the submission deadline, however late, catching up in order', () =>
    given(...aPublishedTender())
      .when(advanceClock(), at(ms(T.submissionDeadline, 10 * DAY)))
      .then(
        { type: 'EnquiryPeriodEnded', data: { tenderId: TENDER_ID, endedAt: T.questionsDeadline } },
        {
          type: 'LotDeserted',
          data: { tenderId: TENDER_ID, lotId: 'lot-1', reason: 'no_proposals', desertedAt: T.submissionDeadline },
        },
        { type: 'TenderDeserted', data: { tenderId: TENDER_ID, desertedAt: T.submissionDeadline } },
      ));

  it('does not desert one millisecond before the deadline', () =>
    given(...play(aPublishedTender(), advanceClock(), T.questionsDeadline))
      .when(advanceClock(), at(ms(T.submissionDeadline, -1)))
      .thenNothing());

  it('ends the submission period of a tender with proposals at the deadline (on time): it waits for its opening', () =>
    given(...play(aTenderWithProposals([A]), advanceClock(), T.questionsDeadline))
      .when(advanceClock(), at(T.submissionDeadline))
      .then({ type: 'SubmissionPeriodEnded', data: { tenderId: TENDER_ID, endedAt: T.submissionDeadline } }));

  it('records the end of the submission period at the deadline when it runs late (12 days after)', () =>
    given(...aTenderWithProposals([A]))
      .when(advanceClock(), at(ms(T.submissionDeadline, 12 * DAY)))
      .then({ type: 'SubmissionPeriodEnded', data: { tenderId: TENDER_ID, endedAt: T.submissionDeadline } }));

  it('does not end the submission period one millisecond before the deadline, nor twice', () => {
    const tendering = play(aTenderWithProposals([A]), advanceClock(), T.questionsDeadline);
    given(...tendering)
      .when(advanceClock(), at(ms(T.submissionDeadline, -1)))
      .thenNothing();
    given(...play(tendering, advanceClock(), T.submissionDeadline))
      .when(advanceClock(), at(ms(T.submissionDeadline, DAY)))
      .thenNothing();
  });

  it('still opens the proposals after the submission period ended', () =>
    given(...inStatus['active.awaiting_opening'].history())
      .when(openProposals([A, B]), at(T.openingDate))
      .then(expect.objectContaining({ type: 'ProposalsOpened' })));

  it('refuses a proposal once the submission period ended, as late', () =>
    given(...inStatus['active.awaiting_opening'].history())
      .when(submitProposal(aProposal(SUPPLIER.C, laptopsAt(1_000_000))), at(T.submissionDeadline))
      .thenThrows('proposal.late'));

  it('has nothing to do on a draft or a cancelled tender, and refuses an unknown tender', () => {
    given(...aDraftTender())
      .when(advanceClock(), at(T.awarded))
      .thenNothing();
    given(...inStatus.cancelled.history())
      .when(advanceClock(), at(T.awarded))
      .thenNothing();
    given().when(advanceClock(), at(T.awarded)).thenThrows('tender.not_found');
  });
});

describe('the tender clock', () => {
  describe('next alarm for the scheduler', () => {
    it('is the questions deadline while enquiries are open', () =>
      expect(nextClockAlarm(stateOf(aPublishedTender()))).toBe(T.questionsDeadline));

    it('is the submission deadline while proposals are received, with or without any, and none after it', () => {
      const open = play(aPublishedTender(), advanceClock(), T.questionsDeadline);
      expect(nextClockAlarm(stateOf(open))).toBe(T.submissionDeadline);
      const withProposals = play(aTenderWithProposals([A]), advanceClock(), T.questionsDeadline);
      expect(nextClockAlarm(stateOf(withProposals))).toBe(T.submissionDeadline);
      expect(nextClockAlarm(stateOf(play(withProposals, advanceClock(), T.submissionDeadline)))).toBeNull();
      const withdrawn = play(
        aTenderWithProposals([A]),
        { type: 'WithdrawProposal', tenderId: TENDER_ID, proposalId: A.proposalId, supplierId: SUPPLIER.A },
        ms(T.questionsDeadline, DAY),
      );
      expect(nextClockAlarm(stateOf(withdrawn))).toBe(T.submissionDeadline);
    });

    it('follows an extended deadline', () => {
      const open = play(aPublishedTender(), advanceClock(), T.questionsDeadline);
      const amended = play(
        open,
        { type: 'AmendTender', tenderId: TENDER_ID, amendmentId: 'a-1', changes: { title: 'x' }, reason: 'r' },
        ms(T.submissionDeadline, -DAY),
      );
      expect(nextClockAlarm(stateOf(amended))).toBe(ms(T.submissionDeadline, 6 * DAY));
    });

    it('is the end of the objection period after the award, and none once recorded', () => {
      expect(nextClockAlarm(stateOf(anAwardedTender([A, B])))).toBe(T.objectionPeriodEnds);
      expect(nextClockAlarm(stateOf(aTenderReadyForContract([A, B])))).toBeNull();
    });

    it('is none for a draft, an opened or a finished tender', () => {
      for (const status of ['draft', 'opened', 'completed', 'cancelled', 'deserted'] as TenderStatus[])
        expect(nextClockAlarm(stateOf(inStatus[status].history()))).toBeNull();
    });
  });
});

describe('the whole history is JSON', () => {
  it('round-trips every event of a procedure through JSON unchanged (no Date, no bigint, no undefined)', () => {
    const history = play(
      play(aTenderReadyForContract([A, B]), recordContract, T.contracted),
      closeContract,
      T.contracted,
    );
    // toStrictEqual: a property holding undefined, a Date or a class instance would not survive the trip
    expect(JSON.parse(JSON.stringify(history))).toStrictEqual(history);
    expect(stateOf(JSON.parse(JSON.stringify(history)))).toStrictEqual(stateOf(history));
  });
});
