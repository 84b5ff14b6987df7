import { at, deciderSpec } from '../../../test/support/decider-spec';
import { centralPurchasingBodyDecider } from './central-purchasing-body.decider';
import { frameworkAgreementDecider, remainingOf, type FrameworkAgreementState } from './framework-agreement.decider';
import {
  AGREEMENT_ID,
  agreementEstablished,
  establishAgreement,
  orderPlaced,
  placeOrder,
  SUPPLIER_A,
  SUPPLIER_B,
} from './framework.scenarios';

const given = deciderSpec(frameworkAgreementDecider);
const established = (state: FrameworkAgreementState) => {
  if (!state.established) throw new Error('not established');
  return state;
};

describe('designating a central purchasing body', () => {
  const body = deciderSpec(centralPurchasingBodyDecider);
  const designate = (unitExists = true) =>
    ({ type: 'DesignateCentralPurchasingBody', buyingUnitId: 'unit-central', unitExists }) as const;

  it('records the designation, once', () => {
    const designated = {
      type: 'CentralPurchasingBodyDesignated',
      data: { buyingUnitId: 'unit-central', designatedAt: '2026-01-15T16:00:00.000Z' },
    } as const;
    body().when(designate()).then(designated);
    body(designated).when(designate()).thenNothing();
  });

  it('refuses a unit that is not registered', () => body().when(designate(false)).thenThrows('buying_unit.not_found'));
});

describe('establishing a framework agreement', () => {
  it("records the catalogue with prices in centavos and the procedure's winners as suppliers", () =>
    given().when(establishAgreement()).then(agreementEstablished()));

  it('is only for a central purchasing body', () =>
    given()
      .when(establishAgreement({ facts: { ...establishAgreement().facts, centralBody: false } }))
      .thenThrows('framework.not_central_body'));

  it('results from an awarded procedure of the central body itself', () => {
    const facts = establishAgreement().facts;
    given()
      .when(establishAgreement({ facts: { ...facts, procedure: null } }))
      .thenThrows('framework.procedure_not_awarded');
    given()
      .when(
        establishAgreement({
          facts: { ...facts, procedure: { buyingUnitId: 'other', awardedSupplierIds: [SUPPLIER_A] } },
        }),
      )
      .thenThrows('framework.procedure_not_own');
  });

  it('refuses a supplier the procedure did not award', () =>
    given()
      .when(establishAgreement({ supplierIds: [SUPPLIER_A, 'sup-stranger'] }))
      .thenThrows('framework.supplier_not_awarded'));

  it('refuses a fixed price given as a float with three decimals, an unknown region, an empty ceiling', () => {
    const items = establishAgreement().items;
    given()
      .when(
        establishAgreement({
          items: [
            { ...items[0], prices: [{ supplierId: SUPPLIER_A, unitPrice: { amount: '1.005', currency: 'MXN' } }] },
          ],
        }),
      )
      .thenThrows('framework.invalid_amount');
    given()
      .when(establishAgreement({ regions: ['99'] }))
      .thenThrows('framework.invalid_region');
    given()
      .when(establishAgreement({ ceilings: [] }))
      .thenThrows('framework.invalid_ceiling');
  });

  it('may be limited by maximum quantities alone, when every item has one', () => {
    const items = establishAgreement().items;
    given()
      .when(establishAgreement({ ceilings: [], items: [items[0], items[1]] }))
      .thenThrows('framework.invalid_ceiling'); // an item without a maximum quantity
    const quantitiesOnly = given()
      .when(
        establishAgreement({
          ceilings: [],
          items: [
            { ...items[0], maxQuantity: 5 },
            { ...items[1], maxQuantity: 2 },
          ],
        }),
      )
      .thenState();
    const state = established(quantitiesOnly);
    expect(state.agreement.ceilings).toEqual([]);
    const agreement = { type: 'FrameworkAgreementEstablished', data: state.agreement } as const;
    given(agreement)
      .when(
        placeOrder({ lines: [{ itemId: 'paper-a4', quantity: 5, unitPrice: { amount: '430.50', currency: 'MXN' } }] }),
      )
      .then(
        orderPlaced({
          lines: [
            {
              itemId: 'paper-a4',
              quantity: 5,
              unitPrice: { amount: 43_050, currency: 'MXN' },
              total: { amount: 215_250, currency: 'MXN' },
            },
          ],
          totals: [{ amount: 215_250, currency: 'MXN' }],
        }),
      );
    given(agreement)
      .when(
        placeOrder({ lines: [{ itemId: 'paper-a4', quantity: 6, unitPrice: { amount: '430.50', currency: 'MXN' } }] }),
      )
      .thenThrows('framework.item_quantity_exceeded');
  });

  it('refuses a validity that ends before it starts', () =>
    given()
      .when(establishAgreement({ validTo: '2025-12-31T00:00:00Z' }))
      .thenThrows('framework.invalid_validity'));

  it('is established once', () =>
    given(agreementEstablished()).when(establishAgreement()).thenThrows('framework.already_established'));
});

