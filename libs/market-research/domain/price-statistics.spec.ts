import { priceStatistics } from './price-statistics';

const mxn = (amount: number) => ({ amount, currency: 'MXN' });

describe('price statistics of one item', () => {
  it('gives count, min, median, max and the spread (max − min) / median in basis points', () =>
    expect(priceStatistics([mxn(2_600_000), mxn(2_000_000), mxn(2_400_000)])).toEqual([
      { currency: 'MXN', count: 3, min: 2_000_000, median: 2_400_000, max: 2_600_000, spreadBasisPoints: 2_500 },
    ]));

  it('takes the mean of the two middle prices for an even count, rounded half up to a centavo', () =>
    expect(priceStatistics([mxn(101), mxn(100), mxn(300), mxn(50)])[0]).toMatchObject({ median: 101 }));

  it('rounds the spread half up', () =>
    // (3 − 1) / 3 = 0.666… → 6 666.67 bp → 6 667
    expect(priceStatistics([mxn(1), mxn(3), mxn(3)])[0].spreadBasisPoints).toBe(6_667));

  it('keeps each currency apart, never mixing them', () =>
    expect(
      priceStatistics([mxn(2_000_000), { amount: 110_000, currency: 'USD' }, mxn(2_200_000)]).map((s) => [
        s.currency,
        s.count,
        s.median,
      ]),
    ).toEqual([
      ['MXN', 2, 2_100_000],
      ['USD', 1, 110_000],
    ]));

  it('stays exact for amounts beyond 2^53 / 10 000', () => {
    const big = 900_000_000_000_000;
    expect(priceStatistics([mxn(big), mxn(big + 2)])[0]).toMatchObject({ median: big + 1, spreadBasisPoints: 0 });
  });

  it('is empty without prices', () => expect(priceStatistics([])).toEqual([]));
});
