import { invalid, type Money } from '@licita/shared';

/** An amount as people and other contexts write it: a decimal string ("1234.50") and its ISO 4217 currency. */
export type DecimalMoney = { amount: string; currency: string };

const DECIMAL = /^\d{1,13}(\.\d{1,2})?$/;
const ISO_4217 = /^[A-Z]{3}$/;

/** "1234.5" MXN → 123450 centavos; `framework.invalid_amount` (422) for anything else (negative, 3 decimals, a float). */
export function toCentavos(value: DecimalMoney | undefined, field: string): Money {
  const amount = typeof value?.amount === 'string' ? value.amount.trim() : '';
  const currency = typeof value?.currency === 'string' ? value.currency.trim().toUpperCase() : '';
  if (!DECIMAL.test(amount) || !ISO_4217.test(currency))
    throw invalid(
      'framework.invalid_amount',
      'an amount is a decimal string with at most 2 decimals and an ISO 4217 currency',
      {
        field,
      },
    );
  const [units, cents = ''] = amount.split('.');
  return { amount: Number(units) * 100 + Number(cents.padEnd(2, '0')), currency };
}

/** 123450 centavos → "1234.50". */
export function toDecimal(money: Money): DecimalMoney {
  const sign = money.amount < 0 ? '-' : '';
  const abs = Math.abs(money.amount);
  return { amount: `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`, currency: money.currency };
}
