import { CommandScheduler } from '@licita/scheduling/command-scheduler';
import { OcdsValidator } from '@licita/transparency/ocds/validation/ocds-validator';
import { randomUUID } from 'node:crypto';
import { QueryBus } from '@nestjs/cqrs';
import { BuyingUnitRegistry } from '@licita/buying-units/application/buying-unit-registry';
import { GetFrameworkAgreementQuery } from '@licita/frameworks';
import { aTender, at, DAY, HOUR, Party, TenderingApi, twoLots } from '../tendering/tendering-api';

/**
 * Quick quotations through the real API: the threshold, sealed quotations (no amount or quoting supplier in any
 * read before the deadline, for the public, the buyer or another supplier), the opening by the durable job at the
 * deadline, the lowest compliant quotation (ties to the earlier one, a non-compliant mark passes to the next), the
 * order, and the splitting red flag over a unit's orders.
 */
const P = '2026-03-02T16:00:00.000Z';
const DEADLINE = at(P, 2 * DAY);
const CODE = '30213100-6'; // the test suppliers' code
const PRICES = { low: 4_811_117, tie: 4_811_117, high: 5_233_339, replaced: 5_977_771 };
const MARKERS = Object.values(PRICES).map(String);

let world: TenderingApi;
let buyer: Party;
let otherBuyer: Party;
let [first, second, third, outsider]: Party[] = [];
let rfqId: string;
const receipts: Record<string, { quotationId: string; commitment: string }> = {};

jest.setTimeout(60_000);

const aRequest = (overrides: Record<string, unknown> = {}) => ({
  buyingUnitId: buyer.ids.buyingUnitId,
  law: 'LAASSP',
  title: 'Computadoras portátiles para la oficina regional',
  description: 'Tres equipos con garantía de un año',
  classifierCode: CODE,
  quantity: 3,
  unit: 'pieza',
  estimatedValue: { amount: 6_000_000, currency: 'MXN' },
  audience: { kind: 'classifier' },
  deadline: DEADLINE,
  ...overrides,
});

const validator = OcdsValidator.load();
/** The request's OCDS record package, checked against the schema. */
async function ocdsRecord(): Promise<any> {
  const ocid = `${world.api.api.config.ocidPrefix}rfq-${rfqId}`;
  const reply = await world.anonymous('GET', `/api/ocds/records/${ocid}`);
  expect(reply.status).toBe(200);
  expect(validator.validateRecordPackage(reply.body)).toEqual({ valid: true, errors: [] });
  return reply.body;
}

const quote = (amount: number) => ({ amount: { amount, currency: 'MXN' }, notes: 'Entrega en 5 días' });

beforeAll(async () => {
  world = await TenderingApi.start(at(P, -HOUR));
  buyer = await world.buyer(await world.buyingUnit());
  otherBuyer = await world.buyer(await world.buyingUnit());
  [first, second, third, outsider] = [
    await world.supplier('Cómputo del Bajío'),
    await world.supplier('Sistemas Norte'),
    // Registered for the family "Equipo y material informático", an ancestor of the request's code: it is addressed.
    await world.supplier('Equipos del Golfo', { classifierCodes: ['30200000-1'] }),
    await world.supplier('Sin Verificar', { verified: false }),
  ];
  world.clock.set(P);
  const published = await buyer.post('/api/quotation-requests', aRequest());
  expect(published).toMatchObject({ status: 201, body: { status: 'open' } });
  rfqId = published.body.rfqId;

  world.clock.set(at(P, HOUR));
  const replacedOne = await first.post(`/api/quotation-requests/${rfqId}/quotations`, quote(PRICES.replaced));
  world.clock.set(at(P, 2 * HOUR));
  const tie = await second.post(`/api/quotation-requests/${rfqId}/quotations`, quote(PRICES.tie));
  const high = await third.post(`/api/quotation-requests/${rfqId}/quotations`, quote(PRICES.high));
  world.clock.set(at(P, 3 * HOUR));
  const replacement = await first.post(`/api/quotation-requests/${rfqId}/quotations`, quote(PRICES.low));
  for (const reply of [replacedOne, tie, high, replacement]) expect(reply.status).toBe(201);
  expect(replacement.body.quotationId).not.toBe(replacedOne.body.quotationId);
  Object.assign(receipts, { first: replacement.body, second: tie.body, third: high.body });
  await world.api.caughtUp();
}, 120_000);

