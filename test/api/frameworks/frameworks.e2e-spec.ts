import { randomUUID } from 'node:crypto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { BuyingUnitRegistry } from '@licita/buying-units/application/buying-unit-registry';
import { GetFrameworkAgreementQuery, PlaceFrameworkOrderCommand } from '@licita/frameworks';
import { OcdsReader } from '../ocds/ocds-reader';
import { aTender, at, DAY, eventually, type Party, twoLots, TenderingApi } from '../tendering/tendering-api';

/**
 * Framework agreements over HTTP: the registrar designates a central purchasing body, which establishes an
 * agreement from its directly awarded procedure (two lots, two suppliers); the catalogue finds its items in
 * Spanish and compares prices; an authorised unit in a covered state orders; the supplier accepts or rejects;
 * concurrent orders never exceed the ceiling; the query and command other contexts use answer the same.
 */
let world: TenderingApi;
let centralUnit: string;
let orderingUnit: string;
let farUnit: string;
let central: Party;
let buyer: Party;
let farBuyer: Party;
let registrar: Party;
let paperCo: Party;
let officeCo: Party;
let tenderId: string;
let agreementId: string;
const START = '2026-03-02T15:00:00.000Z';

/** A refusal: the status and the stable code, as problem+json. */
const problem = (status: number, code: string) => ({
  status,
  body: expect.objectContaining({ code, type: `urn:licita:problem:${code}` }),
});

const anAgreement = (overrides: Record<string, unknown> = {}) => ({
  centralBuyingUnitId: centralUnit,
  tenderId,
  title: 'Papelería y consumibles de oficina 2026',
  validFrom: '2026-03-01T06:00:00.000Z',
  validTo: '2027-03-01T06:00:00.000Z',
  regions: ['09', '15'],
  authorisedBuyingUnitIds: 'all',
  items: [
    {
      itemId: 'papel-carta',
      classification: { scheme: 'CUCOP', id: '21100001' },
      description: 'Papel bond tamaño carta, 75 g, caja de 5,000 hojas',
      unit: 'caja',
      priceFixed: true,
      prices: [
        { supplierId: paperCo.supplierId, unitPrice: { amount: '512.00', currency: 'MXN' } },
        { supplierId: officeCo.supplierId, unitPrice: { amount: '498.50', currency: 'MXN' } },
      ],
    },
    {
      itemId: 'toner',
      classification: { scheme: 'CUCOP', id: '21400001' },
      description: 'Tóner para impresora láser, rendimiento 10,000 páginas',
      unit: 'pieza',
      priceFixed: false,
    },
  ],
  ceilings: [{ amount: '20000.00', currency: 'MXN' }],
  ...overrides,
});

const paper = (quantity: number, price = '498.50') => ({
  buyingUnitId: orderingUnit,
  supplierId: officeCo.supplierId,
  lines: [{ itemId: 'papel-carta', quantity, unitPrice: { amount: price, currency: 'MXN' } }],
});

beforeAll(async () => {
  world = await TenderingApi.start(START);
  [centralUnit, orderingUnit, farUnit] = await Promise.all([
    world.buyingUnit(),
    world.buyingUnit(),
    world.buyingUnit(),
  ]);
  const registry = world.api.api.app.get(BuyingUnitRegistry);
  const context = () => ({ actor: 'system', correlationId: randomUUID(), now: world.clock.now() });
  await registry.setLocation(
    {
      type: 'SetBuyingUnitLocation',
      buyingUnitId: orderingUnit,
      location: { stateCode: '09', municipalityCode: null },
    },
    context(),
  );
  await registry.setLocation(
    { type: 'SetBuyingUnitLocation', buyingUnitId: farUnit, location: { stateCode: '14', municipalityCode: null } },
    context(),
  );
  [central, buyer, farBuyer, registrar, paperCo, officeCo] = await Promise.all([
    world.buyer(centralUnit),
    world.buyer(orderingUnit),
    world.buyer(farUnit),
    world.registrar(),
    world.supplier('Papelera del Centro'),
    world.supplier('Oficinas Integrales'),
  ]);
  const created = await central.post('/api/tenders', {
    ...aTender(centralUnit, START, { ...twoLots() }),
    procedureType: 'direct_award',
    schedule: null,
    directAward: {
      justification: { article: 'LAASSP art. 41 fr. I', text: 'Convenio marco.' },
    },
  });
  expect(created.status).toBe(201);
  tenderId = created.body.tenderId;
  const awarded = await central.post(`/api/tenders/${tenderId}/direct-award`, {
    lots: [
      { lotId: 'lot-1', supplierId: paperCo.supplierId, amount: 100_000 },
      { lotId: 'lot-2', supplierId: officeCo.supplierId, amount: 100_000 },
    ],
  });
  expect(awarded.status).toBe(200);
}, 120_000);

