import {
  addCalendarDays,
  calendarDaysBetween,
  checkSubmissionPeriod,
  LAW_VERSIONS,
  lawFor,
  mexicoCityDate,
  mexicoCityInstant,
  minimumSubmissionDeadline,
  onMexicoCityDate,
  submissionPeriodRule,
  type PeriodProcedure,
} from './legal-calendar';

// Every instant below is written by hand in UTC from the Mexico City wall time in the comment: CST is UTC-6,
// CDT (daylight saving, first Sunday of April 02:00 to last Sunday of October 02:00, until October 2022) UTC-5.

const goods = (procedureType: PeriodProcedure['procedureType'], reduced = false): PeriodProcedure => ({
  category: 'goods',
  procedureType,
  reduced,
});
const works = (procedureType: PeriodProcedure['procedureType'], reduced = false): PeriodProcedure => ({
  category: 'works',
  procedureType,
  reduced,
});

describe('the Mexico City calendar', () => {
  it.each([
    ['late at night, already the next day in UTC (CST)', '2023-06-02T05:30:00Z', '2023-06-01'], // 23:30 CST
    ['late at night in summer time (CDT)', '2013-07-11T04:59:00Z', '2013-07-10'], // 23:59 CDT
    ['midnight in summer time (CDT)', '2013-07-11T05:00:00Z', '2013-07-11'], // 00:00 CDT
    ['just before the 2015 spring change', '2015-04-05T07:59:00Z', '2015-04-05'], // 01:59 CST
    ['the repeated hour of the 2022 autumn change', '2022-10-30T07:30:00Z', '2022-10-30'], // 01:30 CST
    ['New Year in Mexico City, still 31 December', '2024-01-01T05:59:59Z', '2023-12-31'], // 23:59:59 CST
  ])('dates an instant %s', (_what, instant, date) => expect(mexicoCityDate(instant)).toBe(date));

  it.each([
    ['2015-04-05', '00:30', '2015-04-05T06:30:00.000Z'], // before the change: CST
    ['2015-04-05', '03:30', '2015-04-05T08:30:00.000Z'], // after: CDT
    ['2015-04-05', '02:30', '2015-04-05T08:30:00.000Z'], // skipped: one hour later on the clock
    ['2022-10-30', '01:30', '2022-10-30T06:30:00.000Z'], // shown twice: the first (CDT)
    ['2022-10-30', '03:00', '2022-10-30T09:00:00.000Z'], // after the last change: CST for good
    ['2023-04-02', '02:30', '2023-04-02T08:30:00.000Z'], // no change in 2023: CST
    ['2013-07-10', '22:00', '2013-07-11T03:00:00.000Z'],
  ])('finds the instant of %s %s', (date, time, instant) => expect(mexicoCityInstant(date, time)).toBe(instant));

  it('keeps the wall-clock hour when moving an instant across a daylight-saving change', () =>
    // 10:00 CST on 1 April 2015 → 10:00 CDT on 10 April
    expect(onMexicoCityDate('2015-04-01T16:00:00Z', '2015-04-10')).toBe('2015-04-10T15:00:00.000Z'));

  it.each([
    ['31 January → 1 February', '2013-01-31', 1, '2013-02-01'],
    ['30 April → 1 May', '2013-04-30', 1, '2013-05-01'],
    ['31 December → 1 January', '2013-12-31', 1, '2014-01-01'],
    ['14 February + 15 in leap 2012 → 29 February', '2012-02-14', 15, '2012-02-29'],
    ['20 February + 10 in leap 2016 → 1 March', '2016-02-20', 10, '2016-03-01'],
    ['29 February 2024 + 15 → 15 March', '2024-02-29', 15, '2024-03-15'],
    ['14 February + 15 in 2023 (not leap) → 1 March', '2023-02-14', 15, '2023-03-01'],
  ])('adds calendar days: %s', (_what, date, days, expected) => expect(addCalendarDays(date, days)).toBe(expected));
});

