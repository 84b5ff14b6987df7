/**
 * Mexico's fiscal year is the calendar year; an instant belongs to the year it is in Mexico City (UTC−6 since
 * 2022, with DST before). Plans, multi-year contracts and procedure numbers all count years this way.
 */
export function fiscalYearOf(instant: string | Date): number {
  return Number(
    new Intl.DateTimeFormat('en-US', { timeZone: 'America/Mexico_City', year: 'numeric' }).format(new Date(instant)),
  );
}