afterAll(() => world?.close());

describe('establishing an agreement', () => {
  it('is refused to a unit the registrar has not designated a central purchasing body', async () => {
    expect(await central.post('/api/framework-agreements', anAgreement())).toMatchObject(
      problem(403, 'framework.not_central_body'),
    );
  });

  it("is for the central body's buyer, from its awarded procedure, with the procedure's winners", async () => {
    expect((await registrar.post('/api/central-purchasing-bodies', { buyingUnitId: centralUnit })).status).toBe(200);
    expect(await buyer.post('/api/framework-agreements', anAgreement())).toMatchObject(problem(403, 'auth.forbidden'));
    expect(
      await central.post('/api/framework-agreements', anAgreement({ supplierIds: [paperCo.supplierId, randomUUID()] })),
    ).toMatchObject(problem(422, 'framework.supplier_not_awarded'));
    const established = await central.post('/api/framework-agreements', anAgreement());
    expect(established.status).toBe(201);
    expect(established.headers.get('licita-position')).toMatch(/^\d+$/);
    agreementId = established.body.agreementId;
    const [designated] = await world.events(`central-purchasing-body-${centralUnit}`);
    expect(designated.metadata).toMatchObject({
      actor: `account-${registrar.ids.accountId}`,
      reason: 'Designación como área consolidadora de compras',
      occurredAt: START,
    });
    const [agreement] = await world.events(`framework-agreement-${agreementId}`);
    expect(agreement.metadata).toMatchObject({
      actor: `account-${central.ids.accountId}`,
      reason: `Convenio marco resultado del procedimiento ${tenderId}`,
    });
  });

  it('is answered by GetFrameworkAgreementQuery in the shape other contexts use, and by the public detail', async () => {
    const view = await world.api.api.app.get(QueryBus).execute(new GetFrameworkAgreementQuery(agreementId));
    expect(view).toMatchObject({
      agreementId,
      ocid: `${world.api.api.config.ocidPrefix}${tenderId}`,
      status: 'active',
      centralBuyingUnitId: centralUnit,
      authorisedBuyingUnitIds: 'all',
      regions: ['09', '15'],
      suppliers: [{ supplierId: paperCo.supplierId }, { supplierId: officeCo.supplierId }],
      items: [
        {
          itemId: 'papel-carta',
          classification: { scheme: 'CUCOP', id: '21100001' },
          priceFixed: true,
          prices: [
            { supplierId: paperCo.supplierId, unitPrice: { amount: '512.00', currency: 'MXN' } },
            { supplierId: officeCo.supplierId, unitPrice: { amount: '498.50', currency: 'MXN' } },
          ],
        },
        { itemId: 'toner', priceFixed: false, prices: [] },
      ],
      remaining: [{ amount: '20000.00', currency: 'MXN' }],
    });
    expect(await world.api.api.app.get(QueryBus).execute(new GetFrameworkAgreementQuery(randomUUID()))).toBeUndefined();
    expect((await world.anonymous('GET', `/api/framework-agreements/${agreementId}`)).body).toEqual(view);
    expect(await world.anonymous('GET', `/api/framework-agreements/${randomUUID()}`)).toMatchObject(
      problem(404, 'framework.not_found'),
    );
  });
});

describe('the catalogue', () => {
  it('finds items in Spanish without accents, comparing the suppliers cheapest first', async () => {
    const found = await eventually('the catalogue shows the agreement', async () => {
      const reply = await world.anonymous('GET', '/api/framework-catalogue?q=PAPEL%20bond');
      return reply.status === 200 && reply.body.length > 0 && reply.body;
    });
    expect(found).toEqual([
      expect.objectContaining({
        agreementId,
        itemId: 'papel-carta',
        offers: [
          {
            supplierId: officeCo.supplierId,
            supplierName: 'Oficinas Integrales, S.A. de C.V.',
            unitPrice: { amount: '498.50', currency: 'MXN' },
          },
          {
            supplierId: paperCo.supplierId,
            supplierName: 'Papelera del Centro, S.A. de C.V.',
            unitPrice: { amount: '512.00', currency: 'MXN' },
          },
        ],
      }),
    ]);
    const toner = await world.anonymous('GET', '/api/framework-catalogue?q=toner%20laser');
    expect(toner.body.map((entry: { itemId: string }) => entry.itemId)).toEqual(['toner']);
  });

  it('filters by classifier code and by region', async () => {
    const byCode = await world.anonymous('GET', '/api/framework-catalogue?scheme=CUCOP&code=21400001');
    expect(byCode.body.map((entry: { itemId: string }) => entry.itemId)).toEqual(['toner']);
    expect((await world.anonymous('GET', '/api/framework-catalogue?q=papel&region=14')).body).toEqual([]);
    expect((await world.anonymous('GET', '/api/framework-catalogue?q=papel&region=15')).body).toHaveLength(1);
  });
});

