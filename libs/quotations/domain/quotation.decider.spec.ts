import { at, deciderSpec } from '../../../test/support/decider-spec';
import { createQuotationDecider, winnerOf, type QuotationRequestState } from './quotation.decider';
import {
  aQuotation,
  aRequest,
  contentOf,
  DEADLINE,
  opened,
  published,
  PUBLISHED_AT,
  RFQ,
  submitted,
} from './quotation.scenarios';
import { DEFAULT_QUOTATION_THRESHOLDS, parseThresholds } from './thresholds';

const decider = createQuotationDecider(DEFAULT_QUOTATION_THRESHOLDS);
const given = deciderSpec(decider);
const BEFORE = '2026-03-03T10:00:00.000Z';
const AFTER = '2026-03-04T16:30:00.000Z';

describe('publishing a request for quotations', () => {
  it('records the request with the threshold in force', () =>
    given().when(aRequest(), at(PUBLISHED_AT)).then(published()));

  it('refuses an estimated value above the threshold of the law and year', () =>
    given()
      .when(aRequest({ estimatedValue: { amount: 30_000_001, currency: 'MXN' } }), at(PUBLISHED_AT))
      .thenThrows('quotation.above_threshold', { threshold: 30_000_000 }));

  it('takes the threshold from configuration', () => {
    const strict = deciderSpec(createQuotationDecider(parseThresholds('{"LAASSP":{"2026":{"MXN":5000000}}}')));
    strict().when(aRequest(), at(PUBLISHED_AT)).thenThrows('quotation.above_threshold', { threshold: 5_000_000 });
  });

  it('refuses a year or currency without a threshold', () =>
    given()
      .when(aRequest({ estimatedValue: { amount: 100, currency: 'USD' } }), at(PUBLISHED_AT))
      .thenThrows('quotation.no_threshold', { currency: 'USD' }));

  it('wants a deadline hours to days away', () => {
    given()
      .when(aRequest({ deadline: '2026-03-02T16:30:00.000Z' }), at(PUBLISHED_AT))
      .thenThrows('quotation.invalid_deadline');
    given()
      .when(aRequest({ deadline: '2026-03-13T16:00:00.000Z' }), at(PUBLISHED_AT))
      .thenThrows('quotation.invalid_deadline');
  });

  it('lets a mini-competition go over the quick-quotation threshold, only to invited suppliers', () => {
    const framework = { agreementId: 'fa-1', ocid: 'ocds-x-fa-1', itemId: 'item-1' };
    const big = { amount: 90_000_000, currency: 'MXN' };
    given()
      .when(
        aRequest({
          kind: 'mini_competition',
          framework,
          estimatedValue: big,
          audience: { kind: 'invited', supplierIds: ['a', 'b'] },
        }),
        at(PUBLISHED_AT),
      )
      .then(expect.objectContaining({ data: expect.objectContaining({ threshold: null, framework }) }) as never);
    given()
      .when(aRequest({ kind: 'mini_competition', framework, estimatedValue: big }), at(PUBLISHED_AT))
      .thenThrows('quotation.invalid_request', { field: 'audience' });
  });
});

describe('sealed quotations', () => {
  it('takes a quotation before the deadline and a replacement that names the one it replaces', () =>
    given(published(), submitted('a', 100, BEFORE))
      .when(aQuotation('a', 90, 'q-a2'), at('2026-03-03T11:00:00.000Z'))
      .then(submitted('a', 90, '2026-03-03T11:00:00.000Z', 'q-a2', 'q-a')));

  it('appends nothing for the same sealed content again (a retried request)', () =>
    given(published(), submitted('a', 100, BEFORE))
      .when(aQuotation('a', 100), at(BEFORE))
      .thenNothing());

  it('refuses a quotation at the deadline exactly', () =>
    given(published()).when(aQuotation('a', 100), at(DEADLINE)).thenThrows('quotation.deadline_passed'));

  it('refuses a supplier outside the audience or not eligible', () => {
    given(published())
      .when({ ...aQuotation('a', 100), eligibility: 'not_invited' }, at(BEFORE))
      .thenThrows('quotation.supplier_not_invited');
    given(published())
      .when({ ...aQuotation('a', 100), eligibility: 'not_eligible' }, at(BEFORE))
      .thenThrows('quotation.supplier_not_eligible');
  });
});

