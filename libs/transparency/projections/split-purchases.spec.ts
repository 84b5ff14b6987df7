import { explainSplit, splitPurchases, type SplitCandidate } from './split-purchases';

const order = (
  id: string,
  amount: number,
  issuedAt: string,
  overrides: Partial<SplitCandidate> = {},
): SplitCandidate => ({
  orderId: id,
  kind: 'order',
  buyingUnitId: 'unit-1',
  classifierCode: '30213100-6',
  supplierId: 'sup-1',
  supplierName: 'Cómputo del Bajío, S.A. de C.V.',
  currency: 'MXN',
  amount,
  threshold: 30_000_000,
  issuedAt,
  ...overrides,
});

describe('the splitting red flag', () => {
  it('flags orders of one unit, code and supplier within the window that together exceed the threshold', () => {
    const [split] = splitPurchases(
      [order('a', 20_000_000, '2026-03-01T16:00:00Z'), order('b', 10_000_001, '2026-03-20T16:00:00Z')],
      30,
    );
    expect(split).toMatchObject({ orders: 2, directAwards: 0, total: 30_000_001, threshold: 30_000_000 });
    expect(explainSplit(split, 30, 'es')).toContain('2 órdenes de cotización ágil a Cómputo del Bajío');
    expect(explainSplit(split, 30, 'en')).toContain('$300,000.01 MXN');
  });

  it('says nothing at the threshold exactly, outside the window, or across suppliers, codes or currencies', () => {
    const at = (id: string, amount: number, day: string, o: Partial<SplitCandidate> = {}) =>
      order(id, amount, `2026-03-${day}T16:00:00Z`, o);
    expect(splitPurchases([at('a', 20_000_000, '01'), at('b', 10_000_000, '02')], 30)).toEqual([]);
    expect(
      splitPurchases(
        [order('a', 20_000_000, '2026-03-01T16:00:00Z'), order('b', 20_000_000, '2026-03-31T16:00:00Z')],
        30,
      ),
    ).toEqual([]);
    expect(splitPurchases([at('a', 20_000_000, '01'), at('b', 20_000_000, '02', { supplierId: 'sup-2' })], 30)).toEqual(
      [],
    );
    expect(
      splitPurchases([at('a', 20_000_000, '01'), at('b', 20_000_000, '02', { classifierCode: '30125100-2' })], 30),
    ).toEqual([]);
    expect(splitPurchases([at('a', 20_000_000, '01'), at('b', 20_000_000, '02', { currency: 'USD' })], 30)).toEqual([]);
  });

  it('counts a direct award of the same unit, code and supplier with an order, never direct awards alone', () => {
    const award = (id: string, amount: number, issuedAt: string) =>
      order(id, amount, issuedAt, { kind: 'direct_award', threshold: Number.POSITIVE_INFINITY });
    const [split] = splitPurchases(
      [order('a', 20_000_000, '2026-03-01T16:00:00Z'), award('b', 15_000_000, '2026-03-05T16:00:00Z')],
      30,
    );
    expect(split).toMatchObject({ orders: 1, directAwards: 1, total: 35_000_000, threshold: 30_000_000 });
    expect(explainSplit(split, 30, 'es')).toContain('1 orden de cotización ágil y 1 adjudicación directa a Cómputo');
    expect(
      splitPurchases(
        [award('a', 20_000_000, '2026-03-01T16:00:00Z'), award('b', 20_000_000, '2026-03-02T16:00:00Z')],
        30,
      ),
    ).toEqual([]);
  });
});
