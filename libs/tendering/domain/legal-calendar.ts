import type { CompetitiveProcedure, IsoDateTime, ProcurementCategory } from './tender.types';

/**
 * Mexican law's submission periods: minimums in natural (calendar) days, per law, per procedure and per version of
 * the law, counted on the calendar of Mexico City. Pure: the time-zone rules come from the ICU data the runtime
 * ships (`Intl`), which carry Mexico City's daylight-saving history (observed until the Ley de los Husos Horarios,
 * DOF 28-10-2022, abolished it from 30 October 2022).
 *
 * How a period is counted (one rule, used for every law and for the amendment notice):
 *   the number of days of a period is the number of calendar days from the Mexico City date of the instant that
 *   starts it (the publication of the call) to the Mexico City date of the instant that ends it (the submission
 *   deadline). The day of publication is not counted and the last day is, so a call published on 1 March at any
 *   hour with a minimum of 15 days may set its deadline at any hour of 16 March or later.
 *   Basis: LAASSP art. 32 counts "días naturales contados a partir de la fecha de publicación de la convocatoria";
 *   LAASSP art. 11 applies the Ley Federal de Procedimiento Administrativo supplementarily, and LFPA art. 38 has
 *   periods start running the day after the act that opens them. The exact instant (hour) does not matter, as in
 *   CompraNet's practice: the sample of real 2013 tenders (../shared/compranet) sets deadlines by date, often
 *   with fewer than 15 × 24 hours between the publication and the opening (see legal-calendar.compranet.spec.ts).
 *   UNVERIFIED: the wording of LAASSP art. 11, art. 32 and LFPA art. 38 quoted here was not read against the DOF
 *   text in this session (it is given as the issue and the existing policy state it); no SFP criterion on the
 *   point was found.
 */
export const LEGAL_TIME_ZONE = 'America/Mexico_City';

/** The federal procurement laws: LAASSP (goods, services, leasing) and LOPSRM (public works). */
export type ProcurementLaw = 'LAASSP' | 'LOPSRM';

/** A citation kept as data, so readers and the README show where a number comes from. */
export type LegalReference = {
  /** `LAASSP art. 32` */
  citation: string;
  /** The DOF publication of the text cited, `YYYY-MM-DD`. */
  dof: string;
  /** False when the number and the article were not checked against the published text (see `note`). */
  verified: boolean;
  note?: string;
};

type PeriodRow = { minimumDays: number; reference: LegalReference };

/** One version of a law: the minimums it sets and the day its text came into force (Mexico City date). */
export type LawVersion = {
  law: ProcurementLaw;
  version: string;
  inForceFrom: string;
  /** The DOF publication that brought this text, `YYYY-MM-DD`. */
  dof: string;
  periods: Record<CompetitiveProcedure, PeriodRow>;
  /** The shortened period a public tender may use with a written justification; null when the law has none. */
  reduced: PeriodRow | null;
};

const UNREAD =
  'text not retrieved from a source in this session; the number is the one issue #20 and the former policy state';
const NOT_FOUND_2025 =
  'the 2025 law was not found in any source available here: the previous text’s number is kept until checked';

/**
 * The versioned table. A procedure follows the row of its law whose `inForceFrom` is the latest on or before
 * its publication's Mexico City date; a publication before the first row follows the first row.
 */
