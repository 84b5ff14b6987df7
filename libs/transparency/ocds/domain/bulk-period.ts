/**
 * The periods bulk files are cut by: a year (`2026`) or a month (`2026-12`). A contracting process belongs to the
 * period of its first release (its publication), counted in Mexico City time, so a call published on the
 * evening of 31 December is in December, as the buying unit's staff would say; the process's later releases
 * (awards, contracts) stay in that period's files.
 */
export const BULK_TIME_ZONE = 'America/Mexico_City';

export interface BulkPeriod {
  /** `2026` or `2026-12`. */
  key: string;
  kind: 'year' | 'month';
  /** Local start (inclusive) and end (exclusive), `YYYY-MM-DD`, read in BULK_TIME_ZONE. */
  start: string;
  end: string;
}

/** A period's key: a year or a month. */
export const PERIOD_KEY = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;

/** The period a key names; `undefined` for anything else. */
export function parsePeriod(key: string): BulkPeriod | undefined {
  const match = PERIOD_KEY.exec(key);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (match[2] === undefined) return { key, kind: 'year', start: `${year}-01-01`, end: `${year + 1}-01-01` };
  const month = Number(match[2]);
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return { key, kind: 'month', start: `${year}-${match[2]}-01`, end: next };
}

/**
 * Whether new processes can still join the period at `now`: not once its end has passed, even in the time zone
 * furthest behind Mexico City's (a day's margin covers it).
 */
export function isClosed(period: BulkPeriod, now: Date): boolean {
  return now.getTime() > Date.parse(`${period.end}T00:00:00Z`) + 86_400_000;
}
