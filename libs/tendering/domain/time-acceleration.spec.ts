import { thrownBy } from '../../../test/support/decider-spec';
import type { TenderCommand } from './tender.commands';
import { createTenderDecider, tenderDecider } from './tender.decider';
import type { TenderEvent } from './tender.events';
import { tenderPolicy } from './tender.policy';
import {
  advanceClock,
  aProposal,
  aTenderContent,
  awardTender,
  evaluate,
  laptopsAt,
  openProposals,
  play,
  publishTender,
  submitProposal,
  SUPPLIER,
  T,
  TENDER_ID,
} from './tender.scenarios';
import type { TenderContentInput } from './tender.types';
import { MAX_TIME_ACCELERATION } from './time-acceleration';

/** A sandbox's decider (LICITA_MODE=sandbox): the same rules, accelerated time allowed. */
const sandbox = createTenderDecider(tenderPolicy({ maxTimeAcceleration: MAX_TIME_ACCELERATION }));
const MINUTE = 60_000;
/** 1440: one day of the law per real minute. */
const FACTOR = 1440;
const after = (minutes: number, from: string = T.published) =>
  new Date(Date.parse(from) + minutes * MINUTE).toISOString();

/** A public national tender (15 days minimum, 20 days to the award) whose schedule is in real minutes. */
const accelerated = (minutes: { submission: number; award: number }, factor = FACTOR): Partial<TenderContentInput> => ({
  timeAcceleration: factor,
  schedule: {
    publicationDate: T.published,
    questionsDeadline: after(5),
    submissionDeadline: after(minutes.submission),
    openingDate: after(minutes.submission),
    awardDate: after(minutes.submission + minutes.award),
  },
});
const create = (content: Partial<TenderContentInput>): TenderCommand => ({
  type: 'CreateTender',
  tenderId: TENDER_ID,
  content: aTenderContent(content),
});
const codeOf = (action: () => unknown) => (thrownBy(action) as { code?: string }).code;
const decideAt = (decider: typeof sandbox, history: TenderEvent[], command: TenderCommand, when: string) => () =>
  play(history, command, when, decider);

describe('a tender on accelerated time (practice mode)', () => {
  it('is refused by production, whatever the factor, and by a sandbox outside 1..100000 whole', () => {
    expect(codeOf(decideAt(tenderDecider, [], create(accelerated({ submission: 15, award: 20 })), T.created))).toBe(
      'tender.time_acceleration_not_allowed',
    );
    for (const factor of [0, 1.5, MAX_TIME_ACCELERATION + 1, '1440' as unknown as number])
      expect(codeOf(decideAt(sandbox, [], create({ timeAcceleration: factor }), T.created))).toBe(
        'tender.invalid_time_acceleration',
      );
    // Factor 1 is real time: the field stays absent, as on every tender before it existed.
    const [created] = play([], create({ timeAcceleration: 1 }), T.created, tenderDecider);
    expect(created.type === 'TenderCreated' && 'timeAcceleration' in created.data.content).toBe(false);
  });

  it('divides the legal minimum submission period and the award limit by the factor, and records it', () => {
    const draft = (minutes: { submission: number; award: number }) =>
      play([], create(accelerated(minutes)), T.created, sandbox);
    // 15 days at 1440 are 15 minutes of real time; 14 are too few, as 14 days would be in production.
    expect(codeOf(() => draft({ submission: 14, award: 20 }))).toBe('tender.schedule_too_short');
    expect(codeOf(() => draft({ submission: 15, award: 21 }))).toBe('tender.award_date_too_late');
    const history = draft({ submission: 15, award: 20 });
    expect(history[0]).toMatchObject({ type: 'TenderCreated', data: { content: { timeAcceleration: FACTOR } } });
    const published = play(history, publishTender(), T.published, sandbox).find((e) => e.type === 'TenderPublished');
    expect(published?.data).toMatchObject({ timeAcceleration: FACTOR, schedule: { submissionDeadline: after(15) } });
    // At 100000, the 15 days take 12.96 real seconds, and the award may come 17.28 s after the opening.
    const inSeconds = (submission: number, award: number): Partial<TenderContentInput> => ({
      timeAcceleration: MAX_TIME_ACCELERATION,
      schedule: {
        publicationDate: T.published,
        questionsDeadline: after(5 / 60),
        submissionDeadline: after(submission / 60),
        openingDate: after(submission / 60),
        awardDate: after((submission + award) / 60),
      },
    });
    expect(play([], create(inSeconds(12.96, 17.28)), T.created, sandbox)).toHaveLength(1);
    expect(codeOf(() => play([], create(inSeconds(12.95, 0)), T.created, sandbox))).toBe('tender.schedule_too_short');
    expect(codeOf(() => play([], create(inSeconds(13, 17.29)), T.created, sandbox))).toBe('tender.award_date_too_late');
  });

  it('moves a late amendment’s deadline by the accelerated notice, and ends the objection period accelerated', () => {
    const published = play(
      play([], create(accelerated({ submission: 15, award: 20 })), T.created, sandbox),
      publishTender(),
      T.published,
      sandbox,
    );
    // Amended at minute 12: the 7 days of notice are 7 minutes, so the deadline moves from minute 15 to 19.
    const amendment: TenderCommand = {
      type: 'AmendTender',
      tenderId: TENDER_ID,
      amendmentId: 'amendment-1',
      reason: 'Se corrige la descripción del bien.',
      changes: { description: 'Computadoras portátiles con garantía de tres años.' },
    };
    const amended = play(published, amendment, after(12), sandbox);
    expect(amended.find((e) => e.type === 'SubmissionDeadlineExtended')?.data).toMatchObject({
      submissionDeadline: after(19),
      noticeDays: 7 / FACTOR,
    });

    const A = aProposal(SUPPLIER.A, laptopsAt(2_400_000));
    const B = aProposal(SUPPLIER.B, laptopsAt(2_300_000));
    let history = play(published, advanceClock(), after(5), sandbox);
    history = play(history, submitProposal(A), after(6), sandbox);
    history = play(history, submitProposal(B), after(7), sandbox);
    history = play(history, advanceClock(), after(15), sandbox);
    history = play(history, openProposals([A, B]), after(15), sandbox);
    history = play(history, evaluate(A.proposalId, 'lot-1'), after(16), sandbox);
    history = play(history, evaluate(B.proposalId, 'lot-1'), after(16), sandbox);
    history = play(history, { type: 'CompleteEvaluation', tenderId: TENDER_ID }, after(16), sandbox);
    history = play(history, awardTender(), after(17), sandbox);
    // LAASSP's 8 days of objection period are 8 real minutes.
    expect(history.find((e) => e.type === 'LotAwarded')?.data).toMatchObject({
      supplierId: SUPPLIER.B,
      objectionPeriodEndsAt: after(25),
    });
  });
});