export const LAW_VERSIONS: readonly LawVersion[] = Object.freeze([
  {
    law: 'LAASSP',
    version: 'LAASSP-2009',
    // The reform of DOF 28-05-2009 (the "convocatoria" and CompraNet wording). In force the next day: ASSUMED,
    // the decree's transitory articles were not read.
    inForceFrom: '2009-05-29',
    dof: '2009-05-28',
    periods: {
      public_national: { minimumDays: 15, reference: cite('LAASSP art. 32', '2009-05-28', UNREAD) },
      public_international: { minimumDays: 20, reference: cite('LAASSP art. 32', '2009-05-28', UNREAD) },
      // From the last invitation delivered; Licita delivers every invitation at publication.
      invitation: { minimumDays: 5, reference: cite('RLAASSP art. 77', '2010-07-28', UNREAD) },
    },
    reduced: { minimumDays: 10, reference: cite('LAASSP art. 32', '2009-05-28', UNREAD) },
  },
  {
    law: 'LAASSP',
    version: 'LAASSP-2025',
    // The new LAASSP, DOF 16-04-2025, in force 17-04-2025 (the day after publication), abrogating the law of 2000:
    // dates checked against three law-firm summaries (garbar.mx, tenaabogados.com.mx, garrigues.com). Its
    // article on submission periods could not be read: UNVERIFIED, the 2009 text's minimums are kept.
    inForceFrom: '2025-04-17',
    dof: '2025-04-16',
    periods: {
      public_national: { minimumDays: 15, reference: cite('LAASSP 2025', '2025-04-16', NOT_FOUND_2025) },
      public_international: { minimumDays: 20, reference: cite('LAASSP 2025', '2025-04-16', NOT_FOUND_2025) },
      invitation: { minimumDays: 5, reference: cite('LAASSP 2025', '2025-04-16', NOT_FOUND_2025) },
    },
    reduced: { minimumDays: 10, reference: cite('LAASSP 2025', '2025-04-16', NOT_FOUND_2025) },
  },
  {
    law: 'LOPSRM',
    version: 'LOPSRM-2009',
    // LOPSRM as reformed DOF 28-05-2009 (the reform date is confirmed by a published copy headed "Última reforma
    // DOF 28-05-2009"). The periods below mirror LAASSP's and are UNVERIFIED: the works law's article (art. 32 in
    // our notes) was not read.
    inForceFrom: '2009-05-29',
    dof: '2009-05-28',
    periods: {
      public_national: { minimumDays: 15, reference: cite('LOPSRM art. 32', '2009-05-28', UNREAD) },
      public_international: { minimumDays: 20, reference: cite('LOPSRM art. 32', '2009-05-28', UNREAD) },
      invitation: { minimumDays: 5, reference: cite('LOPSRM art. 44', '2009-05-28', UNREAD) },
    },
    reduced: { minimumDays: 10, reference: cite('LOPSRM art. 32', '2009-05-28', UNREAD) },
  },
] satisfies LawVersion[]);

function cite(citation: string, dof: string, note?: string): LegalReference {
  return note ? { citation, dof, verified: false, note } : { citation, dof, verified: true };
}

/** The minimum that applied to one procedure, as recorded on its `TenderPublished` event. */
export type SubmissionPeriodRule = {
  law: ProcurementLaw;
  version: string;
  inForceFrom: string;
  procedureType: CompetitiveProcedure;
  /** True when the buyer shortened the period with a written justification. */
  reduced: boolean;
  minimumDays: number;
  /** `LAASSP art. 32 (DOF 28-05-2009)` */
  reference: string;
  verified: boolean;
};

/** Works follow the works law; goods, services and leasing the acquisitions law. */
export const lawFor = (category: ProcurementCategory): ProcurementLaw => (category === 'works' ? 'LOPSRM' : 'LAASSP');

/** The version of `law` in force on a Mexico City date. */
export function lawVersionOn(law: ProcurementLaw, date: string): LawVersion {
  const versions = LAW_VERSIONS.filter((v) => v.law === law).sort((a, b) => a.inForceFrom.localeCompare(b.inForceFrom));
  return versions.reduce((found, v) => (v.inForceFrom <= date ? v : found));
}

export type PeriodProcedure = {
  category: ProcurementCategory;
  procedureType: CompetitiveProcedure;
  /** The buyer wrote a justification to shorten the period (public tenders only). */
  reduced: boolean;
};

/** The rule a procedure published at `publishedAt` must follow. */
export function submissionPeriodRule(procedure: PeriodProcedure, publishedAt: IsoDateTime): SubmissionPeriodRule {
  const version = lawVersionOn(lawFor(procedure.category), mexicoCityDate(publishedAt));
  // Only a public tender may shorten its period (LAASSP art. 32); an invitation keeps its own minimum.
  const reduced = procedure.reduced && procedure.procedureType !== 'invitation' && version.reduced !== null;
  const row = reduced && version.reduced ? version.reduced : version.periods[procedure.procedureType];
  return {
    law: version.law,
    version: version.version,
    inForceFrom: version.inForceFrom,
    procedureType: procedure.procedureType,
    reduced,
    minimumDays: row.minimumDays,
    reference: `${row.reference.citation} (DOF ${dofDate(row.reference.dof)})`,
    verified: row.reference.verified,
  };
}

