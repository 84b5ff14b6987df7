import { invalid } from './domain-error';

/** An amount in the currency's minor unit (centavos for MXN): an integer, never a float. */
export interface Money {
  amount: number;
  currency: string;
}

const ISO_4217 = /^[A-Z]{3}$/;

export function money(amount: number, currency = 'MXN'): Money {
  if (!Number.isSafeInteger(amount))
    throw invalid('money.not_integer', `amount must be an integer number of minor units, got ${amount}`);
  if (!ISO_4217.test(currency))
    throw invalid('money.invalid_currency', `currency must be an ISO 4217 code, got ${currency}`);
  return { amount, currency };
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw invalid('money.currency_mismatch', `cannot add ${a.currency} and ${b.currency}`);
  return money(a.amount + b.amount, a.currency);
}

/** "1234567" centavos → "12,345.67" for logs and messages; the web formats for its locale. */
export function formatMinorUnits(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** quantity × unit price in integer centavos, rounded half up (quantities have at most three decimals). */
export function lineTotal(quantity: number, unitPrice: number): number {
  const milli = BigInt(Math.round(quantity * 1000));
  return Number((milli * BigInt(unitPrice) + 500n) / 1000n);
}
