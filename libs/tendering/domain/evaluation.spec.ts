import { rankLot, type CompliantBid } from './evaluation';

const bid = (
  supplierId: string,
  amount: number,
  submittedAt: string,
  technicalPoints: number | null = null,
): CompliantBid => ({
  proposalId: `prop-${supplierId}`,
  supplierId,
  amount,
  currency: 'MXN',
  submittedAt,
  technicalPoints,
});
const order = (ranking: Array<{ supplierId: string }>) => ranking.map((r) => r.supplierId);

describe('ranking a lot', () => {
  const lowest = { type: 'lowest_price' } as const;

  it('puts the lowest price first and numbers the ranks', () => {
    const ranking = rankLot(
      [
        bid('a', 300, '2026-03-10T10:00:00Z'),
        bid('b', 100, '2026-03-10T11:00:00Z'),
        bid('c', 200, '2026-03-10T12:00:00Z'),
      ],
      lowest,
    );
    expect(ranking.map((r) => [r.rank, r.supplierId])).toEqual([
      [1, 'b'],
      [2, 'c'],
      [3, 'a'],
    ]);
  });

  it('breaks ties by earlier submission, then by supplier id, whatever the input order', () => {
    const bids = [
      bid('z', 100, '2026-03-10T10:00:00Z'),
      bid('y', 100, '2026-03-10T09:00:00Z'),
      bid('b', 100, '2026-03-10T10:00:00Z'),
    ];
    expect(order(rankLot(bids, lowest))).toEqual(['y', 'b', 'z']);
    expect(order(rankLot([...bids].reverse(), lowest))).toEqual(['y', 'b', 'z']);
  });

  it('scores points and percentages to two decimals', () => {
    const criterion = { type: 'points_and_percentages', technicalWeight: 70, economicWeight: 30 } as const;
    const ranking = rankLot(
      [bid('a', 300, '2026-03-10T10:00:00Z', 100), bid('b', 100, '2026-03-10T11:00:00Z', 50)],
      criterion,
    );
    // a: 70 + 30 × 100/300 = 80; b: 35 + 30 = 65
    expect(ranking.map((r) => [r.supplierId, r.score])).toEqual([
      ['a', 80],
      ['b', 65],
    ]);
    const thirds = rankLot([bid('a', 3, '2026-03-10T10:00:00Z', 0), bid('b', 1, '2026-03-10T11:00:00Z', 0)], {
      ...criterion,
      technicalWeight: 0,
      economicWeight: 100,
    });
    expect(thirds.map((r) => r.score)).toEqual([100, 33.33]);
  });

  it('ranks nothing when nothing is compliant', () => expect(rankLot([], lowest)).toEqual([]));
});
