import { laptopsLot } from '@licita/tendering/domain/tender.scenarios';
import { at, DAY, HOUR, laptopsAt, scheduleFrom, type ProcedureDriver } from '../testing/procedure-driver';
import { TransparencyTestbed } from '../testing/transparency.testbed';
import type { ProcedureFigures } from './statistics';

/**
 * Statistics on five procedures in pesos built so that each figure is known: two units, every procedure type,
 * an auction that saved 10 %, a works procedure in another CPV division still waiting for proposals; and three
 * direct awards in dollars to unit B, which must never be added to the pesos.
 */
let testbed: TransparencyTestbed;

const money = (amount: number) => ({ amount, currency: 'MXN' });
const usd = (amount: number) => ({ amount, currency: 'USD' });
/** The dollar direct awards to unit B in 2026: [procedure, supplier, amount in cents]. */
const DOLLAR_AWARDS: Array<[string, string, number]> = [
  ['U1', 'c', 3_000_000],
  ['U2', 'c', 2_000_000],
  ['U3', 'a', 1_000_000],
];
/** A laptops lot priced in dollars (the same figures as the pesos one). */
const inDollars = () => {
  const lot = laptopsLot();
  const estimatedValue = usd(lot.estimatedValue.amount);
  return { currency: 'USD', lots: [{ ...lot, estimatedValue }], estimatedTotal: estimatedValue };
};
/** A row of the by-type or by-group table as [its key, count, count share, awarded amount, amount share]. */
const shares = (key: string, row: ProcedureFigures) => [
  key,
  row.procedures,
  row.countShare,
  row.awardedAmount.amount,
  row.amountShare,
];

/** Bidders in order of price: 2,200,000 + i × 10,000 a laptop, so their lot amounts are 23.0, 23.1, 23.2 M. */
async function opened(tender: ProcedureDriver, bidders: string[]) {
  const { questionsDeadline } = (await tender.state()).content?.schedule as { questionsDeadline: string };
  await tender.clock(questionsDeadline);
  for (const [i, supplierId] of bidders.entries())
    await tender.submit(supplierId, laptopsAt(2_200_000 + i * 10_000), at(questionsDeadline, (i + 1) * HOUR));
  await tender.openAndEvaluate();
  return (await tender.state()).openedAt as string;
}

beforeAll(async () => {
  testbed = await TransparencyTestbed.start();
  await testbed.buyingUnit('uc-a', 'Unidad A');
  await testbed.buyingUnit('uc-b', 'Unidad B');
  for (const id of ['a', 'b', 'c'])
    await testbed.supplierRegistered(id, `Proveedora ${id.toUpperCase()}`, '2025-01-01T00:00:00.000Z');

  const national = await testbed.procedure('T1').publish('2026-03-02T16:00:00.000Z', { buyingUnitId: 'uc-a' });
  await national.award(at(await opened(national, ['a', 'b', 'c']), DAY));

  const invitationAt = '2026-04-06T16:00:00.000Z';
  const invitation = await testbed
    .procedure('T2')
    .publishInvitation(invitationAt, ['a', 'b', 'c'], { buyingUnitId: 'uc-a' });
  await invitation.award(at(await opened(invitation, ['a', 'b']), DAY));

  const internationalAt = '2026-04-10T16:00:00.000Z';
  const international = await testbed.procedure('T3').publish(internationalAt, {
    buyingUnitId: 'uc-b',
    procedureType: 'public_international',
    reverseAuction: true,
    schedule: scheduleFrom(internationalAt, { questions: 7, submission: 21 }),
  });
  const openedAt = await opened(international, ['a', 'b', 'c']);
  const result = await international.auction('lot-1', at(openedAt, DAY), [
    { supplierId: 'b', amount: 22_000_000 },
    { supplierId: 'a', amount: 21_000_000 },
    { supplierId: 'c', amount: 20_700_000 },
  ]);
  await international.award(at(openedAt, 2 * DAY), [result]);

  await testbed.procedure('T4').awardDirectly('a', 10_000_000, '2026-05-01T16:00:00.000Z', { buyingUnitId: 'uc-b' });

  const works = {
    lotId: 'lot-1',
    title: 'Construcción de la clínica',
    items: [
      {
        itemId: 'item-1',
        classifierCode: '45210000-2',
        description: 'Obra civil',
        quantity: 1,
        unit: 'obra',
        estimatedUnitPrice: 50_000_000,
      },
    ],
    estimatedValue: money(50_000_000),
  };
  await testbed.procedure('T5').publish('2026-05-04T16:00:00.000Z', {
    buyingUnitId: 'uc-b',
    category: 'works',
    lots: [works],
    estimatedTotal: money(50_000_000),
  });
  for (const [i, [tenderId, supplierId, amount]] of DOLLAR_AWARDS.entries())
    await testbed.procedure(tenderId).awardDirectly(supplierId, amount, at('2026-06-01T16:00:00.000Z', i * DAY), {
      buyingUnitId: 'uc-b',
      ...inDollars(),
    });
  await testbed.caughtUp();
}, 240_000);

