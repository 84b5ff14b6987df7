/**
 * OCDS `value.amount` is a JSON number in currency units (123.45), Licita keeps integer minor units
 * (12345 centavos). The conversion is built as a decimal string from integers and parsed once, so the number
 * is the double nearest to the exact decimal; JSON then prints the shortest text that reads back as that
 * double, which is the exact decimal (`12345` → `123.45`, `10` → `0.1`, `100` → `1`) for every amount below
 * 2^52 minor units (4.5 × 10^15 centavos: 45 trillion pesos in one value), where doubles are spaced closer
 * than one minor unit; amounts.spec.ts checks it.
 * Never `minor * 0.01` (that gives 1.1500000000000001 for 115).
 */

/** ISO 4217 currencies whose minor unit is not the hundredth; every other code has two decimals. */
const MINOR_UNIT_DIGITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Up to this many minor units the printed amount is the exact decimal (see above). */
export const EXACT_AMOUNT_LIMIT = 2 ** 52;

export const minorUnitDigits = (currency: string): number => MINOR_UNIT_DIGITS[currency] ?? 2;

/** `12345, 'MXN'` → `123.45`; `-5, 'MXN'` → `-0.05`; `7, 'JPY'` → `7`. */
export function toCurrencyUnits(minor: number, currency: string): number {
  if (!Number.isSafeInteger(minor)) throw new Error(`an amount in minor units is an integer, got ${minor}`);
  return Number(decimalText(minor, minorUnitDigits(currency)));
}

/** The exact decimal text of `minor / 10^digits`, without trailing zeros: `12340, 2` → `123.4`. */
export function decimalText(minor: number, digits: number): string {
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor));
  if (digits === 0) return `${sign}${text}`;
  const padded = text.padStart(digits + 1, '0');
  const units = padded.slice(0, -digits);
  const fraction = padded.slice(-digits).replace(/0+$/, '');
  return `${sign}${units}${fraction ? `.${fraction}` : ''}`;
}
