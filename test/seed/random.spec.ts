import { Random } from '../../bench/seed/random';

/** The seed generator's skew: a few buying units and suppliers take most procedures, as in CompraNet. */
describe('Random.zipfIndex (Zipf-like draws of the seed generator)', () => {
  const draws = (n: number, count: number) => {
    const random = new Random(7);
    return Array.from({ length: count }, () => random.zipfIndex(n));
  };

  it('gives the first of 2,000 items about 9 % of the draws and the first 20 about 40 %, every draw in range', () => {
    const indexes = draws(2_000, 50_000);
    const share = (below: number) => indexes.filter((i) => i < below).length / indexes.length;
    expect(indexes.every((i) => Number.isInteger(i) && i >= 0 && i < 2_000)).toBe(true);
    expect(share(1)).toBeGreaterThan(0.08);
    expect(share(1)).toBeLessThan(0.1);
    expect(share(20)).toBeGreaterThan(0.37);
    expect(share(20)).toBeLessThan(0.43);
    // Far from uniform (which gives the first 20 of 2,000 one draw in 100), yet the tail is reached.
    expect(share(1_000)).toBeLessThan(0.95);
  });

  it('samples distinct items, the first ones most often, and nothing from an empty list', () => {
    const random = new Random(11);
    const items = Array.from({ length: 500 }, (_, i) => i);
    const samples = Array.from({ length: 2_000 }, () => random.zipfSample(items, 3));
    expect(samples.every((sample) => new Set(sample).size === sample.length && sample.length <= 3)).toBe(true);
    const firsts = samples.filter((sample) => sample.includes(0)).length;
    const middles = samples.filter((sample) => sample.includes(250)).length;
    expect(firsts).toBeGreaterThan(10 * Math.max(1, middles));
    expect(random.zipfSample([], 3)).toEqual([]);
  });
});
