import {
  contractActions,
  contractAmountLimits,
  signAvailability,
  tenderActions,
  WHY,
  type TenderFacts,
} from '../../apps/web/src/buyer-actions';
import { EN } from '../../apps/web/src/en';

const SCHEDULE = {
  publicationDate: '2026-03-02T16:00:00.000Z',
  questionsDeadline: '2026-03-09T16:00:00.000Z',
  submissionDeadline: '2026-03-20T16:00:00.000Z',
  openingDate: '2026-03-20T17:00:00.000Z',
  awardDate: '2026-03-27T16:00:00.000Z',
};

type Lot = TenderFacts['lotResults'][number];
const lot = (changes: Partial<Lot> = {}): Lot => ({
  lotId: 'lot-1',
  status: 'open',
  ranking: [],
  nonCompliant: [],
  auctionId: null,
  award: null,
  desertionReason: null,
  contractId: null,
  contractOutcome: null,
  ...changes,
});

const tender = (changes: Partial<TenderFacts> = {}): TenderFacts => ({
  status: 'active.tendering',
  procedureType: 'public_national',
  schedule: SCHEDULE,
  opening: null,
  evaluationCompletedAt: null,
  lotResults: [lot()],
  challenges: [],
  cancellation: null,
  ...changes,
});

const opening = { openedAt: '2026-03-20T17:05:00.000Z', proposals: [] };
const award = (objectionPeriodEndsAt: string | null) => ({
  proposalId: 'p-1',
  supplierId: 's-1',
  amount: { amount: 100_000, currency: 'MXN' },
  basis: 'lowest_price',
  awardedAt: '2026-03-21T16:00:00.000Z',
  objectionPeriodEndsAt,
});

describe('what the buyer desk offers on a tender, and from when', () => {
  it('offers amending and answering until the submission deadline, and says until when after it', () => {
    const during = tenderActions(tender(), new Date('2026-03-10T00:00:00.000Z'));
    expect(during.amend).toEqual({ possible: true });
    expect(during.answer).toEqual({ possible: true });
    const after = tenderActions(tender(), new Date(SCHEDULE.submissionDeadline));
    expect(after.amend).toEqual({ possible: false, message: WHY.amendClosed, at: SCHEDULE.submissionDeadline });
    expect(after.answer).toEqual({ possible: false, message: WHY.answerClosed, at: SCHEDULE.submissionDeadline });
    const cancelled = tenderActions(tender({ status: 'cancelled' }), new Date('2026-03-10T00:00:00.000Z'));
    expect(cancelled.amend).toEqual({ possible: false, message: WHY.closed, at: null });
  });

  it('holds the opening act from the opening date, once', () => {
    const early = tenderActions(tender(), new Date('2026-03-20T16:59:59.999Z'));
    expect(early.open).toEqual({ possible: false, message: WHY.openingTooEarly, at: SCHEDULE.openingDate });
    expect(tenderActions(tender(), new Date(SCHEDULE.openingDate)).open).toEqual({ possible: true });
    const opened = tenderActions(tender({ status: 'opened', opening }), new Date('2026-03-21T00:00:00.000Z'));
    expect(opened.open).toMatchObject({ possible: false, message: WHY.openingDone });
    expect(opened.evaluate).toEqual({ possible: true });
    expect(opened.award).toMatchObject({ possible: false, message: WHY.awardAfterEvaluation });
  });

  it('awards after the evaluation, and only once the lots in auction have closed', () => {
    const evaluated = tender({ status: 'evaluation', opening, evaluationCompletedAt: '2026-03-21T00:00:00.000Z' });
    const now = new Date('2026-03-22T00:00:00.000Z');
    expect(tenderActions(evaluated, now).award).toEqual({ possible: true });
    const inAuction = { ...evaluated, status: 'auction' as const, lotResults: [lot({ status: 'auction' })] };
    expect(tenderActions(inAuction, now).award).toEqual({
      possible: false,
      message: WHY.awardScheduleAuction,
      at: null,
      lot: 'lot-1',
    });
    const running = [{ lotId: 'lot-1', endsAt: '2026-03-22T01:00:00.000Z' }];
    const scheduled = { ...inAuction, lotResults: [lot({ status: 'auction', auctionId: 'a-1' })] };
    expect(tenderActions(scheduled, now, running).award).toEqual({
      possible: false,
      message: WHY.awardAfterAuctionAt,
      at: '2026-03-22T01:00:00.000Z',
      lot: 'lot-1',
    });
    expect(tenderActions(scheduled, now, [{ ...running[0], closed: true }]).award).toEqual({ possible: true });
  });

  it('publishes a competitive draft only, and cancels until a contract is signed', () => {
    const now = new Date('2026-03-01T00:00:00.000Z');
    expect(tenderActions(tender({ status: 'draft' }), now).publish).toEqual({ possible: true });
    expect(tenderActions(tender({ status: 'draft', procedureType: 'direct_award' }), now).publish).toMatchObject({
      possible: false,
      message: WHY.publishDirect,
    });
    expect(tenderActions(tender(), now).publish).toMatchObject({ possible: false, message: WHY.published });
    expect(tenderActions(tender({ status: 'awarded' }), now).cancel).toEqual({ possible: true });
    const contracted = tender({ status: 'contracted', lotResults: [lot({ contractId: 'c-1' })] });
    expect(tenderActions(contracted, now).cancel).toMatchObject({ possible: false, message: WHY.cancelContracted });
    expect(tenderActions(tender({ status: 'cancelled' }), now).cancel).toMatchObject({ possible: false });
  });
});

