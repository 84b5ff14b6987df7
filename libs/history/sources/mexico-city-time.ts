const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Mexico_City',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Minutes Mexico City is ahead of UTC at an instant (negative: -360 in winter, -300 under its former DST). */
function offsetMinutes(instant: number): number {
  const p: Record<string, number> = {};
  for (const { type, value } of parts.formatToParts(instant)) p[type] = Number(value);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The UTC instant of a Mexico City wall-clock time, with the zone's history from the time-zone database (daylight
 * saving time until October 2022); null for an impossible calendar date.
 */
export function mexicoCityToUtc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date | null {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (Number.isNaN(wall) || check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || s > 59)
    return null;
  let instant = wall - offsetMinutes(wall) * 60_000;
  instant = wall - offsetMinutes(instant) * 60_000;
  return new Date(instant);
}
