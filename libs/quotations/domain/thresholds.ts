import { invalid, type Money } from '@licita/shared';

/**
 * The ceilings under which a purchase may go by quick quotation (cotización ágil), per law, year and currency, in
 * the currency's minor unit (centavos). For LAASSP the amounts come each year from the annex of the Federal
 * Expenditure Budget (Presupuesto de Egresos de la Federación, PEF) that sets the maximum amounts of direct awards
 * and invitations, which depend on the agency's authorised budget. **The figures below are placeholders, not the
 * PEF's**: the operator sets the real ones through `LICITA_QUICK_QUOTATION_THRESHOLDS` (see `parseThresholds`).
 */
export type QuotationLaw = 'LAASSP' | 'LOPSRM';
export const QUOTATION_LAWS: readonly QuotationLaw[] = ['LAASSP', 'LOPSRM'];

/** law → calendar year (Mexico City) → currency → ceiling in minor units. */
export type QuotationThresholds = Record<string, Record<string, Record<string, number>>>;

export const DEFAULT_QUOTATION_THRESHOLDS: QuotationThresholds = {
  // Placeholders (MXN 300,000.00 and 600,000.00): replace with the year's PEF annex amounts for the agency.
  LAASSP: { '2025': { MXN: 30_000_000 }, '2026': { MXN: 30_000_000 }, '2027': { MXN: 30_000_000 } },
  LOPSRM: { '2025': { MXN: 60_000_000 }, '2026': { MXN: 60_000_000 }, '2027': { MXN: 60_000_000 } },
};

/**
 * `LICITA_QUICK_QUOTATION_THRESHOLDS`: JSON `{ "<law>": { "<year>": { "<currency>": <centavos> } } }`, merged over
 * the defaults per law and year (a year given replaces that year's currencies). Anything malformed throws at start.
 */
export function parseThresholds(json: string | undefined, base = DEFAULT_QUOTATION_THRESHOLDS): QuotationThresholds {
  if (!json?.trim()) return base;
  const given: unknown = JSON.parse(json);
  if (!isObject(given)) throw new Error('LICITA_QUICK_QUOTATION_THRESHOLDS is a JSON object by law');
  const merged: QuotationThresholds = structuredClone(base);
  for (const [law, years] of Object.entries(given)) {
    if (!isObject(years)) throw new Error(`LICITA_QUICK_QUOTATION_THRESHOLDS.${law} is an object by year`);
    for (const [year, currencies] of Object.entries(years)) {
      if (!/^\d{4}$/.test(year) || !isObject(currencies))
        throw new Error(
          `LICITA_QUICK_QUOTATION_THRESHOLDS.${law}.${year}: a four-digit year and an object by currency`,
        );
      for (const [currency, amount] of Object.entries(currencies)) {
        if (!/^[A-Z]{3}$/.test(currency) || !Number.isSafeInteger(amount) || (amount as number) <= 0)
          throw new Error(`LICITA_QUICK_QUOTATION_THRESHOLDS.${law}.${year}.${currency}: positive integer centavos`);
      }
      merged[law] = { ...(merged[law] ?? {}), [year]: currencies as Record<string, number> };
    }
  }
  return merged;
}

/** The calendar year of an instant in Mexico City: the budget year a purchase falls in. */
export function mexicoCityYear(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', year: 'numeric' }).format(instant);
}

/** The ceiling for a law, the year of `at` and a currency; 422 `quotation.no_threshold` when none is configured. */
export function thresholdFor(thresholds: QuotationThresholds, law: string, at: Date, currency: string): Money {
  const year = mexicoCityYear(at);
  const amount = thresholds[law]?.[year]?.[currency];
  if (amount === undefined)
    throw invalid(
      'quotation.no_threshold',
      `no quick-quotation threshold is configured for ${law} ${year} ${currency}`,
      {
        law,
        year: Number(year),
        currency,
      },
    );
  return { amount, currency };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
