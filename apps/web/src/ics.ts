/**
 * Calendar reminders as iCalendar (RFC 5545) text: the supplier's desk offers each upcoming auction as an .ics file
 * its calendar imports, with an alarm before the start. Pure: the caller gives every value, including `stamp`.
 */
export type CalendarEvent = {
  uid: string;
  title: string;
  startsAt: string;
  endsAt: string;
  url: string;
  description?: string;
  /** Minutes before the start the calendar reminds (15 unless told). */
  alarmMinutes?: number;
};

/** `2026-03-20T17:00:00.000Z` → `20260320T170000Z`. */
export const icsTime = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Escapes TEXT values (backslash, semicolon, comma, newline). */
const text = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Folds a content line at 75 octets (continuation lines start with a space). */
function fold(line: string): string {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const char of line) {
    const limit = parts.length === 0 ? 75 : 74;
    if (new TextEncoder().encode(current + char).length > limit) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function icsCalendar(events: CalendarEvent[], stamp: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Licita//Subastas//ES',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${icsTime(stamp)}`,
      `DTSTART:${icsTime(event.startsAt)}`,
      `DTEND:${icsTime(event.endsAt)}`,
      `SUMMARY:${text(event.title)}`,
      `URL:${event.url}`,
      ...(event.description ? [`DESCRIPTION:${text(event.description)}`] : []),
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${text(event.title)}`,
      `TRIGGER:-PT${event.alarmMinutes ?? 15}M`,
      'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** "in 2 d 3 h", "in 5 min 10 s" from milliseconds left (0 or less: null). */
export function countdown(msLeft: number): { days: number; hours: number; minutes: number; seconds: number } | null {
  if (msLeft <= 0) return null;
  const total = Math.floor(msLeft / 1000);
  return {
    days: Math.floor(total / 86_400),
    hours: Math.floor((total % 86_400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}
