import { formatMinorUnits, type Money } from '@licita/shared';

/** Times are shown in the buyers' time zone (America/Mexico_City), stored in UTC. */
export const TIME_ZONE = 'America/Mexico_City';

const PARTS = new Intl.DateTimeFormat('es-MX', {
  timeZone: TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-03-02T16:00:00Z` → `2 de marzo de 2026, 10:00 h` (Mexico City). */
export function spanishDate(iso: string): string {
  const part = Object.fromEntries(PARTS.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.day} de ${part.month} de ${part.year}, ${part.hour}:${part.minute} h`;
}

/** `{ amount: 123456, currency: 'MXN' }` → `$1,234.56 MXN`. */
export const spanishMoney = (money: Money): string => `$${formatMinorUnits(money.amount)} ${money.currency}`;

/** Basis points as a percentage with up to two decimals: 1234 → `12.34 %`. */
export const percentOf = (basisPoints: number): string =>
  `${(basisPoints / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;

/** Whole days and tenths: 36 hours → `1.5`. */
export const daysBetween = (from: string, to: string): number =>
  Math.round(((Date.parse(to) - Date.parse(from)) / 86_400_000) * 10) / 10;

/** `n` with the singular or plural noun: `1 propuesta`, `3 propuestas`. */
export const count = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n} ${n === 1 ? singular : plural}`;
