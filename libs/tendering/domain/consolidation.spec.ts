import { at, deciderSpec } from '../../../test/support/decider-spec';
import { checkConsolidation, unitShares, type Consolidation } from './consolidation';
import type { RecordContractClosed, RecordContractSigned } from './tender.commands';
import { tenderDecider } from './tender.decider';
import type { TenderEvent } from './tender.events';
import { contractTermsFor } from './tender.state';
import {
  aDraftTender,
  aTenderReadyForContract,
  BUYING_UNIT_ID,
  laptopsLot,
  ms,
  play,
  PROPOSAL,
  stateOf,
  SUPPLIER,
  T,
  TENDER_ID,
} from './tender.scenarios';

const given = deciderSpec(tenderDecider);
const mxn = (amount: number) => ({ amount, currency: 'MXN' });
const HOSPITAL = 'uc-hospital-norte';
const CLINIC = 'uc-clinica-sur';

/** The central unit (the tender's buyer) buys the 10 laptops and 10 docks of lot 1 for two units: 7 + 3 of each. */
const consolidation = (overrides: Partial<Consolidation['participants'][number]> = {}): Consolidation => ({
  participants: [
    {
      buyingUnitId: HOSPITAL,
      requestReference: 'REQ-HN-2026-014',
      items: [
        { itemId: 'item-1', quantity: 7 },
        { itemId: 'item-2', quantity: 7 },
      ],
      commitment: mxn(18_550_000),
    },
    {
      buyingUnitId: CLINIC,
      requestReference: 'Oficio CS/031/2026',
      items: [
        { itemId: 'item-1', quantity: 3 },
        { itemId: 'item-2', quantity: 3 },
      ],
      commitment: mxn(7_950_000),
      ...overrides,
    },
  ],
});
const check = (c: Consolidation) => checkConsolidation(c, [laptopsLot()], 'MXN');
const thrown = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'nothing';
};

const sign = (buyingUnitId: string, contractId = `contract-${buyingUnitId}`): RecordContractSigned => ({
  type: 'RecordContractSigned',
  tenderId: TENDER_ID,
  lotId: 'lot-1',
  contractId,
  buyingUnitId,
});
const close = (contractId: string): RecordContractClosed => ({
  type: 'RecordContractClosed',
  tenderId: TENDER_ID,
  contractId,
  outcome: 'completed',
});
const ready = () => aTenderReadyForContract([PROPOSAL.A, PROPOSAL.B], { consolidation: consolidation() }); // B wins: 24 000 000
const signedBy = (...units: string[]): TenderEvent[] =>
  units.reduce((history, unit) => play(history, sign(unit), T.contracted), ready());

