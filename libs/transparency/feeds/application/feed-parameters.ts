import type { TenderFilter } from '../../application/public-tenders';
import { badRequest } from '../../application/bad-request';

/** A window of the calendar: `from` inclusive, `to` exclusive. */
export type CalendarWindow = { from: Date; to: Date };

/** The longest window one request reads (a year and a month). */
export const MAX_CALENDAR_DAYS = 400;
const DAY_MS = 86_400_000;

/** The search's filters as a canonical query string (sorted, empty ones left out): the same search, the same feed id. */
export function filterQuery(filter: TenderFilter): string {
  const entries = Object.entries(filter)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([name, value]): [string, string] => [name, String(value)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(entries).toString();
}

/**
 * The window a request asks for: `from` and `to` as given, else the defaults (a `from` alone keeps the default
 * length); `calendar.invalid_range` unless `to` is after `from` and at most MAX_CALENDAR_DAYS later.
 */
export function calendarWindow(
  from: string | undefined,
  to: string | undefined,
  defaults: CalendarWindow,
): CalendarWindow {
  const start = from ? new Date(from) : defaults.from;
  const length = defaults.to.getTime() - defaults.from.getTime();
  const end = to ? new Date(to) : new Date(start.getTime() + length);
  const days = (end.getTime() - start.getTime()) / DAY_MS;
  if (days <= 0 || days > MAX_CALENDAR_DAYS)
    throw badRequest('calendar.invalid_range', `to must be after from, at most ${MAX_CALENDAR_DAYS} days later`, {
      from: start.toISOString(),
      to: end.toISOString(),
    });
  return { from: start, to: end };
}
