import { at, deciderSpec } from '../../../test/support/decider-spec';
import { marketResearchDecider } from './market-research.decider';
import {
  answerResearch,
  answered,
  DEADLINE,
  requestResearch,
  researchRequested,
  RESEARCH_ID,
  SENT_AT,
  UNIT_ID,
} from './market-research.scenarios';

const given = deciderSpec(marketResearchDecider);
const BEFORE_DEADLINE = '2026-03-05T18:00:00.000Z';

describe('requesting indicative prices', () => {
  it('records the items with ids, and the suppliers it is addressed to, sorted and once each', () =>
    given()
      .when(requestResearch({ addressees: ['sup-b', 'sup-a', 'sup-b'] }), at(SENT_AT))
      .then(researchRequested()));

  it('says when the suppliers were invited by name', () =>
    given()
      .when(requestResearch({ invitedSupplierIds: ['sup-a', 'sup-b'] }), at(SENT_AT))
      .then(researchRequested({ invited: true })));

  it('refuses a request no verified supplier receives', () =>
    given()
      .when(requestResearch({ addressees: [] }), at(SENT_AT))
      .thenThrows('market_research.no_suppliers', { classifierCodes: ['30213100-6', '30237200-1'] }));

  it('refuses a deadline that is not after now', () => {
    given()
      .when(requestResearch({ deadline: SENT_AT }), at(SENT_AT))
      .thenThrows('market_research.invalid_deadline');
    given()
      .when(requestResearch({ deadline: 'mañana' }), at(SENT_AT))
      .thenThrows('market_research.invalid_deadline');
  });

  it.each([
    [{ title: ' ' }, 'title'],
    [{ items: [] }, 'items'],
    [{ items: [{ classifierCode: '', description: 'x', quantity: 1, unit: 'pieza' }] }, 'items[0].classifierCode'],
    [{ items: [{ classifierCode: '30213100-6', description: 'x', quantity: 0, unit: 'pieza' }] }, 'items[0].quantity'],
    [
      { items: [{ classifierCode: '30213100-6', description: 'x', quantity: 1.0005, unit: 'pieza' }] },
      'items[0].quantity',
    ],
    [{ items: [{ classifierCode: '30213100-6', description: 'x', quantity: 1, unit: '' }] }, 'items[0].unit'],
    [
      {
        items: [
          { itemId: 'a', classifierCode: '30213100-6', description: 'x', quantity: 1, unit: 'pieza' },
          { itemId: 'a', classifierCode: '30213100-6', description: 'y', quantity: 1, unit: 'pieza' },
        ],
      },
      'items',
    ],
  ])('refuses %j naming the field %s', (overrides, field) =>
    given().when(requestResearch(overrides), at(SENT_AT)).thenThrows('market_research.invalid_request', { field }),
  );

  it('refuses the same research twice', () =>
    given(researchRequested()).when(requestResearch(), at(SENT_AT)).thenThrows('market_research.already_exists'));
});