describe('counting a submission period in calendar days', () => {
  // [what, publication instant, deadline instant, calendar days]
  const cases: Array<[string, string, string, number]> = [
    ['month end: 31 January 18:00 → 15 February 09:00', '2013-02-01T00:00:00Z', '2013-02-15T15:00:00Z', 15],
    ['month end: 17 March → 1 April', '2013-03-17T16:00:00Z', '2013-04-01T16:00:00Z', 15],
    ['leap year 2012: 14 February → 29 February', '2012-02-14T18:00:00Z', '2012-02-29T16:00:00Z', 15],
    ['leap year 2016: 15 February → 1 March', '2016-02-15T18:00:00Z', '2016-03-01T16:00:00Z', 15],
    ['leap year 2024: 15 February → 1 March', '2024-02-15T18:00:00Z', '2024-03-01T16:00:00Z', 15],
    ['not leap 2023: 14 February → 1 March', '2023-02-14T18:00:00Z', '2023-03-01T16:00:00Z', 15],
    // 10:00 CST 21 March 2015 → 00:30 CST 5 April 2015, the day clocks jumped to 03:00 at 02:00
    [
      'DST start 2015: a deadline just after midnight on the change day',
      '2015-03-21T16:00:00Z',
      '2015-04-05T06:30:00Z',
      15,
    ],
    ['DST start 2015: a minute before midnight the day before', '2015-03-21T16:00:00Z', '2015-04-05T05:59:00Z', 14],
    // 10:00 CDT 10 October 2015 → 00:30 CDT 25 October 2015, the day clocks went back
    [
      'DST end 2015: a deadline just after midnight on the change day',
      '2015-10-10T15:00:00Z',
      '2015-10-25T05:30:00Z',
      15,
    ],
    // 10:00 CST 19 March 2022 → 00:30 CST 3 April 2022 (the last spring change)
    ['DST start 2022: just after midnight on the change day', '2022-03-19T16:00:00Z', '2022-04-03T06:30:00Z', 15],
    // 10:00 CDT 15 October 2022 → 00:30 CDT 30 October 2022 (the last change ever)
    ['DST end 2022: just after midnight on the change day', '2022-10-15T15:00:00Z', '2022-10-30T05:30:00Z', 15],
    // 23:30 CST 1 June 2023 (2 June in UTC) → 09:00 CST 16 June: 15 days, though 14 by UTC dates
    ['a publication late at night, already the next day in UTC', '2023-06-02T05:30:00Z', '2023-06-16T15:00:00Z', 15],
    // 23:59 CDT 10 July 2013 → 00:00 CDT 25 July: 15 days in barely more than 14 × 24 hours
    ['a publication a minute before midnight in summer time', '2013-07-11T04:59:00Z', '2013-07-25T05:00:00Z', 15],
  ];

  it.each(cases)('%s', (_what, publishedAt, deadline, days) => {
    expect(calendarDaysBetween(publishedAt, deadline)).toBe(days);
    expect(checkSubmissionPeriod(publishedAt, deadline, 15).ok).toBe(days >= 15);
  });

  it('names the earliest deadline date, counted from the Mexico City date of the publication', () => {
    // 23:30 CST 1 June 2023 is 05:30 UTC on 2 June: the 15 days run from 1 June
    expect(minimumSubmissionDeadline('2023-06-02T05:30:00Z', { minimumDays: 15 })).toBe('2023-06-16');
    expect(checkSubmissionPeriod('2023-06-02T05:30:00Z', '2023-06-16T05:59:59Z', 15)).toEqual({
      ok: false,
      actualDays: 14,
      earliestEndDate: '2023-06-16',
    });
  });
});

