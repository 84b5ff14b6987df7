import { at, DAY, HOUR, laptopsAt, scheduleFrom, type ProcedureDriver } from '../testing/procedure-driver';
import { TransparencyTestbed } from '../testing/transparency.testbed';
import type { ProcedureFigures } from './statistics';

/**
 * Statistics on five procedures built so that each figure is known: two units, every procedure type, an
 * auction that saved 10 %, a works procedure in another CPV division still waiting for proposals.
 */
let testbed: TransparencyTestbed;

const money = (amount: number) => ({ amount, currency: 'MXN' });
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
  await testbed.caughtUp();
}, 240_000);

afterAll(() => testbed?.close());

describe('statistics', () => {
  it('counts procedures and amounts by procedure type, with shares of the count and of the awarded amount', async () => {
    const stats = await testbed.statistics.compute({});
    // Awarded: T1 23,000,000; T2 23,000,000; T3 20,700,000 (auction); T4 10,000,000 (direct); T5 none yet.
    expect(stats.totals).toEqual({
      procedures: 5,
      estimatedAmount: money(156_000_000),
      awardedAmount: money(76_700_000),
      contractedAmount: money(0),
    });
    expect(stats.byProcedureType.map((row) => shares(row.procedureType, row))).toEqual([
      ['public_national', 2, 40, 23_000_000, 29.99],
      ['public_international', 1, 20, 20_700_000, 26.99],
      ['invitation', 1, 20, 23_000_000, 29.99],
      ['direct_award', 1, 20, 10_000_000, 13.04],
    ]);
    expect(stats.byProcedureGroup.map((row) => shares(row.group, row))).toEqual([
      ['public_tender', 3, 60, 43_700_000, 56.98],
      ['invitation', 1, 20, 23_000_000, 29.99],
      ['direct_award', 1, 20, 10_000_000, 13.04],
    ]);
  });

  it('by month of publication (Mexico City), by buying unit and by CPV division', async () => {
    const stats = await testbed.statistics.compute({});
    expect(stats.byMonth).toEqual([
      { month: '2026-03', procedures: 1, estimatedAmount: money(26_500_000), awardedAmount: money(23_000_000) },
      { month: '2026-04', procedures: 2, estimatedAmount: money(53_000_000), awardedAmount: money(43_700_000) },
      { month: '2026-05', procedures: 2, estimatedAmount: money(76_500_000), awardedAmount: money(10_000_000) },
    ]);
    expect(stats.byBuyingUnit).toEqual([
      {
        buyingUnitId: 'uc-a',
        name: 'Unidad A',
        procedures: 2,
        estimatedAmount: money(53_000_000),
        awardedAmount: money(46_000_000),
      },
      {
        buyingUnitId: 'uc-b',
        name: 'Unidad B',
        procedures: 3,
        estimatedAmount: money(103_000_000),
        awardedAmount: money(30_700_000),
      },
    ]);
    expect(
      stats.byClassifierDivision.map(({ division, procedures, items, estimatedAmount, awardedAmount }) => [
        division,
        procedures,
        items,
        estimatedAmount.amount,
        awardedAmount.amount,
      ]),
    ).toEqual([
      ['30000000-9', 4, 8, 106_000_000, 76_700_000],
      ['45000000-7', 1, 1, 50_000_000, 0],
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

  it('sums auction savings from the best opening price and places them in the distribution', async () => {
    expect((await testbed.statistics.compute({})).auctionSavings).toEqual({
      auctions: 1,
      totalSavings: money(2_300_000),
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
      3, 1, 1,
    ]);
    expect((await testbed.statistics.compute({ currency: 'USD' })).totals).toEqual({
      procedures: 0,
      estimatedAmount: { amount: 0, currency: 'USD' },
      awardedAmount: { amount: 0, currency: 'USD' },
      contractedAmount: { amount: 0, currency: 'USD' },
    });
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