afterAll(() => testbed?.close());

/** Rows of one currency, without their `currency` field. */
const inCurrency = <Row extends { currency: string }>(rows: Row[], currency = 'MXN') =>
  rows.filter((row) => row.currency === currency).map(({ currency: _, ...rest }) => rest);
const LAPTOPS = 26_500_000;

describe('statistics', () => {
  it('counts procedures and amounts by procedure type, each currency apart, with shares within the currency', async () => {
    const stats = await testbed.statistics.compute({});
    expect(stats.currencies).toEqual(['MXN', 'USD']);
    // Awarded: T1 23,000,000; T2 23,000,000; T3 20,700,000 (auction); T4 10,000,000 (direct); T5 none yet.
    // In dollars: three direct awards, 6,000,000 cents.
    expect(stats.totals).toEqual({
      procedures: 8,
      byCurrency: [
        {
          currency: 'MXN',
          procedures: 5,
          estimatedAmount: money(156_000_000),
          awardedAmount: money(76_700_000),
          contractedAmount: money(0),
        },
        {
          currency: 'USD',
          procedures: 3,
          estimatedAmount: usd(3 * LAPTOPS),
          awardedAmount: usd(6_000_000),
          contractedAmount: usd(0),
        },
      ],
    });
    const table = <Row extends ProcedureFigures>(rows: Row[], key: (row: Row) => string, currency: string) =>
      rows.filter((row) => row.currency === currency).map((row) => shares(key(row), row));
    expect(table(stats.byProcedureType, (row) => row.procedureType, 'MXN')).toEqual([
      ['public_national', 2, 40, 23_000_000, 29.99],
      ['public_international', 1, 20, 20_700_000, 26.99],
      ['invitation', 1, 20, 23_000_000, 29.99],
      ['direct_award', 1, 20, 10_000_000, 13.04],
    ]);
    expect(table(stats.byProcedureGroup, (row) => row.group, 'MXN')).toEqual([
      ['public_tender', 3, 60, 43_700_000, 56.98],
      ['invitation', 1, 20, 23_000_000, 29.99],
      ['direct_award', 1, 20, 10_000_000, 13.04],
    ]);
    expect(table(stats.byProcedureGroup, (row) => row.group, 'USD')).toEqual([
      ['public_tender', 0, 0, 0, 0],
      ['invitation', 0, 0, 0, 0],
      ['direct_award', 3, 100, 6_000_000, 100],
    ]);
    expect(stats.byProcedureType.every((row) => row.awardedAmount.currency === row.currency)).toBe(true);
  });

  it('by month of publication (Mexico City), by buying unit and by CPV division, a row per currency', async () => {
    const stats = await testbed.statistics.compute({});
    expect(stats.byMonth).toEqual([
      {
        month: '2026-03',
        currency: 'MXN',
        procedures: 1,
        estimatedAmount: money(26_500_000),
        awardedAmount: money(23_000_000),
      },
      {
        month: '2026-04',
        currency: 'MXN',
        procedures: 2,
        estimatedAmount: money(53_000_000),
        awardedAmount: money(43_700_000),
      },
      {
        month: '2026-05',
        currency: 'MXN',
        procedures: 2,
        estimatedAmount: money(76_500_000),
        awardedAmount: money(10_000_000),
      },
      {
        month: '2026-06',
        currency: 'USD',
        procedures: 3,
        estimatedAmount: usd(3 * LAPTOPS),
        awardedAmount: usd(6_000_000),
      },
    ]);
    expect(stats.byBuyingUnit).toEqual([
      {
        buyingUnitId: 'uc-a',
        name: 'Unidad A',
        currency: 'MXN',
        procedures: 2,
        estimatedAmount: money(53_000_000),
        awardedAmount: money(46_000_000),
      },
      {
        buyingUnitId: 'uc-b',
        name: 'Unidad B',
        currency: 'MXN',
        procedures: 3,
        estimatedAmount: money(103_000_000),
        awardedAmount: money(30_700_000),
      },
      {
        buyingUnitId: 'uc-b',
        name: 'Unidad B',
        currency: 'USD',
        procedures: 3,
        estimatedAmount: usd(3 * LAPTOPS),
        awardedAmount: usd(6_000_000),
      },
    ]);
    expect(
      stats.byClassifierDivision.map(({ division, currency, procedures, items, estimatedAmount, awardedAmount }) => [
        division,
        currency,
        procedures,
        items,
        estimatedAmount.amount,
        awardedAmount.amount,
      ]),
    ).toEqual([
      ['30000000-9', 'MXN', 4, 8, 106_000_000, 76_700_000],
      ['45000000-7', 'MXN', 1, 1, 50_000_000, 0],
      ['30000000-9', 'USD', 3, 6, 3 * LAPTOPS, 6_000_000],
    ]);
    expect(stats.byClassifierDivision[1].description).toEqual({
      es: 'Trabajos de construcción',
      en: 'Construction work',
    });
  });

  it('averages the proposals of the procedures that held their opening act', async () => {
    expect((await testbed.statistics.compute({})).proposals).toEqual({
      openedProcedures: 3,
      proposals: 8,
      averagePerProcedure: 2.67,
    });
  });

  it('sums auction savings per currency from the best opening price and places them in the distribution', async () => {
    expect((await testbed.statistics.compute({})).auctionSavings).toEqual({
      auctions: 1,
      totalSavings: [money(2_300_000)],
      averageBasisPoints: 1000,
      distribution: [
        { fromBasisPoints: 0, toBasisPoints: 500, auctions: 0 },
        { fromBasisPoints: 500, toBasisPoints: 1000, auctions: 0 },
        { fromBasisPoints: 1000, toBasisPoints: 2000, auctions: 1 },
        { fromBasisPoints: 2000, toBasisPoints: 3000, auctions: 0 },
        { fromBasisPoints: 3000, toBasisPoints: null, auctions: 0 },
      ],
    });
  });

  it('narrows to a period, a unit or a currency', async () => {
    expect(
      (await testbed.statistics.compute({ from: '2026-04-01T06:00:00.000Z', to: '2026-04-30T23:59:59.999Z' })).totals
        .procedures,
    ).toBe(2);
    const unitB = await testbed.statistics.compute({ buyingUnitId: 'uc-b' });
    expect([unitB.totals.procedures, unitB.auctionSavings.auctions, unitB.proposals.openedProcedures]).toEqual([
      6, 1, 1,
    ]);
    const dollars = await testbed.statistics.compute({ currency: 'USD' });
    expect([dollars.currencies, dollars.totals.procedures, dollars.auctionSavings.totalSavings]).toEqual([
      ['USD'],
      3,
      [],
    ]);
    expect(inCurrency(dollars.byBuyingUnit, 'USD')).toEqual(inCurrency(unitB.byBuyingUnit, 'USD'));
    expect((await testbed.statistics.compute({ currency: 'EUR' })).totals).toEqual({
      procedures: 0,
      byCurrency: [
        {
          currency: 'EUR',
          procedures: 0,
          estimatedAmount: { amount: 0, currency: 'EUR' },
          awardedAmount: { amount: 0, currency: 'EUR' },
          contractedAmount: { amount: 0, currency: 'EUR' },
        },
      ],
    });
  });
});