describe('orders', () => {
  let orderId: string;

  it("are placed by an authorised unit's buyer at the agreement's price, and lower the remaining ceiling", async () => {
    const placed = await buyer.post(`/api/framework-agreements/${agreementId}/orders`, paper(10));
    expect(placed.status).toBe(201);
    orderId = placed.body.orderId;
    expect(placed.body.position).toMatch(/^\d+$/);
    const detail = await world.anonymous('GET', `/api/framework-agreements/${agreementId}`);
    expect(detail.body.remaining).toEqual([{ amount: '15015.00', currency: 'MXN' }]);
    expect(detail.body.orders).toEqual([
      expect.objectContaining({ orderId, status: 'placed', totals: [{ amount: '4985.00', currency: 'MXN' }] }),
    ]);
  });

  it('are refused outside the regions, at another price, for another unit, or for an item priced by mini-competition', async () => {
    const path = `/api/framework-agreements/${agreementId}/orders`;
    expect(await farBuyer.post(path, { ...paper(1), buyingUnitId: farUnit })).toMatchObject(
      problem(403, 'framework.outside_region'),
    );
    expect(await buyer.post(path, paper(1, '400.00'))).toMatchObject(problem(409, 'framework.price_mismatch'));
    expect(await farBuyer.post(path, paper(1))).toMatchObject(problem(403, 'auth.forbidden'));
    expect(
      await buyer.post(path, {
        ...paper(1),
        lines: [{ itemId: 'toner', quantity: 1, unitPrice: { amount: '900.00', currency: 'MXN' } }],
      }),
    ).toMatchObject(problem(422, 'framework.price_not_fixed'));
  });

  it('are answered by their supplier only: accepted, or rejected with a reason that gives the amount back', async () => {
    const base = `/api/framework-agreements/${agreementId}/orders`;
    expect(await paperCo.post(`${base}/${orderId}/accept`)).toMatchObject(problem(403, 'framework.not_order_supplier'));
    expect((await officeCo.post(`${base}/${orderId}/accept`)).status).toBe(200);
    expect(await officeCo.post(`${base}/${orderId}/reject`, { reason: 'Sin existencias' })).toMatchObject(
      problem(409, 'framework.order_already_accepted'),
    );
    const second = await buyer.post(base, paper(2));
    expect(
      (await officeCo.post(`${base}/${second.body.orderId}/reject`, { reason: 'Sin existencias en la región' })).status,
    ).toBe(200);
    const detail = await world.anonymous('GET', `/api/framework-agreements/${agreementId}`);
    expect(detail.body.remaining).toEqual([{ amount: '15015.00', currency: 'MXN' }]);
    const orders = await eventually('the public orders list shows both answers', async () => {
      const reply = await world.anonymous('GET', `/api/framework-orders?agreementId=${agreementId}`);
      return (
        reply.body.length === 2 && reply.body.every((o: { status: string }) => o.status !== 'placed') && reply.body
      );
    });
    expect(
      orders.map((o: { status: string; rejectionReason: string | null }) => [o.status, o.rejectionReason]).sort(),
    ).toEqual([
      ['accepted', null],
      ['rejected', 'Sin existencias en la región'],
    ]);
  });

  it('from a mini-competition go through PlaceFrameworkOrderCommand at the price it set', async () => {
    const placed = await world.api.api.app.get(CommandBus).execute(
      new PlaceFrameworkOrderCommand({
        agreementId,
        buyingUnitId: orderingUnit,
        supplierId: paperCo.supplierId,
        lines: [{ itemId: 'toner', quantity: 3, unitPrice: { amount: '1005.00', currency: 'MXN' } }],
        origin: { kind: 'mini-competition', competitionId: 'mc-1' },
        actor: `account-${buyer.ids.accountId}`,
        reason: 'Resultado de la segunda competencia mc-1',
      }),
    );
    expect(placed).toEqual({ orderId: expect.any(String), position: expect.stringMatching(/^\d+$/) });
    const events = await world.events(`framework-agreement-${agreementId}`);
    const recorded = events.find((e) => e.type === 'FrameworkOrderPlaced' && e.data.orderId === placed.orderId);
    expect(recorded?.metadata).toMatchObject({
      actor: `account-${buyer.ids.accountId}`,
      reason: 'Resultado de la segunda competencia mc-1',
    });
    expect(recorded?.data.totals).toEqual([{ amount: 301_500, currency: 'MXN' }]);
  });

  it('are refused once the agreement has expired', async () => {
    world.clock.set(at('2027-03-01T06:00:00.000Z', DAY));
    expect(await buyer.post(`/api/framework-agreements/${agreementId}/orders`, paper(1))).toMatchObject(
      problem(409, 'framework.not_in_force'),
    );
    world.clock.set(START);
  });
});

