import { at, deciderSpec } from '../../../test/support/decider-spec';
import type { AwardDirectly, TenderCommand } from './tender.commands';
import { tenderDecider } from './tender.decider';
import type { TenderEvent } from './tender.events';
import { contractTermsFor } from './tender.state';
import {
  aDirectAward,
  aDirectAwardPerLot,
  aDraftTender,
  asOpenContract,
  createTender,
  laptopsLot,
  play,
  printersLot,
  standing,
  stateOf,
  SUPPLIER,
  T,
  TENDER_ID,
} from './tender.scenarios';
import type { TenderContentInput } from './tender.types';

const given = deciderSpec(tenderDecider);
const mxn = (amount: number) => ({ amount, currency: 'MXN' });

/** Laptops (lot-1) to A, printers (lot-2) to B. */
const awardPerLot = (overrides: Partial<AwardDirectly> = {}): AwardDirectly => ({
  type: 'AwardDirectly',
  tenderId: TENDER_ID,
  lots: [
    { lotId: 'lot-1', supplierId: SUPPLIER.A, amount: 25_000_000 },
    { lotId: 'lot-2', supplierId: SUPPLIER.B, amount: 3_000_000 },
  ],
  suppliers: [standing(SUPPLIER.A), standing(SUPPLIER.B)],
  ...overrides,
});
const recordContract = (lotId: string): TenderCommand => ({
  type: 'RecordContractSigned',
  tenderId: TENDER_ID,
  lotId,
  contractId: `contract-${lotId}`,
});
const awarded = (supplierId: string, lotId: string, amount: number, extra: object = {}): TenderEvent => ({
  type: 'LotAwarded',
  data: {
    tenderId: TENDER_ID,
    lotId,
    proposalId: null,
    supplierId,
    amount: mxn(amount),
    basis: 'direct_award',
    auctionId: null,
    awardedAt: T.awarded,
    objectionPeriodEndsAt: null,
    ...extra,
  },
});

describe('a direct award to several suppliers (LAASSP art. 41/42)', () => {
  it('is drafted with its legal justification and no supplier, and awards each lot to the supplier named for it', () =>
    given(...aDraftTender(aDirectAwardPerLot()))
      .when(awardPerLot(), at(T.awarded))
      .then(awarded(SUPPLIER.A, 'lot-1', 25_000_000), awarded(SUPPLIER.B, 'lot-2', 3_000_000)));

  it('gives each awarded lot its own contract with its own supplier, and is contracted once both are signed', () => {
    const history = play(aDraftTender(aDirectAwardPerLot()), awardPerLot(), T.awarded);
    expect(contractTermsFor(stateOf(history), 'lot-2')).toMatchObject({
      supplierId: SUPPLIER.B,
      amount: mxn(3_000_000),
      directAward: true,
    });
    const first = play(history, recordContract('lot-1'), T.contracted);
    expect(first.at(-1)).toMatchObject({ type: 'LotContracted', data: { supplierId: SUPPLIER.A } });
    expect(stateOf(first).status).toBe('awarded');
    const both = play(first, recordContract('lot-2'), T.contracted);
    expect(both.slice(-2).map((e) => e.type)).toEqual(['LotContracted', 'TenderContracted']);
    expect(both.at(-2)).toMatchObject({ data: { supplierId: SUPPLIER.B, amount: mxn(3_000_000) } });
  });

  it('may give several lots to one supplier', () =>
    given(...aDraftTender(aDirectAwardPerLot()))
      .when(
        awardPerLot({
          lots: [
            { lotId: 'lot-2', supplierId: SUPPLIER.A, amount: 3_000_000 },
            { lotId: 'lot-1', supplierId: SUPPLIER.A, amount: 25_000_000 },
          ],
        }),
        at(T.awarded),
      )
      .then(awarded(SUPPLIER.A, 'lot-1', 25_000_000), awarded(SUPPLIER.A, 'lot-2', 3_000_000)));

  it('checks the standing of every supplier, naming the lot of the one that may not be awarded', () => {
    given(...aDraftTender(aDirectAwardPerLot()))
      .when(
        awardPerLot({ suppliers: [standing(SUPPLIER.A), standing(SUPPLIER.B, { sanctioned: true })] }),
        at(T.awarded),
      )
      .thenThrows('award.supplier_not_eligible', { lotId: 'lot-2', supplierId: SUPPLIER.B, sanctioned: true });
    given(...aDraftTender(aDirectAwardPerLot()))
      .when(
        awardPerLot({ suppliers: [standing(SUPPLIER.A), standing(SUPPLIER.B, { verified: false })] }),
        at(T.awarded),
      )
      .thenThrows('award.supplier_not_eligible', { lotId: 'lot-2', verified: false });
  });

  it('refuses a lot named twice, a lot the procedure lacks, a lot left out and a lot without a supplier', () => {
    const draft = aDraftTender(aDirectAwardPerLot());
    const [laptops, printers] = awardPerLot().lots;
    given(...draft)
      .when(awardPerLot({ lots: [laptops, printers, { ...laptops, supplierId: SUPPLIER.C }] }), at(T.awarded))
      .thenThrows('award.duplicate_lot', { lotId: 'lot-1' });
    given(...draft)
      .when(awardPerLot({ lots: [laptops, { ...printers, lotId: 'lot-9' }] }), at(T.awarded))
      .thenThrows('award.unknown_lot', { lotId: 'lot-9' });
    given(...draft)
      .when(awardPerLot({ lots: [printers] }), at(T.awarded))
      .thenThrows('award.lot_missing', { lotId: 'lot-1' });
    given(...draft)
      .when(awardPerLot({ lots: [laptops, { lotId: 'lot-2', amount: 1 }] }), at(T.awarded))
      .thenThrows('award.supplier_required', { lotId: 'lot-2' });
  });

  it('keeps the draft that names one supplier for every lot (as every direct award before): others are refused', () => {
    const history = aDraftTender({ ...aDirectAwardPerLot(), directAward: aDirectAward().directAward });
    given(...history)
      .when(
        awardPerLot({
          lots: [
            { lotId: 'lot-1', amount: 25_000_000 },
            { lotId: 'lot-2', amount: 3_000_000 },
          ],
          suppliers: [standing(SUPPLIER.A)],
        }),
        at(T.awarded),
      )
      .then(awarded(SUPPLIER.A, 'lot-1', 25_000_000), awarded(SUPPLIER.A, 'lot-2', 3_000_000));
    given(...history)
      .when(awardPerLot(), at(T.awarded))
      .thenThrows('award.supplier_mismatch', { lotId: 'lot-2', supplierId: SUPPLIER.A });
  });
});

