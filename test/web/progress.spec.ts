import { percentToBasisPoints } from '../../apps/web/src/progress';

describe('a progress percentage typed on the works log', () => {
  it('becomes integer basis points from its digits', () => {
    expect(percentToBasisPoints('25.5')).toBe(2_550);
    expect(percentToBasisPoints('25,50 %')).toBe(2_550);
    expect(percentToBasisPoints('0.07')).toBe(7);
    expect(percentToBasisPoints('100')).toBe(10_000);
    expect(percentToBasisPoints(' 33.33 ')).toBe(3_333);
  });

  it('is refused beyond 100 %, with more than two decimals, negative or not a number', () => {
    for (const text of ['100.01', '101', '12.345', '-5', 'diez', '', '1e2'])
      expect(percentToBasisPoints(text)).toBeNull();
  });
});
