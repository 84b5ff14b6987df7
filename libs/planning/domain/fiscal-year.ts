/** Mexico's fiscal year is the calendar year; an instant belongs to the year it is in Mexico City (UTC−6). */
export function fiscalYearOf(instant: string | Date, timeZone = 'America/Mexico_City'): number {
  const year = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(new Date(instant));
  return Number(year);
}