describe('an open contract (LAASSP art. 47)', () => {
  const openPrinters = (minimum: number | null, maximum: number | null): Partial<TenderContentInput> => {
    const lots = [laptopsLot(), asOpenContract(printersLot(), minimum, maximum)];
    return { ...aDirectAwardPerLot(), lots };
  };
  const terms = { openContract: { minimum: mxn(2_000_000), maximum: mxn(5_000_000) } };

  it('is awarded for 0.00, marked as open on the award and on the contract; the other lot still needs an amount', () => {
    const zero = awardPerLot({
      lots: [
        { lotId: 'lot-1', supplierId: SUPPLIER.A, amount: 25_000_000 },
        { lotId: 'lot-2', supplierId: SUPPLIER.B, amount: 0 },
      ],
    });
    given(...aDraftTender(openPrinters(2_000_000, 5_000_000)))
      .when(zero, at(T.awarded))
      .then(awarded(SUPPLIER.A, 'lot-1', 25_000_000), awarded(SUPPLIER.B, 'lot-2', 0, terms));
    const history = play(aDraftTender(openPrinters(2_000_000, 5_000_000)), zero, T.awarded);
    expect(contractTermsFor(stateOf(history), 'lot-2')).toMatchObject({ amount: mxn(0), ...terms });
    expect(play(history, recordContract('lot-2'), T.contracted).at(-1)).toMatchObject({
      type: 'LotContracted',
      data: { amount: mxn(0), ...terms },
    });
    given(...aDraftTender(openPrinters(2_000_000, 5_000_000)))
      .when(awardPerLot({ lots: [{ ...zero.lots[0], amount: 0 }, zero.lots[1]] }), at(T.awarded))
      .thenThrows('award.invalid_amount', { lotId: 'lot-1', openContract: false });
  });

  it('is awarded up to its maximum, never above', () => {
    const upTo = (amount: number) =>
      awardPerLot({
        lots: [
          { lotId: 'lot-1', supplierId: SUPPLIER.A, amount: 1 },
          { lotId: 'lot-2', supplierId: SUPPLIER.B, amount },
        ],
      });
    expect(
      given(...aDraftTender(openPrinters(null, 5_000_000)))
        .when(upTo(5_000_000), at(T.awarded))
        .thenState().lots['lot-2'].award?.amount,
    ).toEqual(mxn(5_000_000));
    given(...aDraftTender(openPrinters(null, 5_000_000)))
      .when(upTo(5_000_001), at(T.awarded))
      .thenThrows('award.above_maximum', { lotId: 'lot-2', maximum: 5_000_000 });
  });

  it('states a minimum no higher than its maximum and at least 40 % of it (art. 47 fr. I)', () => {
    expect(aDraftTender(openPrinters(2_000_000, 5_000_000))[0]).toMatchObject({
      data: { content: { lots: [{ lotId: 'lot-1' }, { lotId: 'lot-2', ...terms }] } },
    });
    expect(stateOf(aDraftTender(openPrinters(null, null))).content?.lots[0]).not.toHaveProperty('openContract');
    given()
      .when(createTender(openPrinters(2_000_001, 2_000_000)))
      .thenThrows('tender.invalid_open_contract', { lotId: 'lot-2', problem: 'minimum_above_maximum' });
    given()
      .when(createTender(openPrinters(1_999_999, 5_000_000)))
      .thenThrows('tender.invalid_open_contract', { problem: 'minimum_below_40_percent', minimumPercent: 40 });
  });
});
