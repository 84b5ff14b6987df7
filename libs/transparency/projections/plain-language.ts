import { formatMinorUnits, type Money } from '@licita/shared';
import type { TenderStatus } from '@licita/tendering';

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

const ENGLISH_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-03-02T16:00:00Z` → `March 2, 2026, 10:00` (Mexico City). */
export function englishDate(iso: string): string {
  const part = Object.fromEntries(ENGLISH_PARTS.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.month} ${part.day}, ${part.year}, ${part.hour}:${part.minute}`;
}

/** The languages the server writes its texts for people in: Spanish (Mexico) and English. */
export type TextLanguage = 'es' | 'en';

/**
 * What a text in `language` is written with: `l(spanish, english)` picks one, `date` writes an instant. Each
 * text is written once with both, side by side, so neither language can lack it.
 */
export const writerFor = (language: TextLanguage) => ({
  language,
  l: (spanish: string, english: string): string => (language === 'en' ? english : spanish),
  date: language === 'en' ? englishDate : spanishDate,
});
export type Writer = ReturnType<typeof writerFor>;

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

/** A procedure's status as a person reads it, in Spanish and English. */
export const STATUS_TEXT: Record<TenderStatus, [string, string]> = {
  draft: ['Borrador', 'Draft'],
  'active.enquiries': ['Periodo de aclaraciones', 'Clarification period'],
  'active.tendering': ['Recepción de propuestas', 'Receiving proposals'],
  'active.awaiting_opening': ['Recepción cerrada, en espera de apertura', 'Closed, awaiting the opening act'],
  opened: ['Propuestas abiertas', 'Proposals opened'],
  evaluation: ['En evaluación', 'Under evaluation'],
  auction: ['Subasta inversa', 'Reverse auction'],
  awarded: ['Adjudicada', 'Awarded'],
  contracted: ['Contratada', 'Contracted'],
  completed: ['Concluida', 'Completed'],
  cancelled: ['Cancelada', 'Cancelled'],
  deserted: ['Desierta', 'Deserted'],
};
