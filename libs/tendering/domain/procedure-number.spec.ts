import { at, deciderSpec } from '../../../test/support/decider-spec';
import {
  formatProcedureNumber,
  isProcedureNumber,
  numberingYear,
  numberUnitKey,
  procedureNumbersDecider,
  type ProcedureNumberReserved,
} from './procedure-number';
import { publicStatus, statusAfter } from './public-status';
import type { TenderCommand } from './tender.commands';
import { tenderDecider } from './tender.decider';
import type { TenderEvent } from './tender.events';
import {
  aDirectAward,
  aDraftTender,
  aPublishedTender,
  publishTender,
  SUPPLIER,
  standing,
  stateOf,
  T,
  TENDER_ID,
} from './tender.scenarios';

const sequence = deciderSpec(procedureNumbersDecider);
const reserve = (tenderId: string) =>
  ({
    type: 'ReserveProcedureNumber',
    tenderId,
    procedureType: 'public_national',
    unitKey: 'UC001',
    year: 2026,
  }) as const;
const reserved = (tenderId: string, seq: number, prefix = 'LA'): ProcedureNumberReserved => ({
  type: 'ProcedureNumberReserved',
  data: { tenderId, number: `${prefix}-UC001-${seq}-2026`, sequence: seq, reservedAt: '2026-03-02T16:00:00.000Z' },
});

describe('procedure numbers', () => {
  it('are LA- for public tenders, IA- for invitations, AA- for direct awards', () => {
    expect(formatProcedureNumber('public_national', 'UC001', 7, 2026)).toBe('LA-UC001-7-2026');
    expect(formatProcedureNumber('public_international', 'UC001', 7, 2026)).toBe('LA-UC001-7-2026');
    expect(formatProcedureNumber('invitation', 'UC001', 7, 2026)).toBe('IA-UC001-7-2026');
    expect(formatProcedureNumber('direct_award', 'UC001', 7, 2026)).toBe('AA-UC001-7-2026');
    expect(isProcedureNumber('LA-UC001-7-2026')).toBe(true);
    expect(isProcedureNumber('LA-UC001-0-2026')).toBe(false);
    expect(isProcedureNumber('XX-UC001-1-2026')).toBe(false);
    expect(numberUnitKey('uc-001')).toBe('UC001');
  });

  it('count the year in Mexico City: 1 January 03:00 UTC is still the last year there', () => {
    expect(numberingYear(new Date('2027-01-01T03:00:00Z'))).toBe(2026);
    expect(numberingYear(new Date('2027-01-01T07:00:00Z'))).toBe(2027);
  });

  it('start the sequence of a unit and year at 1', () =>
    sequence().when(reserve('t-1'), at('2026-03-02T16:00:00.000Z')).then(reserved('t-1', 1)));

  it('give the next sequence to the next tender, whatever its type', () =>
    sequence(reserved('t-1', 1), reserved('t-2', 2, 'IA'))
      .when(reserve('t-3'), at('2026-03-02T16:00:00.000Z'))
      .then(reserved('t-3', 3)));

  it('never give a tender a second number: asking again (a retry) reserves nothing', () =>
    sequence(reserved('t-1', 1), reserved('t-2', 2))
      .when(reserve('t-1'), at('2026-03-02T16:00:00.000Z'))
      .thenNothing());
});

describe('a procedure number is assigned by an event', () => {
  const given = deciderSpec(tenderDecider);
  const assigned = (number: string, assignedAt: string): TenderEvent => ({
    type: 'ProcedureNumberAssigned',
    data: { tenderId: TENDER_ID, number, assignedAt },
  });

  it('with the publication, just before TenderPublished', () => {
    const events = tenderDecider.decide({ ...publishTender(), number: 'LA-UC001-1-2026' }, stateOf(aDraftTender()), {
      now: new Date(T.published),
      actor: 'buyer',
    });
    expect(events.map((e) => e.type)).toEqual(['ProcedureNumberAssigned', 'TenderPublished']);
    expect(events[0]).toEqual(assigned('LA-UC001-1-2026', T.published));
    expect(stateOf([...aDraftTender(), ...events]).number).toBe('LA-UC001-1-2026');
  });

  it('with a direct award, just before its lots are awarded', () => {
    const command: TenderCommand = {
      type: 'AwardDirectly',
      tenderId: TENDER_ID,
      suppliers: [standing(SUPPLIER.A)],
      lots: [{ lotId: 'lot-1', amount: 26_000_000 }],
      number: 'AA-UC001-2-2026',
    };
    const events = tenderDecider.decide(command, stateOf(aDraftTender(aDirectAward())), {
      now: new Date(T.awarded),
      actor: 'buyer',
    });
    expect(events.map((e) => e.type)).toEqual(['ProcedureNumberAssigned', 'LotAwarded']);
    expect(events[0]).toEqual(assigned('AA-UC001-2-2026', T.awarded));
  });

  it('not without a number (a unit outside the register, events before numbers): none is made up', () => {
    given(...aDraftTender())
      .when(publishTender(), at(T.published))
      .then(expect.objectContaining({ type: 'TenderPublished' }));
    expect(stateOf(aPublishedTender()).number).toBeNull();
  });

  it('refuses what is not a procedure number', () =>
    given(...aDraftTender())
      .when({ ...publishTender(), number: 'cualquier cosa' }, at(T.published))
      .thenThrows('tender.invalid_number'));
});

describe('one status function', () => {
  const schedule = { questionsDeadline: T.questionsDeadline, submissionDeadline: T.submissionDeadline };
  const ms = (iso: string, delta: number) => new Date(Date.parse(iso) + delta);

  it('moves a published procedure through the periods at their deadlines, recorded or not', () => {
    expect(publicStatus({ status: 'active.enquiries', schedule }, ms(T.questionsDeadline, -1))).toBe(
      'active.enquiries',
    );
    expect(publicStatus({ status: 'active.enquiries', schedule }, ms(T.questionsDeadline, 0))).toBe('active.tendering');
    expect(publicStatus({ status: 'active.tendering', schedule }, ms(T.submissionDeadline, -1))).toBe(
      'active.tendering',
    );
    expect(publicStatus({ status: 'active.enquiries', schedule }, ms(T.submissionDeadline, 0))).toBe(
      'active.awaiting_opening',
    );
    expect(publicStatus({ status: 'active.tendering', schedule }, ms(T.submissionDeadline, 12 * 86_400_000))).toBe(
      'active.awaiting_opening',
    );
  });

  it('changes no other status by time', () => {
    expect(publicStatus({ status: 'opened', schedule }, ms(T.submissionDeadline, 1))).toBe('opened');
    expect(publicStatus({ status: 'cancelled', schedule }, ms(T.submissionDeadline, 1))).toBe('cancelled');
    expect(publicStatus({ status: 'draft', schedule: null }, ms(T.submissionDeadline, 1))).toBe('draft');
  });

  it('SubmissionPeriodEnded leaves the procedure awaiting its opening; the opening act moves it on', () => {
    const ended: TenderEvent = {
      type: 'SubmissionPeriodEnded',
      data: { tenderId: TENDER_ID, endedAt: T.submissionDeadline },
    };
    expect(statusAfter('active.tendering', ended)).toBe('active.awaiting_opening');
    expect(statusAfter('active.enquiries', ended)).toBe('active.awaiting_opening');
    expect(statusAfter('cancelled', ended)).toBe('cancelled');
    expect(
      statusAfter('active.awaiting_opening', {
        type: 'ProposalsOpened',
        data: { tenderId: TENDER_ID, openedAt: T.openingDate, proposals: [] },
      }),
    ).toBe('opened');
  });
});
