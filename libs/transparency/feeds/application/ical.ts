import ical, { ICalEventStatus } from 'ical-generator';
import type { CalendarDate } from './calendar';
import { feedAuthority, KIND_TEXT, tenderPage, writerFor, type TextLanguage } from './texts';

export type IcsContext = { publicUrl: string; name: string; language: TextLanguage };

/** Calendar apps poll a subscription at most this often (X-PUBLISHED-TTL / REFRESH-INTERVAL), in seconds. */
const REFRESH_SECONDS = 3600;

/**
 * An iCalendar of procedure dates: one VEVENT per date with a UID that never changes (`<tender>/<date>@<host>`),
 * DTSTART in UTC, SEQUENCE counting its moves, STATUS:CANCELLED once the procedure is cancelled, the URL of
 * its public page, and DTSTAMP/LAST-MODIFIED from when the date last changed (so the same dates are the same
 * bytes, and ETags hold).
 */
export function calendarIcs(dates: CalendarDate[], { publicUrl, name, language }: IcsContext): string {
  const w = writerFor(language);
  const calendar = ical({
    name,
    prodId: { company: 'Licita', product: 'calendario', language: language.toUpperCase() },
    ttl: REFRESH_SECONDS,
  });
  const host = feedAuthority(publicUrl);
  for (const date of dates) {
    const what = w.l(...KIND_TEXT[date.kind]);
    const procedure = date.number ? `${date.number} · ${date.title}` : date.title;
    const url = tenderPage(publicUrl, date.tenderId);
    calendar.createEvent({
      id: `${date.id}@${host}`,
      sequence: date.sequence,
      start: new Date(date.startsAt),
      end: new Date(date.endsAt ?? date.startsAt),
      stamp: new Date(date.updatedAt),
      lastModified: new Date(date.updatedAt),
      summary: `${date.cancelled ? `${w.l('CANCELADO', 'CANCELLED')}: ` : ''}${what} — ${procedure}`,
      description: [procedure, date.buyingUnit.name, url].filter(Boolean).join('\n'),
      url,
      status: date.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
