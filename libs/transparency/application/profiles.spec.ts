import { at, DAY, HOUR, laptopsAt } from '../testing/procedure-driver';
import { TransparencyTestbed } from '../testing/transparency.testbed';

/**
 * Profiles of a supplier and a buying unit: the register's public entry joined with what they won and signed,
 * by year. The test bed's clock stands at 2026-12-31.
 */
let testbed: TransparencyTestbed;

const money = (amount: number) => ({ amount, currency: 'MXN' });
type YearFigures = { awards: number; awarded: number; contracts: number; contracted: number };
/** A profile's row for `year` in MXN: awards and contracts with their amounts. */
const yearOf = (year: number, { awards, awarded, contracts, contracted }: YearFigures) => ({
  year,
  currency: 'MXN',
  awards,
  awardedAmount: money(awarded),
  contracts,
  contractedAmount: money(contracted),
});

/** Published at `P`, `win` the cheaper of two bidders, awarded a day after the opening act. */
async function wonBy(id: string, P: string) {
  const tender = testbed.procedure(id);
  await tender.publish(P, { buyingUnitId: 'uc-p' });
  await tender.clock(at(P, 7 * DAY));
  await tender.submit('win', laptopsAt(2_200_000), at(P, 7 * DAY + HOUR));
  await tender.submit('lose', laptopsAt(2_300_000), at(P, 7 * DAY + 2 * HOUR));
  await tender.openAndEvaluate();
  await tender.award(at(P, 19 * DAY + HOUR));
  return tender;
}

beforeAll(async () => {
  testbed = await TransparencyTestbed.start();
  await testbed.buyingUnit('uc-p', 'Unidad P');
  await testbed.supplierRegistered('win', 'Ganadora, S.A. de C.V.', '2025-01-01T00:00:00.000Z', { verified: true });
  await testbed.supplierRegistered('lose', 'Perdedora, S.A. de C.V.', '2025-01-01T00:00:00.000Z', { verified: true });
  await testbed.sanction('win', '2027-03-01T06:00:00.000Z', '2027-09-01T06:00:00.000Z', '2026-12-01T16:00:00.000Z');
  const first = await wonBy('P1', '2025-11-03T16:00:00.000Z');
  await first.contract('lot-1', '2025-12-10T16:00:00.000Z');
  await wonBy('P2', '2026-03-02T16:00:00.000Z');
  await testbed.supplierRegistered('pending', 'Nueva, S.A.S.', '2026-05-01T16:00:00.000Z');
  await testbed
    .procedure('P3')
    .awardDirectly('pending', 5_000_000, '2026-05-10T16:00:00.000Z', { buyingUnitId: 'uc-p' });
  await testbed.caughtUp();
}, 240_000);

afterAll(() => testbed?.close());

describe('a supplier profile', () => {
  it('joins the public register entry and sanctions with its awards and contracts, by year', async () => {
    const profile = await testbed.profiles.supplier('win');
    expect(profile).toMatchObject({
      supplierId: 'win',
      legalName: 'Ganadora, S.A. de C.V.',
      rfc: 'EKU9003173C9',
      register: { status: 'verified', eligible: true, registeredAt: '2025-01-01T00:00:00.000Z' },
      sanctions: [
        expect.objectContaining({
          status: 'scheduled',
          startsAt: '2027-03-01T06:00:00.000Z',
          resolutionNumber: 'SFP/RS/1/2026',
        }),
      ],
      totals: {
        awards: 2,
        contracts: 1,
        byCurrency: [
          {
            currency: 'MXN',
            awards: 2,
            awardedAmount: money(46_000_000),
            contracts: 1,
            contractedAmount: money(23_000_000),
          },
        ],
      },
      byYear: [
        yearOf(2025, { awards: 1, awarded: 23_000_000, contracts: 1, contracted: 23_000_000 }),
        yearOf(2026, { awards: 1, awarded: 23_000_000, contracts: 0, contracted: 0 }),
      ],
    });
    expect(profile.awards.map((a) => [a.tenderId, a.buyingUnit.name, a.value.amount, a.status])).toEqual([
      ['P2', 'Unidad P', 23_000_000, 'active'],
      ['P1', 'Unidad P', 23_000_000, 'active'],
    ]);
    expect(profile.contracts).toEqual([
      expect.objectContaining({
        tenderId: 'P1',
        tenderTitle: 'Adquisición de equipo de cómputo 2026',
        supplier: { id: 'win', name: 'Ganadora, S.A. de C.V.' },
        value: money(23_000_000),
        status: 'active',
      }),
    ]);
  });

  it('still shows a winner the public register does not (an unverified application), from its awards', async () => {
    expect(await testbed.profiles.supplier('pending')).toMatchObject({
      legalName: 'Nueva, S.A.S.',
      register: null,
      sanctions: [],
      totals: { awards: 1 },
    });
  });

  it('is not found for a supplier the public cannot see and who won nothing', async () => {
    await testbed.supplierRegistered('nobody', 'Nadie', '2026-01-01T00:00:00.000Z');
    await testbed.caughtUp();
    await expect(testbed.profiles.supplier('nobody')).rejects.toMatchObject({ code: 'supplier.not_found' });
    await expect(testbed.profiles.supplier('unknown')).rejects.toMatchObject({ code: 'supplier.not_found' });
  });
});

describe('a buying unit profile', () => {
  it('counts its procedures, amounts by year, top suppliers and red flags', async () => {
    const profile = await testbed.profiles.buyingUnit('uc-p');
    expect(profile).toMatchObject({
      buyingUnitId: 'uc-p',
      name: 'Unidad P',
      procedures: {
        total: 3,
        byStatus: { contracted: 1, awarded: 2 },
        byProcedureType: { public_national: 2, direct_award: 1 },
      },
      byYear: [
        {
          ...yearOf(2025, { awards: 1, awarded: 23_000_000, contracts: 1, contracted: 23_000_000 }),
          procedures: 1,
          estimatedAmount: money(26_500_000),
        },
        {
          ...yearOf(2026, { awards: 2, awarded: 28_000_000, contracts: 0, contracted: 0 }),
          procedures: 2,
          estimatedAmount: money(53_000_000),
        },
      ],
      topSuppliers: {
        currency: 'MXN',
        currencies: [{ currency: 'MXN', awards: 3 }],
        suppliers: [
          {
            supplier: { id: 'win', name: 'Ganadora, S.A. de C.V.' },
            currency: 'MXN',
            awards: 2,
            awardedAmount: money(46_000_000),
          },
          {
            supplier: { id: 'pending', name: 'Nueva, S.A.S.' },
            currency: 'MXN',
            awards: 1,
            awardedAmount: money(5_000_000),
          },
        ],
      },
    });
    expect(profile.integrity).toMatchObject({
      procedures: 3,
      flaggedProcedures: 1,
      tenderFlags: { supplier_recently_registered: 1 },
    });
    // 90.2 % of the unit's pesos went to one winner, but over two years: one award in 2025 and two in 2026 are
    // each under the three awards a year the concentration flag needs.
    expect(profile.integrity?.unitFlags).toEqual([]);
    expect(profile.awards).toHaveLength(3);
    expect(profile.contracts.map((c) => c.tenderId)).toEqual(['P1']);
  });

  it('is not found for an unknown unit', async () => {
    await expect(testbed.profiles.buyingUnit('uc-none')).rejects.toMatchObject({ code: 'buying_unit.not_found' });
  });
});