afterAll(() => world?.close());

describe('publishing', () => {
  it('refuses an amount above the quick-quotation threshold with a problem document', async () => {
    const reply = await buyer.post(
      '/api/quotation-requests',
      aRequest({ estimatedValue: { amount: 30_000_001, currency: 'MXN' } }),
    );
    expect(reply).toMatchObject({
      status: 422,
      body: { code: 'quotation.above_threshold', details: { threshold: 30_000_000, currency: 'MXN' } },
    });
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a code the classifier lacks', async () => {
    expect(await buyer.post('/api/quotation-requests', aRequest({ classifierCode: '99999999-9' }))).toMatchObject({
      status: 422,
      body: { code: 'classifier.unknown_code' },
    });
  });

  it("is on the desk of a supplier registered for an ancestor of the request's code", async () => {
    expect((await third.get('/api/me/quotation-requests')).body).toEqual([expect.objectContaining({ rfqId })]);
  });

  it('refuses a buyer of another unit, and a deadline that is not hours to days away', async () => {
    expect(await otherBuyer.post('/api/quotation-requests', aRequest())).toMatchObject({ status: 403 });
    expect(await buyer.post('/api/quotation-requests', aRequest({ deadline: at(P, 20 * DAY) }))).toMatchObject({
      status: 422,
      body: { code: 'quotation.invalid_deadline' },
    });
  });
});

