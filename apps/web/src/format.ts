/// <reference lib="es2023.intl" />
/**
 * Numbers, money and dates as Mexico writes them. Money comes from the API in integer centavos; it is turned
 * into an exact decimal string ("1234.05") and handed to Intl as a string, so no float ever touches it.
 */
export const TIME_ZONE = 'America/Mexico_City';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** `123456` centavos → "$1,234.56" (es-MX), exact for any integer amount. */
export function money(centavos: number | bigint | null | undefined, currency = 'MXN'): string {
  if (centavos === null || centavos === undefined) return '—';
  let format = moneyFormats.get(currency);
  if (!format) moneyFormats.set(currency, (format = new Intl.NumberFormat('es-MX', { style: 'currency', currency })));
  return format.format(centavosToDecimal(centavos));
}

/** `-123405` → "-1234.05": integer arithmetic only. */
export function centavosToDecimal(centavos: number | bigint): Intl.StringNumericLiteral {
  const value = BigInt(centavos);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  // An optional sign, digits, a point and two digits: a numeric literal Intl formats exactly.
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}` as Intl.StringNumericLiteral;
}

/** "1,234.56" or "1234.5" typed by a person → centavos, or `null` when it is not an amount. */
export function parseMoney(text: string): number | null {
  const clean = text.replace(/[\s$,]/g, '').replace(/MXN/i, '');
  const match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(clean);
  if (!match) return null;
  const centavos = BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0') || '0');
  return centavos <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(centavos) : null;
}

const numberFormat = new Intl.NumberFormat('es-MX');
export const number = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : numberFormat.format(value);

/** Basis points (1/100 of a percent) → "12.34 %". */
export const basisPoints = (bp: number | null | undefined) =>
  bp === null || bp === undefined ? '—' : `${numberFormat.format(bp / 100)} %`;
export const percent = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined
    ? '—'
    : `${new Intl.NumberFormat('es-MX', { maximumFractionDigits: digits }).format(value)} %`;

let dateLocaleName = 'es-MX';
const dateLocale = () => dateLocaleName;
/** Dates follow the page's language (numbers and money stay es-MX). */
export function useDateLocale(language: 'es' | 'en'): void {
  dateLocaleName = language === 'en' ? 'en-US' : 'es-MX';
}

/**
 * Spanish times on the 24-hour clock ("19:35"), as Mexican notices write them: es-MX's 12-hour "7:35 p.m."
 * ends in a period, and a sentence's own period after it read "p.m..". English keeps "7:35 PM".
 */
const hourCycle = (): Pick<Intl.DateTimeFormatOptions, 'hourCycle'> =>
  dateLocaleName === 'es-MX' ? { hourCycle: 'h23' } : {};

/** An instant in Mexico City time, e.g. "2 mar 2026, 10:00". */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(dateLocale(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
    ...hourCycle(),
  }).format(new Date(iso));
}

/** An instant to the second in Mexico City time, e.g. "2 mar 2026, 10:00:05" (moments of the public record). */
export function dateTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(dateLocale(), {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: TIME_ZONE,
    ...hourCycle(),
  }).format(new Date(iso));
}

export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(dateLocale(), { dateStyle: 'medium', timeZone: TIME_ZONE }).format(new Date(iso));
}

export function clock(ms: number): string {
  return new Intl.DateTimeFormat(dateLocale(), {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone: TIME_ZONE,
  }).format(new Date(ms));
}

/** A remaining duration as "1:02:03" or "02:03". */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => n.toString().padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** How far Mexico City's wall clock is ahead of UTC at `instant` (negative: behind). */
function mexicoOffsetMs(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return (
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) -
    Math.floor(instant / 1000) * 1000
  );
}

/** A `datetime-local` value ("2026-03-02T10:00") read as Mexico City time → ISO instant (UTC). */
export function mexicoLocalToIso(local: string): string {
  const asUtc = Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`);
  return new Date(asUtc - mexicoOffsetMs(asUtc - mexicoOffsetMs(asUtc))).toISOString();
}

/** An ISO instant → the `datetime-local` value in Mexico City time. */
export function isoToMexicoLocal(iso: string): string {
  const instant = Date.parse(iso);
  return new Date(instant + mexicoOffsetMs(instant)).toISOString().slice(0, 16);
}

/** quantity × unit price in centavos, half up, as the API computes a line (quantities have up to 3 decimals). */
export function lineTotal(quantity: number, unitPrice: number): number {
  const milli = BigInt(Math.round(quantity * 1000));
  return Number((milli * BigInt(unitPrice) + 500n) / 1000n);
}