describe('answering', () => {
  it('records the first answer of an addressed supplier, then each revision until the deadline', () => {
    given(researchRequested())
      .when(answerResearch({ notes: ' Precio con IVA ', validUntil: '2026-04-30' }), at(BEFORE_DEADLINE))
      .then(answered(BEFORE_DEADLINE, { notes: 'Precio con IVA', validUntil: '2026-04-30' }));
    const justBefore = '2026-03-09T14:59:59.999Z';
    given(researchRequested(), answered(BEFORE_DEADLINE))
      .when(
        answerResearch({ prices: [{ itemId: 'item-1', unitPrice: { amount: 2_300_000, currency: 'MXN' } }] }),
        at(justBefore),
      )
      .then(
        answered(justBefore, {
          revision: 2,
          prices: [{ itemId: 'item-1', unitPrice: { amount: 2_300_000, currency: 'MXN' } }],
        }),
      );
  });

  it('refuses an answer at the deadline or after (a late answer)', () => {
    given(researchRequested())
      .when(answerResearch(), at(DEADLINE))
      .thenThrows('market_research.closed', { deadline: DEADLINE });
    given(researchRequested(), answered(BEFORE_DEADLINE))
      .when(answerResearch(), at('2026-03-10T00:00:00.000Z'))
      .thenThrows('market_research.closed');
  });

  it('refuses a supplier it was not addressed to, and a research never requested', () => {
    given(researchRequested())
      .when(answerResearch({ supplierId: 'sup-z' }), at(BEFORE_DEADLINE))
      .thenThrows('market_research.not_addressed');
    given().when(answerResearch(), at(BEFORE_DEADLINE)).thenThrows('market_research.not_found');
  });

  it.each([
    [[], 'prices'],
    [[{ itemId: 'item-9', unitPrice: { amount: 100, currency: 'MXN' } }], 'prices[0].itemId'],
    [
      [
        { itemId: 'item-1', unitPrice: { amount: 100, currency: 'MXN' } },
        { itemId: 'item-1', unitPrice: { amount: 200, currency: 'MXN' } },
      ],
      'prices[1].itemId',
    ],
    [[{ itemId: 'item-1', unitPrice: { amount: 10.5, currency: 'MXN' } }], 'prices[0].unitPrice.amount'],
    [[{ itemId: 'item-1', unitPrice: { amount: 0, currency: 'MXN' } }], 'prices[0].unitPrice.amount'],
    [[{ itemId: 'item-1', unitPrice: { amount: 100, currency: 'pesos' } }], 'prices[0].unitPrice.currency'],
  ])('refuses the prices %j naming %s', (prices, field) =>
    given(researchRequested())
      .when(answerResearch({ prices: prices }), at(BEFORE_DEADLINE))
      .thenThrows('market_research.invalid_answer', { field }),
  );

  it('refuses a validity that is not a day', () =>
    given(researchRequested())
      .when(answerResearch({ validUntil: '30/04/2026' }), at(BEFORE_DEADLINE))
      .thenThrows('market_research.invalid_answer', { field: 'validUntil' }));
});

describe('attaching to a procedure', () => {
  const AFTER = '2026-03-10T09:00:00.000Z';
  const attach = (tender: { buyingUnitId: string; status: string } | null, tenderId = 'tender-1') => ({
    type: 'AttachMarketResearch' as const,
    researchId: RESEARCH_ID,
    tenderId,
    tender,
  });
  const ofTheUnit = { buyingUnitId: UNIT_ID, status: 'draft' };
  const attached = (tenderId = 'tender-1') => ({
    type: 'MarketResearchAttached' as const,
    data: { researchId: RESEARCH_ID, tenderId, buyingUnitId: UNIT_ID, attachedAt: AFTER },
  });

  it("attaches a closed research to a tender of the buyer's unit; again to the same, nothing", () => {
    given(researchRequested(), answered(BEFORE_DEADLINE)).when(attach(ofTheUnit), at(AFTER)).then(attached());
    given(researchRequested(), attached()).when(attach(ofTheUnit), at(AFTER)).thenNothing();
  });

  it('refuses while answers are still taken', () =>
    given(researchRequested()).when(attach(ofTheUnit), at(BEFORE_DEADLINE)).thenThrows('market_research.still_open'));

  it("refuses another unit's tender, a missing one, an ended one, and a second tender", () => {
    given(researchRequested())
      .when(attach({ buyingUnitId: 'other-unit', status: 'draft' }), at(AFTER))
      .thenThrows('market_research.tender_of_other_unit');
    given(researchRequested()).when(attach(null), at(AFTER)).thenThrows('tender.not_found');
    given(researchRequested())
      .when(attach({ buyingUnitId: UNIT_ID, status: 'cancelled' }), at(AFTER))
      .thenThrows('market_research.tender_closed');
    given(researchRequested(), attached())
      .when(attach(ofTheUnit, 'tender-2'), at(AFTER))
      .thenThrows('market_research.already_attached', { tenderId: 'tender-1' });
  });
});