describe('a unit that awards in pesos and in dollars', () => {
  it('ranks its suppliers in one currency at a time (MXN unless asked), listing the currencies present', async () => {
    const pesos = (await testbed.profiles.buyingUnit('uc-b')).topSuppliers;
    expect(pesos.currency).toBe('MXN');
    expect(pesos.currencies).toEqual([
      { currency: 'USD', awards: 3 },
      { currency: 'MXN', awards: 2 },
    ]);
    expect(pesos.suppliers.map((s) => [s.supplier.id, s.awards, s.awardedAmount])).toEqual([
      ['c', 1, money(20_700_000)],
      ['a', 1, money(10_000_000)],
    ]);
    const dollars = (await testbed.profiles.buyingUnit('uc-b', 'USD')).topSuppliers;
    expect(dollars.suppliers.map((s) => [s.supplier.id, s.awards, s.awardedAmount])).toEqual([
      ['c', 2, usd(5_000_000)],
      ['a', 1, usd(1_000_000)],
    ]);
  });

  it("flags the dollar winner's concentration: its share of what the unit awarded in dollars that year", async () => {
    const total = DOLLAR_AWARDS.reduce((sum, [, , amount]) => sum + amount, 0);
    const toC = DOLLAR_AWARDS.filter(([, supplier]) => supplier === 'c').reduce((sum, [, , amount]) => sum + amount, 0);
    const expected = Math.round((toC / total) * 10_000) / 100;
    const [unit] = await testbed.integrity.units('uc-b');
    // The pesos are judged apart: 10,000,000 of 30,700,000 by direct award; two awards are too few to judge
    // their concentration.
    expect(unit.unitFlags.map((f) => [f.code, f.currency, f.year, f.value])).toEqual([
      ['direct_award_share', 'MXN', 2026, 32.57],
      ['direct_award_share', 'USD', 2026, 100],
      ['winner_concentration', 'USD', 2026, expected],
    ]);
    expect(unit.unitFlags.find((f) => f.code === 'winner_concentration')?.explanation).toBe(
      `El proveedor Proveedora C recibió ${expected} % del monto adjudicado por la unidad Unidad B en 2026 (USD): $50,000.00 USD de $60,000.00 USD, en 2 adjudicaciones de 3 (umbral: 50 % con al menos 3 adjudicaciones de la unidad en el año).`,
    );
  });
});

