/**
 * An amount in centavos as Mexican pesos are written: `$1,234,567.89`, `-$0.50`. Integer arithmetic only, so
 * no amount is ever rounded through a float.
 */
export function formatPesos(centavos: number): string {
  if (!Number.isSafeInteger(centavos)) throw new Error(`an amount in centavos must be an integer, got ${centavos}`);
  const sign = centavos < 0 ? '-' : '';
  const digits = Math.abs(centavos).toString().padStart(3, '0');
  const pesos = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${pesos}.${digits.slice(-2)}`;
}

/** An amount with its currency: pesos for MXN, otherwise the same digits followed by the ISO 4217 code. */
export const formatMoney = ({ amount, currency }: { amount: number; currency: string }): string =>
  currency === 'MXN' ? formatPesos(amount) : `${formatPesos(amount).replace('$', '')} ${currency}`;

const MEXICO_CITY = new Intl.DateTimeFormat('es-MX', {
  timeZone: 'America/Mexico_City',
  dateStyle: 'long',
  timeStyle: 'long',
});

/** An instant as the buyer reads it: Mexico City time, Spanish (Mexico), with the zone's name. */
export const formatInstant = (iso: string): string => MEXICO_CITY.format(new Date(iso)).replace(/[\u00a0\u202f]/g, ' '); // the standard PDF fonts have no narrow spaces