describe('sealed until the deadline', () => {
  it('shows the public, the buyer and the suppliers no amount and no quoting supplier', async () => {
    const reads = [
      await world.anonymous('GET', `/api/quotation-requests/${rfqId}`),
      await buyer.get(`/api/quotation-requests/${rfqId}`),
      await world.anonymous('GET', '/api/quotation-requests'),
      await second.get(`/api/quotation-requests/${rfqId}`),
      await second.get('/api/me/quotation-requests'),
      { status: 200, body: await ocdsRecord() },
      await world.anonymous('GET', `/api/ledger/events?stream=rfq-${rfqId}`),
      await world.anonymous('GET', '/api/ocds/releases?limit=500'),
    ];
    for (const reply of reads) expect(reply.status).toBe(200);
    expect(reads[0].body).toMatchObject({ status: 'open', quotations: [], winner: null, order: null });
    expect(JSON.stringify(reads[6].body)).toContain(receipts.second.commitment); // the ledger holds the submissions
    const text = JSON.stringify(reads);
    expect(MARKERS.filter((amount) => text.includes(amount))).toEqual([]);
    expect(text).not.toContain(first.supplierId);
    expect(text).not.toContain(third.supplierId);
    expect(text).not.toContain('Entrega en 5 días');
  });

  it('gives a supplier its own receipt in its desk, the one in force after a replacement', async () => {
    const desk = await first.get('/api/me/quotation-requests');
    expect(desk.body).toEqual([
      expect.objectContaining({
        rfqId,
        status: 'open',
        myQuotation: {
          quotationId: receipts.first.quotationId,
          commitment: receipts.first.commitment,
          submittedAt: at(P, 3 * HOUR),
          replacements: 1,
        },
      }),
    ]);
  });

  it('keeps the quotations out of the event log in clear', async () => {
    const text = JSON.stringify(await world.events(`rfq-${rfqId}`), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(MARKERS.filter((amount) => text.includes(amount))).toEqual([]);
  });

  it('refuses an unverified supplier, one of another code, and the buyer opening before the deadline', async () => {
    expect(await outsider.post(`/api/quotation-requests/${rfqId}/quotations`, quote(100))).toMatchObject({
      status: 403,
      body: { code: 'quotation.supplier_not_eligible' },
    });
    const otherCode = await buyer.post('/api/quotation-requests', aRequest({ classifierCode: '30125100-2' }));
    expect(await first.post(`/api/quotation-requests/${otherCode.body.rfqId}/quotations`, quote(100))).toMatchObject({
      status: 403,
      body: { code: 'quotation.supplier_not_invited' },
    });
    expect(await buyer.post(`/api/quotation-requests/${rfqId}/open`)).toMatchObject({
      status: 409,
      body: { code: 'quotation.still_sealed' },
    });
  });
});

describe('at the deadline', () => {
  beforeAll(async () => {
    world.clock.set(DEADLINE);
    expect(await second.post(`/api/quotation-requests/${rfqId}/quotations`, quote(1_000))).toMatchObject({
      status: 409,
      body: { code: 'quotation.deadline_passed' },
    });
    await world.api.api.app.get(CommandScheduler).runDue();
    await world.api.caughtUp();
  });

  it('opens by the scheduler and ranks the quotations: a tie goes to the earlier quotation in force', async () => {
    const view = (await world.anonymous('GET', `/api/quotation-requests/${rfqId}`)).body;
    expect(view.status).toBe('opened');
    expect(view.quotations.map((q: { supplierId: string }) => q.supplierId)).toEqual([
      second.supplierId, // 4,811,117 at P + 2 h
      first.supplierId, // the same amount, replaced at P + 3 h
      third.supplierId,
    ]);
    expect(view.winner).toMatchObject({ supplierId: second.supplierId, amount: { amount: PRICES.tie } });
    expect(view.supplierNames[second.supplierId]).toContain('Sistemas Norte');
  });

  it('passes to the next lowest when the buyer marks the winner non-compliant, and issues the order', async () => {
    const path = `/api/quotation-requests/${rfqId}/quotations/${receipts.second.quotationId}/non-compliant`;
    expect(await otherBuyer.post(path, { reason: 'x' })).toMatchObject({ status: 403 });
    expect(await buyer.post(path, { reason: 'No incluye la garantía solicitada' })).toMatchObject({ status: 200 });
    const order = await buyer.post(`/api/quotation-requests/${rfqId}/order`);
    expect(order).toMatchObject({ status: 201, body: { status: 'ordered', orderId: expect.any(String) } });
    expect(order.headers.get('licita-position')).toMatch(/^\d+$/);
    const view = (
      await world.api.call('GET', `/api/quotation-requests/${rfqId}`, {
        headers: { 'Licita-Min-Position': order.headers.get('licita-position') as string },
      })
    ).body;
    expect(view.order).toMatchObject({ supplierId: first.supplierId, amount: { amount: PRICES.low, currency: 'MXN' } });
    expect(view.quotations[0]).toMatchObject({ compliant: false, reason: 'No incluye la garantía solicitada' });
  });

  it('publishes the process in OCDS: selective, its tenderers after the opening, the order as award and contract', async () => {
    await world.api.caughtUp();
    const { compiledRelease } = (await ocdsRecord()).records[0];
    expect(compiledRelease.tender).toMatchObject({
      procurementMethod: 'selective',
      procurementMethodDetails: 'Cotización ágil (solicitud de cotizaciones)',
      numberOfTenderers: 3,
      status: 'complete',
    });
    expect(compiledRelease.awards).toEqual([
      expect.objectContaining({
        suppliers: [expect.objectContaining({ id: `supplier-${first.supplierId}` })],
        value: { amount: 48111.17, currency: 'MXN' },
      }),
    ]);
  });
});

describe('the splitting red flag', () => {
  const flags = async () =>
    (
      await world.anonymous('GET', `/api/transparency/red-flags?buyingUnitId=${buyer.ids.buyingUnitId}`)
    ).body.buyingUnits
      .flatMap((unit: { unitFlags: Array<{ code: string }> }) => unit.unitFlags)
      .filter((flag: { code: string }) => flag.code === 'split_purchase');

  it('flags a direct award of the same code and supplier that takes the order over the threshold within 30 days', async () => {
    const start = at(DEADLINE, DAY);
    world.clock.set(start);
    const unitId = buyer.ids.buyingUnitId as string;
    const direct = await buyer.post('/api/tenders', {
      ...aTender(unitId, start),
      procedureType: 'direct_award',
      schedule: null,
      directAward: { justification: { article: 'LAASSP art. 42', text: 'Monto menor.' } },
    });
    expect(direct.status).toBe(201);
    expect(
      await buyer.post(`/api/tenders/${direct.body.tenderId}/direct-award`, {
        lots: [{ lotId: 'lot-1', supplierId: first.supplierId, amount: 26_000_000 }],
      }),
    ).toMatchObject({ status: 200 });
    await world.api.caughtUp();
    const [flag] = await flags();
    expect(flag).toMatchObject({
      value: PRICES.low + 26_000_000,
      threshold: 30_000_000,
      unit: 'centavos',
      currency: 'MXN',
    });
    expect(flag.explanation).toContain('1 orden de cotización ágil y 1 adjudicación directa a Cómputo del Bajío');
  });

  it('adds a second quick order to the same supplier and code', async () => {
    const start = at(DEADLINE, 2 * DAY);
    world.clock.set(start);
    const next = await buyer.post(
      '/api/quotation-requests',
      aRequest({ estimatedValue: { amount: 29_000_000, currency: 'MXN' }, deadline: at(start, DAY) }),
    );
    expect(next.status).toBe(201);
    expect(await first.post(`/api/quotation-requests/${next.body.rfqId}/quotations`, quote(26_000_000))).toMatchObject({
      status: 201,
    });
    world.clock.set(at(start, DAY));
    expect(await buyer.post(`/api/quotation-requests/${next.body.rfqId}/open`)).toMatchObject({
      status: 200,
      body: { status: 'opened' },
    });
    expect(await buyer.post(`/api/quotation-requests/${next.body.rfqId}/order`)).toMatchObject({ status: 201 });
    await world.api.caughtUp();
    const [flag] = await flags();
    expect(flag).toMatchObject({ value: PRICES.low + 52_000_000, threshold: 30_000_000 });
    expect(flag.explanation).toContain('2 órdenes de cotización ágil y 1 adjudicación directa');
  });
});

describe("a mini-competition among a framework agreement's suppliers", () => {
  let orderingBuyer: Party;
  let agreementId: string;
  let competitionId: string;

  beforeAll(async () => {
    const [centralUnit, orderingUnit] = [await world.buyingUnit(), await world.buyingUnit()];
    await world.api.api.app.get(BuyingUnitRegistry).setLocation(
      {
        type: 'SetBuyingUnitLocation',
        buyingUnitId: orderingUnit,
        location: { stateCode: '09', municipalityCode: null },
      },
      { actor: 'system', correlationId: randomUUID(), now: world.clock.now() },
    );
    const central = await world.buyer(centralUnit);
    orderingBuyer = await world.buyer(orderingUnit);
    expect(
      (await (await world.registrar()).post('/api/central-purchasing-bodies', { buyingUnitId: centralUnit })).status,
    ).toBe(200);
    const procedure = await central.post('/api/tenders', {
      ...aTender(centralUnit, world.clock.now().toISOString(), { ...twoLots() }),
      procedureType: 'direct_award',
      schedule: null,
      directAward: { justification: { article: 'LAASSP art. 41 fr. I', text: 'Convenio marco.' } },
    });
    expect(procedure.status).toBe(201);
    expect(
      await central.post(`/api/tenders/${procedure.body.tenderId}/direct-award`, {
        lots: [
          { lotId: 'lot-1', supplierId: first.supplierId, amount: 100_000 },
          { lotId: 'lot-2', supplierId: second.supplierId, amount: 100_000 },
        ],
      }),
    ).toMatchObject({ status: 200 });
    const established = await central.post('/api/framework-agreements', {
      centralBuyingUnitId: centralUnit,
      tenderId: procedure.body.tenderId,
      title: 'Consumibles de impresión 2026',
      validFrom: '2026-03-01T06:00:00.000Z',
      validTo: '2027-03-01T06:00:00.000Z',
      regions: ['09'],
      authorisedBuyingUnitIds: 'all',
      items: [
        {
          itemId: 'toner',
          classification: { scheme: 'CUCOP', id: '21400001' },
          description: 'Tóner para impresora láser',
          unit: 'pieza',
          priceFixed: false,
        },
      ],
      ceilings: [{ amount: '500000.00', currency: 'MXN' }],
    });
    expect(established.status).toBe(201);
    agreementId = established.body.agreementId;
  });

  it("invites only the agreement's suppliers of the item, sealed, and orders against the agreement at the lowest unit price", async () => {
    const start = world.clock.now().toISOString();
    const published = await orderingBuyer.post('/api/quotation-requests', {
      buyingUnitId: orderingBuyer.ids.buyingUnitId,
      law: 'LAASSP',
      title: 'Tóner para el segundo semestre',
      quantity: 10,
      estimatedValue: { amount: 40_000_000, currency: 'MXN' }, // above the quick threshold: the agreement bounds it
      deadline: at(start, DAY),
      framework: { agreementId, itemId: 'toner' },
    });
    expect(published).toMatchObject({ status: 201 });
    competitionId = published.body.rfqId;
    const path = `/api/quotation-requests/${competitionId}/quotations`;
    expect(await first.post(path, quote(1_234_567))).toMatchObject({ status: 201 });
    expect(await second.post(path, quote(1_199_999))).toMatchObject({ status: 201 });
    expect(await third.post(path, quote(1_000_000))).toMatchObject({
      status: 403,
      body: { code: 'quotation.supplier_not_invited' },
    });
    world.clock.set(at(start, DAY));
    expect(await orderingBuyer.post(`/api/quotation-requests/${competitionId}/open`)).toMatchObject({ status: 200 });
    const order = await orderingBuyer.post(`/api/quotation-requests/${competitionId}/order`);
    expect(order).toMatchObject({ status: 201, body: { status: 'ordered' } });

    const agreement = (await world.api.api.app.get(QueryBus).execute(new GetFrameworkAgreementQuery(agreementId)))!;
    expect(agreement.orders).toEqual([
      expect.objectContaining({
        orderId: order.body.orderId,
        supplierId: second.supplierId,
        origin: { kind: 'mini-competition', competitionId },
        lines: [
          expect.objectContaining({
            itemId: 'toner',
            quantity: 10,
            unitPrice: { amount: '11999.99', currency: 'MXN' },
          }),
        ],
      }),
    ]);
    await world.api.caughtUp();
    const view = (await world.anonymous('GET', `/api/quotation-requests/${competitionId}`)).body;
    expect(view).toMatchObject({
      kind: 'mini_competition',
      classifierCode: '21400001',
      order: {
        supplierId: second.supplierId,
        amount: { amount: 11_999_990, currency: 'MXN' },
        frameworkOrderId: order.body.orderId,
      },
    });
    const ocid = `${world.api.api.config.ocidPrefix}rfq-${competitionId}`;
    const record = await world.anonymous('GET', `/api/ocds/records/${ocid}`);
    expect(validator.validateRecordPackage(record.body)).toEqual({ valid: true, errors: [] });
    expect(record.body.records[0].compiledRelease).toMatchObject({
      tender: {
        procurementMethod: 'selective',
        procurementMethodDetails: 'Minicompetencia entre los proveedores del contrato marco',
      },
      relatedProcesses: [{ relationship: ['framework'], scheme: 'ocid', identifier: agreement.ocid }],
    });
  });

  it('refuses an item the agreement lacks, and an agreement that does not exist', async () => {
    const body = {
      buyingUnitId: orderingBuyer.ids.buyingUnitId,
      law: 'LAASSP',
      title: 'Tóner',
      quantity: 1,
      estimatedValue: { amount: 100_000, currency: 'MXN' },
      deadline: at(world.clock.now().toISOString(), DAY),
    };
    expect(
      await orderingBuyer.post('/api/quotation-requests', {
        ...body,
        framework: { agreementId: randomUUID(), itemId: 'toner' },
      }),
    ).toMatchObject({
      status: 404,
      body: { code: 'quotation.framework_not_found' },
    });
    expect(
      await orderingBuyer.post('/api/quotation-requests', { ...body, framework: { agreementId, itemId: 'papel' } }),
    ).toMatchObject({
      status: 422,
      body: { code: 'quotation.framework_item_not_found' },
    });
  });
});