describe('ordering under the agreement', () => {
  it("records a catalogue order at the agreement's price, with its total", () =>
    given(agreementEstablished()).when(placeOrder()).then(orderPlaced()));

  it('refuses an order that exceeds the remaining ceiling, counting the orders before it', () =>
    given(agreementEstablished(), orderPlaced({ orderId: 'order-0' }))
      // 4,305.00 already ordered of 10,000.00: 14 boxes at 430.50 = 6,027.00 would exceed it
      .when(
        placeOrder({ lines: [{ itemId: 'paper-a4', quantity: 14, unitPrice: { amount: '430.50', currency: 'MXN' } }] }),
      )
      .thenThrows('framework.ceiling_exceeded', { currency: 'MXN' }));

  it('gives back the amount of a rejected order', () => {
    const state = established(
      given(agreementEstablished(), orderPlaced())
        .when({
          type: 'RejectFrameworkOrder',
          agreementId: AGREEMENT_ID,
          orderId: 'order-1',
          supplierId: SUPPLIER_B,
          reason: 'Sin existencias',
        })
        .thenState(),
    );
    expect(remainingOf(state)).toEqual([{ amount: 1_000_000, currency: 'MXN' }]);
    expect(state.orders['order-1']).toMatchObject({ status: 'rejected', rejectionReason: 'Sin existencias' });
  });

  it('refuses an order outside the validity, the regions or the authorised units', () => {
    given(agreementEstablished()).when(placeOrder(), at('2027-02-01T00:00:00Z')).thenThrows('framework.not_in_force');
    given(agreementEstablished())
      .when(placeOrder({ buyingUnitStateCode: '14' }))
      .thenThrows('framework.outside_region');
    const listed = agreementEstablished();
    listed.data.authorisedBuyingUnitIds = ['unit-other'];
    given(listed).when(placeOrder()).thenThrows('framework.buying_unit_not_authorised');
  });

  it("refuses a catalogue price other than the agreement's, and a catalogue order of an item priced by mini-competition", () => {
    given(agreementEstablished())
      .when(
        placeOrder({ lines: [{ itemId: 'paper-a4', quantity: 1, unitPrice: { amount: '1.00', currency: 'MXN' } }] }),
      )
      .thenThrows('framework.price_mismatch');
    given(agreementEstablished())
      .when(placeOrder({ lines: [{ itemId: 'toner', quantity: 1, unitPrice: { amount: '900.00', currency: 'MXN' } }] }))
      .thenThrows('framework.price_not_fixed');
  });

  it('takes the price of a mini-competition, never above the agreement price', () => {
    const competition = { kind: 'mini-competition', competitionId: 'mc-1' } as const;
    given(agreementEstablished())
      .when(
        placeOrder({
          origin: competition,
          lines: [{ itemId: 'toner', quantity: 2, unitPrice: { amount: '900.00', currency: 'MXN' } }],
        }),
      )
      .then(
        orderPlaced({
          origin: competition,
          lines: [
            {
              itemId: 'toner',
              quantity: 2,
              unitPrice: { amount: 90_000, currency: 'MXN' },
              total: { amount: 180_000, currency: 'MXN' },
            },
          ],
          totals: [{ amount: 180_000, currency: 'MXN' }],
        }),
      );
    given(agreementEstablished())
      .when(
        placeOrder({
          origin: competition,
          lines: [{ itemId: 'paper-a4', quantity: 1, unitPrice: { amount: '431.00', currency: 'MXN' } }],
        }),
      )
      .thenThrows('framework.price_above_agreement');
  });

  it("refuses more than an item's maximum quantity", () => {
    const agreement = agreementEstablished();
    agreement.data.ceilings = [{ amount: 100_000_000, currency: 'MXN' }];
    given(
      agreement,
      orderPlaced({
        lines: [
          {
            itemId: 'paper-a4',
            quantity: 995,
            unitPrice: { amount: 43_050, currency: 'MXN' },
            total: { amount: 42_834_750, currency: 'MXN' },
          },
        ],
        totals: [{ amount: 42_834_750, currency: 'MXN' }],
      }),
    )
      .when(
        placeOrder({
          orderId: 'order-2',
          lines: [{ itemId: 'paper-a4', quantity: 6, unitPrice: { amount: '430.50', currency: 'MXN' } }],
        }),
      )
      .thenThrows('framework.item_quantity_exceeded');
  });

  it('refuses a supplier outside the agreement', () =>
    given(agreementEstablished())
      .when(placeOrder({ supplierId: 'sup-c' }))
      .thenThrows('framework.supplier_not_party'));
});

describe("the supplier's answer", () => {
  const answer = (type: 'AcceptFrameworkOrder' | 'RejectFrameworkOrder', supplierId = SUPPLIER_B) =>
    ({ type, agreementId: AGREEMENT_ID, orderId: 'order-1', supplierId, reason: 'Sin existencias' }) as const;

  it('accepts the order, once', () => {
    const accepted = {
      type: 'FrameworkOrderAccepted',
      data: {
        agreementId: AGREEMENT_ID,
        orderId: 'order-1',
        supplierId: SUPPLIER_B,
        acceptedAt: '2026-01-15T16:00:00.000Z',
      },
    } as const;
    given(agreementEstablished(), orderPlaced()).when(answer('AcceptFrameworkOrder')).then(accepted);
    given(agreementEstablished(), orderPlaced(), accepted).when(answer('AcceptFrameworkOrder')).thenNothing();
    given(agreementEstablished(), orderPlaced(), accepted)
      .when(answer('RejectFrameworkOrder'))
      .thenThrows('framework.order_already_accepted');
  });

  it('is only for the supplier the order is addressed to', () =>
    given(agreementEstablished(), orderPlaced())
      .when(answer('AcceptFrameworkOrder', SUPPLIER_A))
      .thenThrows('framework.not_order_supplier'));

  it('needs a reason to reject', () =>
    given(agreementEstablished(), orderPlaced())
      .when({ ...answer('RejectFrameworkOrder'), reason: ' ' })
      .thenThrows('framework.reason_required'));

  it('refuses an unknown order', () =>
    given(agreementEstablished()).when(answer('AcceptFrameworkOrder')).thenThrows('framework.order_not_found'));
});