describe('the auction in the procedure record', () => {
  it('shows the auction with its ranking and savings, and the award it led to', async () => {
    const record = await testbed.tenders.get('T3');
    expect(record.auctions).toEqual([
      expect.objectContaining({
        lotId: 'lot-1',
        status: 'closed',
        participants: 3,
        bestOpeningPrice: money(23_000_000),
        finalPrice: money(20_700_000),
        savings: { amount: money(2_300_000), basisPoints: 1000 },
      }),
    ]);
    expect(
      record.auctions[0].ranking.map((r) => [r.rank, r.supplier.id, r.supplier.name, r.finalPrice.amount]),
    ).toEqual([
      [1, 'c', 'Proveedora C', 20_700_000],
      [2, 'a', 'Proveedora A', 21_000_000],
      [3, 'b', 'Proveedora B', 22_000_000],
    ]);
    expect(record.awards).toEqual([
      expect.objectContaining({
        supplier: { id: 'c', name: 'Proveedora C' },
        basis: 'auction',
        value: money(20_700_000),
      }),
    ]);
    expect(record.timeline.map((entry) => entry.key)).toEqual(
      expect.arrayContaining(['auction.scheduled', 'auction.closed', 'auction.result_recorded', 'lot.awarded']),
    );
    expect(record.timeline.find((entry) => entry.key === 'auction.closed')?.text).toBe(
      'Cerró la subasta inversa de la partida «Equipo de cómputo portátil»: precio final $207,000.00 MXN, $23,000.00 MXN (10 %) menos que la mejor oferta inicial.',
    );
  });
});
