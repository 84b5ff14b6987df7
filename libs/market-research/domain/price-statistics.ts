import type { Money } from '@licita/shared';

/**
 * The statistics of the unit prices answered for one item in one currency (never mixing currencies). Amounts are
 * integer centavos; nothing is a float:
 * - `median`: the middle price, or for an even count the mean of the two middle ones rounded half up to a centavo;
 * - `spreadBasisPoints`: (max − min) / median in basis points (1 bp = 0.01 %), rounded half up: 0 when every
 *   supplier said the same price, 10 000 when the range is as wide as the median.
 */
export type PriceStatistic = {
  currency: string;
  count: number;
  min: number;
  median: number;
  max: number;
  spreadBasisPoints: number;
};

/** One statistic per currency answered, by currency code. */
export function priceStatistics(prices: readonly Money[]): PriceStatistic[] {
  const byCurrency = new Map<string, bigint[]>();
  for (const { amount, currency } of prices) {
    const list = byCurrency.get(currency) ?? [];
    list.push(BigInt(amount));
    byCurrency.set(currency, list);
  }
  return [...byCurrency.keys()].sort().map((currency) => statistic(currency, byCurrency.get(currency) as bigint[]));
}

function statistic(currency: string, amounts: bigint[]): PriceStatistic {
  const sorted = [...amounts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const median = medianOf(sorted);
  return {
    currency,
    count: sorted.length,
    min: Number(min),
    median: Number(median),
    max: Number(max),
    spreadBasisPoints: Number(divideHalfUp((max - min) * 10_000n, median)),
  };
}

function medianOf(sorted: bigint[]): bigint {
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle];
  return divideHalfUp(sorted[middle - 1] + sorted[middle], 2n);
}

/** a / b rounded half up, for a ≥ 0 and b > 0. */
const divideHalfUp = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);