describe('a consolidated purchase', () => {
  it('records each participating unit with its request, quantities and commitment', () => {
    const content = stateOf(aDraftTender({ consolidation: consolidation() })).content;
    expect(content?.consolidation?.participants.map((p) => [p.buyingUnitId, p.requestReference, p.commitment])).toEqual(
      [
        [HOSPITAL, 'REQ-HN-2026-014', mxn(18_550_000)],
        [CLINIC, 'Oficio CS/031/2026', mxn(7_950_000)],
      ],
    );
  });

  it("refuses quantities that do not add up to the tender's (422)", () =>
    expect(
      thrown(() =>
        check(
          consolidation({
            items: [
              { itemId: 'item-1', quantity: 3 },
              { itemId: 'item-2', quantity: 2 },
            ],
          }),
        ),
      ),
    ).toBe('tender.consolidation_quantities_mismatch'));

  it('refuses one unit alone, a unit twice, an unknown item, a missing request and a commitment in another currency', () => {
    const [hospital] = consolidation().participants;
    expect(thrown(() => check({ participants: [hospital] }))).toBe('tender.consolidation_invalid');
    expect(thrown(() => check(consolidation({ buyingUnitId: HOSPITAL })))).toBe('tender.consolidation_invalid');
    expect(thrown(() => check(consolidation({ items: [{ itemId: 'item-9', quantity: 3 }] })))).toBe(
      'tender.consolidation_invalid',
    );
    expect(thrown(() => check(consolidation({ requestReference: ' ' })))).toBe('tender.consolidation_invalid');
    expect(thrown(() => check(consolidation({ commitment: { amount: 7_950_000, currency: 'USD' } })))).toBe(
      'tender.currency_mismatch',
    );
  });

  it("splits the lot's award by the estimated value of each unit's quantities, to the centavo", () => {
    expect(unitShares(consolidation(), laptopsLot(), 24_000_000).map((s) => s.amount)).toEqual([16_800_000, 7_200_000]);
    const odd = unitShares(consolidation(), laptopsLot(), 1_000_001).map((s) => s.amount);
    expect(odd).toEqual([700_001, 300_000]);
    expect(odd.reduce((a, b) => a + b)).toBe(1_000_001);
  });

  it("gives each participating unit's contract its own quantities and share", () => {
    const terms = contractTermsFor(stateOf(ready()), 'lot-1', CLINIC);
    expect(terms).toMatchObject({ buyingUnitId: CLINIC, supplierId: SUPPLIER.B, amount: mxn(7_200_000) });
    expect(terms?.items.map((i) => [i.itemId, i.quantity])).toEqual([
      ['item-1', 3],
      ['item-2', 3],
    ]);
    expect(contractTermsFor(stateOf(ready()), 'lot-1', BUYING_UNIT_ID)).toBeNull();
  });

  it('each unit signs its own contract; the last one contracts the lot for the whole award', () => {
    given(...ready())
      .when(sign(HOSPITAL), at(T.contracted))
      .then({
        type: 'UnitContractSigned',
        data: {
          tenderId: TENDER_ID,
          lotId: 'lot-1',
          contractId: `contract-${HOSPITAL}`,
          buyingUnitId: HOSPITAL,
          supplierId: SUPPLIER.B,
          amount: mxn(16_800_000),
          contractedAt: T.contracted,
        },
      });
    const last = tenderDecider.decide(sign(CLINIC), stateOf(signedBy(HOSPITAL)), at(T.contracted));
    expect(last.map((e) => e.type)).toEqual(['UnitContractSigned', 'LotContracted', 'TenderContracted']);
    expect(last[1]).toMatchObject({ data: { amount: mxn(24_000_000), contractId: `contract-${CLINIC}` } });
  });

  it('a unit that requires nothing of the lot has no contract in it; signing again is done; a second contract is refused', () => {
    given(...ready())
      .when(sign(BUYING_UNIT_ID), at(T.contracted))
      .thenThrows('contract.not_participant');
    given(...signedBy(HOSPITAL))
      .when(sign(HOSPITAL), at(T.contracted))
      .thenNothing();
    given(...signedBy(HOSPITAL))
      .when(sign(HOSPITAL, 'another'), at(T.contracted))
      .thenThrows('contract.already_signed');
  });

  it('a tender one of whose units has signed its contract cannot be cancelled', () =>
    given(...signedBy(HOSPITAL))
      .when({ type: 'CancelTender', tenderId: TENDER_ID, reason: 'Sin suficiencia presupuestal' }, at(T.contracted))
      .thenThrows('tender.invalid_transition', { contractedLots: ['lot-1'] }));

  it('the lot closes with the last of its units’ contracts', () => {
    const both = signedBy(HOSPITAL, CLINIC);
    const later = ms(T.contracted, 90 * 86_400_000);
    given(...both)
      .when(close(`contract-${HOSPITAL}`), at(later))
      .then({
        type: 'UnitContractClosed',
        data: {
          tenderId: TENDER_ID,
          lotId: 'lot-1',
          contractId: `contract-${HOSPITAL}`,
          buyingUnitId: HOSPITAL,
          outcome: 'completed',
          closedAt: later,
        },
      });
    const oneClosed = play(both, close(`contract-${HOSPITAL}`), later);
    const last = tenderDecider.decide(close(`contract-${CLINIC}`), stateOf(oneClosed), at(later));
    expect(last.map((e) => e.type)).toEqual(['UnitContractClosed', 'LotContractClosed', 'TenderCompleted']);
  });
});