/** `2009-05-28` → `28-05-2009`, as the DOF dates its issues. */
const dofDate = (date: string): string => date.split('-').reverse().join('-');

export type PeriodCheck = {
  ok: boolean;
  /** Calendar days from the start's Mexico City date to the end's. */
  actualDays: number;
  /** The earliest Mexico City date the period may end on. */
  earliestEndDate: string;
};

/**
 * THE period check: is the period from `startsAt` to `endsAt` at least `minimumDays` calendar days on Mexico
 * City's calendar? Every submission-period and amendment-notice check goes through here (a sandbox's time
 * acceleration wraps this function).
 */
export function checkPeriod(startsAt: IsoDateTime, endsAt: IsoDateTime, minimumDays: number): PeriodCheck {
  const earliestEndDate = minimumEndDate(startsAt, minimumDays);
  return {
    ok: mexicoCityDate(endsAt) >= earliestEndDate,
    actualDays: calendarDaysBetween(startsAt, endsAt),
    earliestEndDate,
  };
}

/** The earliest Mexico City date a period of `minimumDays` starting at `startsAt` may end on. */
export const minimumEndDate = (startsAt: IsoDateTime, minimumDays: number): string =>
  addCalendarDays(mexicoCityDate(startsAt), minimumDays);

/** The submission-period check of a published call under its rule (or a longer minimum the policy sets). */
export const checkSubmissionPeriod = (
  publishedAt: IsoDateTime,
  submissionDeadline: IsoDateTime,
  minimumDays: number,
): PeriodCheck => checkPeriod(publishedAt, submissionDeadline, minimumDays);

/** The earliest date of the submission deadline of a call published at `publishedAt` under `rule`. */
export const minimumSubmissionDeadline = (publishedAt: IsoDateTime, rule: Pick<SubmissionPeriodRule, 'minimumDays'>) =>
  minimumEndDate(publishedAt, rule.minimumDays);

// ------------------------------------------------------------------------------------- Mexico City calendar

const DAY_MS = 86_400_000;

const WALL_CLOCK = new Intl.DateTimeFormat('en-CA', {
  timeZone: LEGAL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

type Wall = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClock(instant: number): Wall {
  const parts = Object.fromEntries(WALL_CLOCK.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The Mexico City calendar date (`YYYY-MM-DD`) of an instant. */
export function mexicoCityDate(instant: IsoDateTime): string {
  const w = wallClock(Date.parse(instant));
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

const dayNumber = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
};

/** Whole calendar days from the Mexico City date of `from` to that of `to` (negative when `to` is earlier). */
export const calendarDaysBetween = (from: IsoDateTime, to: IsoDateTime): number =>
  dayNumber(mexicoCityDate(to)) - dayNumber(mexicoCityDate(from));

/** A `YYYY-MM-DD` date moved by whole days (month ends and leap years by the proleptic Gregorian calendar). */
export const addCalendarDays = (date: string, days: number): string =>
  new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);

/**
 * The instant Mexico City's clocks show `date` at `time` (`HH:MM` or `HH:MM:SS`). A wall time skipped by a
 * daylight-saving change resolves to the instant one hour later on the clock; one shown twice, to the first.
 */
export function mexicoCityInstant(date: string, time = '00:00'): IsoDateTime {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm, ss = 0] = time.split(':').map(Number);
  const wanted = Date.UTC(y, m - 1, d, hh, mm, ss);
  const offsetAt = (instant: number): number => {
    const w = wallClock(instant);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - instant;
  };
  // Try the offsets in force a day either side (Mexico City has only ever had one change a day at most).
  const candidates = [offsetAt(wanted - DAY_MS), offsetAt(wanted + DAY_MS)]
    .map((offset) => wanted - offset)
    .sort((a, b) => a - b);
  const exact = candidates.find((instant) => instant + offsetAt(instant) === wanted);
  return new Date(exact ?? candidates[candidates.length - 1]).toISOString();
}

/** The same Mexico City wall-clock time as `instant`, on another Mexico City date. */
export function onMexicoCityDate(instant: IsoDateTime, date: string): IsoDateTime {
  const w = wallClock(Date.parse(instant));
  return mexicoCityInstant(date, `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`);
}