describe('opening at the deadline', () => {
  const quotes = [published(), submitted('a', 300, BEFORE), submitted('b', 200, BEFORE)];
  const revealed = [
    { quotationId: 'q-a', content: contentOf(300) },
    { quotationId: 'q-b', content: contentOf(200) },
  ];

  it('does not open before the deadline', () =>
    given(...quotes)
      .when({ type: 'OpenQuotations', rfqId: RFQ, revealed }, at(BEFORE))
      .thenThrows('quotation.still_sealed'));

  it('reveals every quotation in force at once', () =>
    given(...quotes)
      .when({ type: 'OpenQuotations', rfqId: RFQ, revealed }, at(AFTER))
      .then(opened(AFTER, ['a', 300, BEFORE], ['b', 200, BEFORE])));

  it('refuses contents that do not match their commitment', () =>
    given(...quotes)
      .when(
        {
          type: 'OpenQuotations',
          rfqId: RFQ,
          revealed: [revealed[0], { quotationId: 'q-b', content: contentOf(150) }],
        },
        at(AFTER),
      )
      .thenThrows('quotation.commitment_mismatch', { quotationId: 'q-b' }));

  it('is deserted without quotations, dated at the deadline', () =>
    given(published())
      .when({ type: 'OpenQuotations', rfqId: RFQ, revealed: [] }, at(AFTER))
      .then({ type: 'QuotationRequestDeserted', data: { rfqId: RFQ, desertedAt: DEADLINE } }));
});

describe('the order to the lowest compliant quotation', () => {
  const openedThree = [
    published(),
    opened(AFTER, ['a', 300, BEFORE], ['b', 200, '2026-03-03T12:00:00.000Z'], ['c', 200, '2026-03-03T11:00:00.000Z']),
  ];
  const order = { type: 'IssuePurchaseOrder' as const, rfqId: RFQ, orderId: 'order-1' };
  const winner = (state: QuotationRequestState) => (state.published ? winnerOf(state.revealed)?.supplierId : null);

  it('breaks a tie by the earlier submission', () =>
    given(...openedThree)
      .when(order, at(AFTER))
      .then(
        expect.objectContaining({
          type: 'PurchaseOrderIssued',
          data: expect.objectContaining({ supplierId: 'c' }),
        }) as never,
      ));

  it('passes to the next lowest when the buyer marks one non-compliant, with a reason', () => {
    const mark = {
      type: 'MarkQuotationNonCompliant' as const,
      rfqId: RFQ,
      quotationId: 'q-c',
      reason: 'Sin ficha técnica',
    };
    expect(
      winner(
        given(...openedThree)
          .when(mark, at(AFTER))
          .thenState(),
      ),
    ).toBe('b');
    given(...openedThree)
      .when({ ...mark, reason: ' ' }, at(AFTER))
      .thenThrows('quotation.reason_required');
  });

  it('refuses an order before the opening, and a second order', () => {
    given(published(), submitted('a', 1, BEFORE))
      .when(order, at(AFTER))
      .thenThrows('quotation.not_opened');
    const issued = given(...openedThree)
      .when(order, at(AFTER))
      .thenState();
    expect(issued).toMatchObject({ status: 'ordered' });
  });

  it('refuses an order when every quotation is non-compliant', () =>
    given(published(), opened(AFTER, ['a', 300, BEFORE]), {
      type: 'QuotationMarkedNonCompliant',
      data: { rfqId: RFQ, quotationId: 'q-a', supplierId: 'a', reason: 'x', markedAt: AFTER },
    })
      .when(order, at(AFTER))
      .thenThrows('quotation.no_compliant_quotation'));
});

describe('a mini-competition order', () => {
  const framework = { agreementId: 'fa-1', ocid: 'ocds-x-fa-1', itemId: 'toner' };
  const mini = published({
    kind: 'mini_competition',
    framework,
    quantity: 3,
    audience: { kind: 'invited', supplierIds: ['a'] },
  });
  const order = { type: 'IssuePurchaseOrder' as const, rfqId: RFQ, orderId: 'order-1' };

  it('is the quantity times the winning unit price, naming the framework order', () =>
    given(mini, opened(AFTER, ['a', 333_333, BEFORE]))
      .when({ ...order, frameworkOrderId: 'order-1' }, at(AFTER))
      .then(
        expect.objectContaining({
          data: expect.objectContaining({
            amount: { amount: 999_999, currency: 'MXN' },
            framework: { ...framework, frameworkOrderId: 'order-1' },
          }),
        }) as never,
      ));

  it('needs the order the agreement recorded', () =>
    given(mini, opened(AFTER, ['a', 333_333, BEFORE]))
      .when(order, at(AFTER))
      .thenThrows('quotation.framework_order_required'));
});
