import { at, deciderSpec } from '../../../test/support/decider-spec';
import { contractDecider, type AmendContract, type ContractEvent, type SignContract } from './contract';
import { fiscalYearOf } from '@licita/shared';
import type { FiscalYearShare } from './multi-year';
import { SUPPLIER, T, TENDER_ID } from './tender.scenarios';

const given = deciderSpec(contractDecider);
const AMOUNT = 30_000_000;
const years = (...shares: Array<[number, number]>): FiscalYearShare[] =>
  shares.map(([fiscalYear, amount]) => ({ fiscalYear, amount }));

/** A works contract signed in April 2026 that runs until the end of 2028: three fiscal years. */
const sign = (overrides: Partial<SignContract> = {}): SignContract => ({
  type: 'SignContract',
  contractId: 'contract-plurianual',
  tenderId: TENDER_ID,
  lotId: 'lot-1',
  buyingUnitId: 'uc-imss-001',
  supplierId: SUPPLIER.B,
  amount: { amount: AMOUNT, currency: 'MXN' },
  items: [{ itemId: 'item-1', description: 'Mantenimiento', quantity: 1, unit: 'servicio' }],
  startDate: '2026-04-06T06:00:00.000Z',
  endDate: '2028-12-31T06:00:00.000Z',
  directAward: false,
  multiYear: {
    fiscalYears: years([2026, 8_000_000], [2027, 12_000_000], [2028, 10_000_000]),
    portfolioKey: '1612NAW0001',
  },
  ...overrides,
});
const signed = (): ContractEvent[] => contractDecider.decide(sign(), contractDecider.initialState(), at(T.contracted));
const amend = (overrides: Partial<AmendContract>): AmendContract => ({
  type: 'AmendContract',
  contractId: 'contract-plurianual',
  amendmentId: 'amendment-1',
  reason: 'Ampliación de metas (LAASSP art. 52)',
  ...overrides,
});

describe('a multi-year contract (plurianual)', () => {
  it('records its amount per fiscal year, in order, and the SHCP portfolio key', () => {
    const shuffled = years([2028, 10_000_000], [2026, 8_000_000], [2027, 12_000_000]);
    const state = given()
      .when(sign({ multiYear: { fiscalYears: shuffled, portfolioKey: ' 1612NAW0001 ' } }), at(T.contracted))
      .thenState();
    expect(state.multiYear).toEqual({
      fiscalYears: years([2026, 8_000_000], [2027, 12_000_000], [2028, 10_000_000]),
      portfolioKey: '1612NAW0001',
    });
  });

  it('refuses years whose amounts do not add up to the contract amount (422)', () => {
    const short = { fiscalYears: years([2026, 8_000_000], [2027, 12_000_000], [2028, 9_999_999]) };
    given()
      .when(sign({ multiYear: short }), at(T.contracted))
      .thenThrows('contract.fiscal_years_mismatch');
  });

  it('refuses a single year, a repeated year and a year outside the contract period', () => {
    for (const fiscalYears of [
      years([2026, AMOUNT]),
      years([2026, 15_000_000], [2026, 15_000_000]),
      years([2026, 10_000_000], [2029, 20_000_000]),
      years([2025, 10_000_000], [2026, 20_000_000]),
      years([2026, 10_000_000.5], [2027, 19_999_999.5]),
    ])
      given()
        .when(sign({ multiYear: { fiscalYears } }), at(T.contracted))
        .thenThrows('contract.multi_year_invalid');
  });

  it('reads the fiscal year in Mexico City: 1 January 05:00 UTC is still 31 December there', () => {
    expect(fiscalYearOf('2027-01-01T05:00:00.000Z')).toBe(2026);
    expect(fiscalYearOf('2027-01-01T06:00:00.000Z')).toBe(2027);
  });

  it('an amendment of the amount says the new amount of each year, adding up', () => {
    given(...signed())
      .when(amend({ amount: 33_000_000 }), at(T.contracted))
      .thenThrows('contract.fiscal_years_required');
    given(...signed())
      .when(
        amend({ amount: 33_000_000, fiscalYears: years([2026, 8_000_000], [2027, 12_000_000], [2028, 12_000_000]) }),
        at(T.contracted),
      )
      .thenThrows('contract.fiscal_years_mismatch');
    const state = signed().reduce(contractDecider.evolve, contractDecider.initialState());
    const fiscalYears = years([2026, 8_000_000], [2027, 12_000_000], [2028, 13_000_000]);
    const [event] = contractDecider.decide(amend({ amount: 33_000_000, fiscalYears }), state, at(T.contracted));
    expect(event).toMatchObject({
      type: 'ContractAmended',
      data: {
        amount: { amount: 33_000_000, currency: 'MXN' },
        multiYear: {
          fiscalYears: years([2026, 8_000_000], [2027, 12_000_000], [2028, 13_000_000]),
          portfolioKey: '1612NAW0001',
        },
      },
    });
    expect(event.type === 'ContractAmended' && event.data.changes.map((c) => c.path)).toEqual([
      'amount.amount',
      'fiscalYears',
    ]);
  });

  it('moving money between years is an amendment of its own; shortening the period must drop the years it leaves', () => {
    const moved = years([2026, 6_000_000], [2027, 14_000_000], [2028, 10_000_000]);
    expect(
      given(...signed())
        .when(amend({ fiscalYears: moved }), at(T.contracted))
        .thenState().multiYear?.fiscalYears,
    ).toEqual(moved);
    given(...signed())
      .when(amend({ endDate: '2027-12-31T06:00:00.000Z' }), at(T.contracted))
      .thenThrows('contract.multi_year_invalid');
  });

  it('a contract that is not multi-year has no fiscal years to amend', () => {
    const plain = contractDecider.decide(
      sign({ multiYear: undefined }),
      contractDecider.initialState(),
      at(T.contracted),
    );
    given(...plain)
      .when(amend({ fiscalYears: years([2026, 10_000_000], [2027, 20_000_000]) }), at(T.contracted))
      .thenThrows('contract.not_multi_year');
  });
});
