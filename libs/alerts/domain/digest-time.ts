/**
 * When a daily subscriber's alert goes out: the next digest hour (in the digest's time zone, America/Mexico_City
 * by default) at or after the event. Pure: the offset of the zone is read from Intl for that day.
 */
export function nextDigestAt(after: Date, hour: number, timeZone: string): Date {
  const day = localDate(after, timeZone);
  for (let add = 0; add < 3; add++) {
    const candidate = zonedInstant(addDays(day, add), hour, timeZone);
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  throw new Error('unreachable: a digest hour comes within three days');
}

type LocalDate = { year: number; month: number; day: number };

function localDate(instant: Date, timeZone: string): LocalDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(instant)
    .reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {});
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

const addDays = ({ year, month, day }: LocalDate, days: number): LocalDate => {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
};

/** The instant that reads `hour`:00 on that local date in the zone. */
function zonedInstant({ year, month, day }: LocalDate, hour: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour);
  const offset = offsetMs(new Date(guess), timeZone);
  const instant = new Date(guess - offset);
  // A change of offset between the guess and the instant (a DST switch at night) is corrected once.
  const corrected = offsetMs(instant, timeZone);
  return corrected === offset ? instant : new Date(guess - corrected);
}

function offsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
    .formatToParts(instant)
    .reduce<Record<string, number>>((all, part) => ({ ...all, [part.type]: Number(part.value) }), {});
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}