describe('when the contract of an awarded lot may be signed', () => {
  const awarded = tender({
    status: 'awarded',
    opening,
    evaluationCompletedAt: '2026-03-21T00:00:00.000Z',
    lotResults: [lot({ status: 'awarded', award: award('2026-12-14T06:00:00.000Z') })],
  });

  it('from the end of the objection period, which the refusal names', () => {
    expect(signAvailability(awarded, 'lot-1', new Date('2026-12-10T00:00:00.000Z'))).toEqual({
      possible: false,
      message: WHY.signObjection,
      at: '2026-12-14T06:00:00.000Z',
    });
    expect(signAvailability(awarded, 'lot-1', new Date('2026-12-14T06:00:00.000Z'))).toEqual({ possible: true });
  });

  it('not while a challenge of the lot is unresolved, nor twice', () => {
    const challenge = {
      challengeId: 'ch-1',
      lotId: 'lot-1',
      supplierId: 's-2',
      grounds: 'x',
      challengedAt: '2026-12-01T00:00:00.000Z',
      resolution: null,
    };
    const after = new Date('2026-12-15T00:00:00.000Z');
    expect(signAvailability({ ...awarded, challenges: [challenge] }, 'lot-1', after)).toMatchObject({
      possible: false,
      message: WHY.signChallenge,
    });
    const signed = { ...awarded, lotResults: [lot({ status: 'contracted', award: award(null), contractId: 'c-1' })] };
    expect(signAvailability(signed, 'lot-1', after)).toMatchObject({ possible: false, message: WHY.signed });
    expect(signAvailability(tender(), 'lot-1', after)).toMatchObject({ possible: false, message: WHY.signNotAwarded });
  });
});

describe('what the desk offers on a contract', () => {
  it('amends and terminates a contract in force, and completes it from its start date', () => {
    const contract = { status: 'active' as const, startDate: '2026-04-01T06:00:00.000Z' };
    const early = contractActions(contract, new Date('2026-03-31T00:00:00.000Z'));
    expect(early.amend).toEqual({ possible: true });
    expect(early.terminate).toEqual({ possible: true });
    expect(early.complete).toEqual({ possible: false, message: WHY.completeTooEarly, at: contract.startDate });
    expect(contractActions(contract, new Date(contract.startDate)).complete).toEqual({ possible: true });
    const closed = contractActions({ ...contract, status: 'completed' }, new Date('2026-05-01T00:00:00.000Z'));
    expect(Object.values(closed).every((a) => !a.possible)).toBe(true);
  });

  it('bounds an amended amount within 20 % of the original', () => {
    expect(contractAmountLimits(47_000_000)).toEqual({ min: 37_600_000, max: 56_400_000 });
    expect(contractAmountLimits(999)).toEqual({ min: 800, max: 1198 });
    // An open contract (LAASSP art. 47) signed for 0.00: 20 % of its maximum, never below 0.
    expect(contractAmountLimits(0, 1_000_000)).toEqual({ min: 0, max: 200_000 });
  });
});

describe('the refusals are written in Spanish and English', () => {
  it.each(Object.entries(WHY))('%s has its English text, with the same placeholders', (_, spanish) => {
    const english = EN[spanish];
    expect(english).toBeDefined();
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    expect(placeholders(english)).toEqual(placeholders(spanish));
  });
});
