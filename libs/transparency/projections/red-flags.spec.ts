import { share, tenderRedFlags, THRESHOLDS, unitRedFlags, type UnitAwards } from './red-flags';
import type { ContractRecord, TenderRecord } from './tender-record';

/** The pure flag functions, without a database: the unit-level flags of one year and currency, and contracts of amount 0. */

/** What unit "uc-1" awarded in 2025 in `currency`: `awards` awards in all, `top` the largest winner's part. */
const unitYear = (overrides: Partial<UnitAwards> = {}): UnitAwards => ({
  buyingUnit: { id: 'uc-1', name: 'Hospital General' },
  currency: 'MXN',
  year: 2025,
  awards: 4,
  awardedAmount: 100_000_000,
  directAwardAmount: 0,
  topSupplier: { id: 's-1', name: 'Proveedora Uno', awards: 2, amount: 62_000_000 },
  ...overrides,
});

describe('winner concentration: the supplier share of the amount the unit awarded in a year and currency', () => {
  it('flags 62 % and says who, which unit, which year and currency, and both amounts', () => {
    const [flag] = unitRedFlags(unitYear());
    expect(flag).toMatchObject({ code: 'winner_concentration', value: 62, threshold: 50, unit: 'percent' });
    expect(flag.explanation).toBe(
      'El proveedor Proveedora Uno recibió 62 % del monto adjudicado por la unidad Hospital General en 2025 (MXN): $620,000.00 MXN de $1,000,000.00 MXN, en 2 adjudicaciones de 4 (umbral: 50 % con al menos 3 adjudicaciones de la unidad en el año).',
    );
    expect(unitRedFlags(unitYear(), 'en')[0].explanation).toBe(
      'Supplier Proveedora Uno received 62 % of the amount awarded by the unit Hospital General in 2025 (MXN): $620,000.00 MXN of $1,000,000.00 MXN, in 2 awards of 4 (threshold: 50 % with at least 3 awards by the unit in the year).',
    );
  });

  it('computes the share from amounts, not from the count of awards', () => {
    // One award of four (25 % of the count) but 7/9 of the money.
    const unit = unitYear({
      awardedAmount: 9_000_00,
      topSupplier: { id: 's-1', name: null, awards: 1, amount: 7_000_00 },
    });
    const [flag] = unitRedFlags(unit);
    expect(flag.value).toBe(Math.round((7 / 9) * 10_000) / 100);
    expect(flag.explanation).toContain('El proveedor s-1 recibió 77.78 %');
  });

  it('flags exactly at the threshold, not just below it', () => {
    const at = (amount: number) =>
      unitRedFlags(unitYear({ topSupplier: { id: 's-1', name: null, awards: 2, amount } })).map((f) => f.code);
    expect(at(50_000_000)).toEqual(['winner_concentration']);
    expect(at(49_999_999)).toEqual([]);
  });

  it('says nothing under the minimum number of awards by the unit in the year', () => {
    expect(unitRedFlags(unitYear({ awards: THRESHOLDS.concentrationMinAwards - 1 }))).toEqual([]);
  });

  it('never divides by a zero total: a year awarded at amount 0 raises nothing', () => {
    const zero = unitYear({
      awardedAmount: 0,
      directAwardAmount: 0,
      topSupplier: { id: 's-1', name: null, awards: 4, amount: 0 },
    });
    expect(unitRedFlags(zero)).toEqual([]);
    expect(share(5, 0)).toBe(0);
  });

  it('raises the direct-award share only above 30 %, compared without rounding', () => {
    const direct = (directAwardAmount: number) =>
      unitRedFlags(unitYear({ directAwardAmount, topSupplier: null })).map((f) => f.code);
    expect(direct(30_000_000)).toEqual([]);
    expect(direct(30_000_001)).toEqual(['direct_award_share']);
  });

  it('judges the direct-award share in the same year and currency', () => {
    const [flag] = unitRedFlags(unitYear({ currency: 'USD', directAwardAmount: 31_000_000, topSupplier: null }));
    expect(flag).toMatchObject({ code: 'direct_award_share', value: 31 });
    expect(flag.explanation).toBe(
      'El 31 % del monto adjudicado en 2025 (USD) fue por adjudicación directa (umbral: más del 30 %).',
    );
  });
});

/** A public record with only `contracts`: the other flags have nothing to look at. */
const withContracts = (...amounts: number[]): TenderRecord =>
  ({
    isPublic: true,
    procedureType: 'direct_award',
    schedule: null,
    publishedAt: null,
    opening: null,
    amendments: [],
    awards: [],
    contracts: amounts.map((amount, i): Partial<ContractRecord> => ({
      contractId: `C-${i + 1}`,
      originalValue: { amount, currency: 'MXN' },
      value: { amount, currency: 'MXN' },
      amendments: [],
    })),
  }) as unknown as TenderRecord;

describe('contracts of amount 0', () => {
  it('flags them, naming each, as an open contract or missing data', () => {
    const flags = tenderRedFlags(withContracts(0, 5_000_00, 0));
    expect(flags).toEqual([
      {
        code: 'zero_amount_contract',
        title: 'Contrato por monto 0',
        explanation: '2 contratos por monto 0 (C-1, C-3): contrato abierto o dato faltante.',
        value: 2,
        threshold: 1,
        unit: 'contracts',
      },
    ]);
    expect(tenderRedFlags(withContracts(0), 'en')[0].explanation).toBe(
      '1 contract of amount 0 (C-1): an open contract or missing data.',
    );
  });

  it('raises nothing when every contract has an amount', () => {
    expect(tenderRedFlags(withContracts(1, 5_000_00))).toEqual([]);
  });
});

describe('a short submission period', () => {
  const call = (deadline: string, timeAcceleration?: number): TenderRecord =>
    ({
      ...withContracts(),
      procedureType: 'public_national',
      publishedAt: '2026-03-02T16:00:00.000Z',
      schedule: { submissionDeadline: deadline },
      periodReduction: null,
      ...(timeAcceleration === undefined ? {} : { timeAcceleration }),
    }) as unknown as TenderRecord;

  it('counts a practice tender in its own days: 15 minutes at ×1440 are the 15 days of the law', () => {
    expect(tenderRedFlags(call('2026-03-02T16:15:00.000Z', 1440))).toEqual([]);
    const [short] = tenderRedFlags(call('2026-03-02T16:10:00.000Z', 1440));
    expect(short).toMatchObject({ code: 'short_submission_period', value: 10, threshold: 15 });
    expect(short.explanation).toMatch(/^Hubo 10 días .* Días de práctica: el tiempo corre acelerado ×1440\.$/);
  });

  it('flags the same 15 minutes in real time', () => {
    expect(tenderRedFlags(call('2026-03-02T16:15:00.000Z'))).toMatchObject([
      { code: 'short_submission_period', value: 0, threshold: 15 },
    ]);
  });
});