describe('OCDS', () => {
  it("marks the agreement's procedure as a framework agreement and publishes each order as a call-off of it", async () => {
    const reader = new OcdsReader(world);
    const procedure = (await reader.record(tenderId)).records[0].compiledRelease;
    expect(procedure.tender.techniques).toEqual({
      hasFrameworkAgreement: true,
      frameworkAgreement: expect.objectContaining({
        method: 'withAndWithoutReopeningCompetition',
        value: { amount: 20000, currency: 'MXN' },
      }),
    });
    expect(procedure.tender.contractPeriod).toEqual({
      startDate: '2026-03-01T06:00:00.000Z',
      endDate: '2027-03-01T06:00:00.000Z',
    });
    const orders = (await world.anonymous('GET', `/api/framework-orders?agreementId=${agreementId}`)).body as Array<{
      orderId: string;
      status: string;
    }>;
    const byStatus = (status: string) => orders.find((o) => o.status === status)?.orderId as string;
    const accepted = await reader.record(byStatus('accepted'));
    expect(accepted.records[0].releases).toHaveLength(2);
    const callOff = accepted.records[0].compiledRelease;
    expect(callOff.relatedProcesses).toEqual([
      expect.objectContaining({ relationship: ['framework'], scheme: 'ocid', identifier: reader.ocid(tenderId) }),
    ]);
    expect(callOff.contracts).toEqual([
      expect.objectContaining({ status: 'active', value: { amount: 4985, currency: 'MXN' } }),
    ]);
    expect(callOff.awards[0].suppliers).toEqual([
      { id: `supplier-${officeCo.supplierId}`, name: 'Oficinas Integrales, S.A. de C.V.' },
    ]);
    const rejected = (await reader.record(byStatus('rejected'))).records[0].compiledRelease;
    expect(rejected.contracts[0].status).toBe('cancelled');
    expect(rejected.licitaFramework.rejectionReason).toBe('Sin existencias en la región');
  });
});

describe('the ceiling under concurrent orders', () => {
  it('accepts orders up to the ceiling and no further, refusing the rest with a stable code, losing none', async () => {
    const established = await central.post(
      '/api/framework-agreements',
      anAgreement({ title: 'Convenio de carrera', ceilings: [{ amount: '5000.00', currency: 'MXN' }] }),
    );
    const raceId = established.body.agreementId as string;
    // 16 orders of 2 boxes (997.00 each) against 5,000.00: exactly 5 fit.
    const replies = await Promise.all(
      Array.from({ length: 16 }, () => buyer.post(`/api/framework-agreements/${raceId}/orders`, paper(2))),
    );
    const accepted = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status !== 201);
    expect(accepted).toHaveLength(5);
    for (const reply of refused) {
      expect(reply).toMatchObject(problem(409, 'framework.ceiling_exceeded'));
      expect(reply.body.details).toEqual({ remaining: '15.00', currency: 'MXN' });
    }
    const placed = (await world.events(`framework-agreement-${raceId}`)).filter(
      (e) => e.type === 'FrameworkOrderPlaced',
    );
    expect(placed.map((e) => e.data.orderId).sort()).toEqual(accepted.map((r) => r.body.orderId).sort());
    const detail = await world.anonymous('GET', `/api/framework-agreements/${raceId}`);
    expect(detail.body.remaining).toEqual([{ amount: '15.00', currency: 'MXN' }]);
  });
});