describe('the rules per law, procedure and version', () => {
  // [procedure, Mexico City publication instant, law version, minimum days, reference]
  const rules: Array<[string, PeriodProcedure, string, string, number, string]> = [
    [
      'LAASSP national',
      goods('public_national'),
      '2013-06-01T16:00:00Z',
      'LAASSP-2009',
      15,
      'LAASSP art. 32 (DOF 28-05-2009)',
    ],
    [
      'LAASSP international',
      goods('public_international'),
      '2013-06-01T16:00:00Z',
      'LAASSP-2009',
      20,
      'LAASSP art. 32 (DOF 28-05-2009)',
    ],
    [
      'LAASSP reduced',
      goods('public_national', true),
      '2013-06-01T16:00:00Z',
      'LAASSP-2009',
      10,
      'LAASSP art. 32 (DOF 28-05-2009)',
    ],
    [
      'LAASSP reduced international',
      goods('public_international', true),
      '2013-06-01T16:00:00Z',
      'LAASSP-2009',
      10,
      'LAASSP art. 32 (DOF 28-05-2009)',
    ],
    [
      'LAASSP invitation',
      goods('invitation'),
      '2013-06-01T16:00:00Z',
      'LAASSP-2009',
      5,
      'RLAASSP art. 77 (DOF 28-07-2010)',
    ],
    [
      'LAASSP invitation (no reduction)',
      goods('invitation', true),
      '2013-06-01T16:00:00Z',
      'LAASSP-2009',
      5,
      'RLAASSP art. 77 (DOF 28-07-2010)',
    ],
    [
      'LAASSP services',
      { ...goods('public_national'), category: 'services' },
      '2013-06-01T16:00:00Z',
      'LAASSP-2009',
      15,
      'LAASSP art. 32 (DOF 28-05-2009)',
    ],
    [
      'LAASSP leasing',
      { ...goods('public_national'), category: 'leasing' },
      '2013-06-01T16:00:00Z',
      'LAASSP-2009',
      15,
      'LAASSP art. 32 (DOF 28-05-2009)',
    ],
    [
      'LOPSRM national',
      works('public_national'),
      '2013-06-01T16:00:00Z',
      'LOPSRM-2009',
      15,
      'LOPSRM art. 32 (DOF 28-05-2009)',
    ],
    [
      'LOPSRM international',
      works('public_international'),
      '2013-06-01T16:00:00Z',
      'LOPSRM-2009',
      20,
      'LOPSRM art. 32 (DOF 28-05-2009)',
    ],
    [
      'LOPSRM reduced',
      works('public_national', true),
      '2013-06-01T16:00:00Z',
      'LOPSRM-2009',
      10,
      'LOPSRM art. 32 (DOF 28-05-2009)',
    ],
    [
      'LOPSRM invitation',
      works('invitation'),
      '2013-06-01T16:00:00Z',
      'LOPSRM-2009',
      5,
      'LOPSRM art. 44 (DOF 28-05-2009)',
    ],
    // The law-version boundary: the 2025 LAASSP came into force on 17 April 2025 (Mexico City date).
    // 23:59 CST 16 April 2025 is 05:59 UTC on 17 April: still the old text.
    [
      'LAASSP the day before the 2025 law',
      goods('public_national'),
      '2025-04-17T05:59:00Z',
      'LAASSP-2009',
      15,
      'LAASSP art. 32 (DOF 28-05-2009)',
    ],
    // 00:00 CST 17 April 2025
    [
      'LAASSP the day the 2025 law came into force',
      goods('public_national'),
      '2025-04-17T06:00:00Z',
      'LAASSP-2025',
      15,
      'LAASSP 2025 (DOF 16-04-2025)',
    ],
    [
      'LAASSP 2025 international',
      goods('public_international'),
      '2026-03-02T16:00:00Z',
      'LAASSP-2025',
      20,
      'LAASSP 2025 (DOF 16-04-2025)',
    ],
    [
      'LOPSRM is not changed by the 2025 LAASSP',
      works('public_national'),
      '2025-04-17T06:00:00Z',
      'LOPSRM-2009',
      15,
      'LOPSRM art. 32 (DOF 28-05-2009)',
    ],
    // The day before / the day the 2009 reform came into force (29 May 2009, CDT): before the table's first row
    // the first row applies.
    [
      'LAASSP before the first row',
      goods('public_national'),
      '2009-05-29T04:59:00Z',
      'LAASSP-2009',
      15,
      'LAASSP art. 32 (DOF 28-05-2009)',
    ],
    [
      'LAASSP on the first row',
      goods('public_national'),
      '2009-05-29T05:00:00Z',
      'LAASSP-2009',
      15,
      'LAASSP art. 32 (DOF 28-05-2009)',
    ],
  ];

  it.each(rules)('%s', (_what, procedure, publishedAt, version, minimumDays, reference) =>
    expect(submissionPeriodRule(procedure, publishedAt)).toMatchObject({ version, minimumDays, reference }),
  );

  it('applies the works law to works and the acquisitions law to the rest', () =>
    expect((['goods', 'services', 'works', 'leasing'] as const).map(lawFor)).toEqual([
      'LAASSP',
      'LAASSP',
      'LOPSRM',
      'LAASSP',
    ]));

  it('records a reduction only for public tenders', () => {
    expect(submissionPeriodRule(goods('public_national', true), '2013-06-01T16:00:00Z').reduced).toBe(true);
    expect(submissionPeriodRule(goods('invitation', true), '2013-06-01T16:00:00Z').reduced).toBe(false);
  });

  it('says which rules were not checked against the published text, and why', () => {
    for (const version of LAW_VERSIONS) {
      expect(version.inForceFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(version.inForceFrom > version.dof).toBe(true);
      for (const row of [...Object.values(version.periods), ...(version.reduced ? [version.reduced] : [])]) {
        expect(row.reference.dof).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (!row.reference.verified) expect(row.reference.note).toEqual(expect.any(String));
      }
    }
  });

  it('marks an unverified rule as such on what the publication records', () =>
    expect(submissionPeriodRule(goods('public_national'), '2026-03-02T16:00:00Z').verified).toBe(false));
});
