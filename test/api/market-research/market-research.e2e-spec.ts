import { aTender, at, DAY, eventually, type Party, type Reply, TenderingApi } from '../tendering/tendering-api';

/**
 * Market research through the real API, PostgreSQL and projections: a buyer asks the register's suppliers of the
 * items' codes for indicative prices; they answer and revise until the deadline; late answers are refused; the
 * buyer reads every answer and the statistics per item and currency; it attaches the research to a tender of
 * its unit; the public sees the statistics alone once that tender is published. Who reads what is checked at
 * each step: a supplier its own answer only, other suppliers nothing, the auditor everything.
 */
const SENT = '2026-03-02T15:00:00.000Z';
const DEADLINE = '2026-03-09T15:00:00.000Z';
const PUBLISHED = '2026-03-10T16:00:00.000Z';
// Distinctive prices (centavos), so that a leak shows up in any body.
const BAJIO_FIRST = 2_451_117;
const BAJIO_REVISED = 2_400_019;
const NORTE_LAPTOP = 2_300_023;
const NORTE_DOCK = 180_031;
const ACCESORIOS_DOCK_USD = 9_937;

let world: TenderingApi;
let unitId: string;
let buyer: Party;
let otherBuyer: Party;
let auditor: Party;
let registrar: Party;
let bajio: Party; // declares the laptops' own code
let norte: Party; // declares "Equipo y material informático", an ancestor of both items
let accesorios: Party; // declares the docks' code only
let obra: Party; // civil works: not asked
let pending: Party; // laptops, but not verified: not asked
let sanctioned: Party; // laptops, verified, but under a sanction in force: not asked
let researchId: string;
let position: string;

beforeAll(async () => {
  world = await TenderingApi.start(SENT);
  unitId = await world.buyingUnit();
  [buyer, otherBuyer, auditor, registrar, bajio, norte, accesorios, obra, pending, sanctioned] = await Promise.all([
    world.buyer(unitId),
    world.buyingUnit().then((other) => world.buyer(other)),
    world.auditor(),
    world.registrar(),
    world.supplier('Cómputo del Bajío'),
    world.supplier('Sistemas del Norte', { classifierCodes: ['30200000-1'] }),
    world.supplier('Accesorios MX', { classifierCodes: ['30237200-1'] }),
    world.supplier('Obra Civil del Centro', { classifierCodes: ['45210000-2'] }),
    world.supplier('Cómputo Pendiente', { verified: false }),
    world.supplier('Cómputo Sancionado'),
  ]);
  await world.sanction(sanctioned, at(SENT, -DAY), null);
  await world.api.caughtUp();
}, 90_000);

afterAll(() => world.close());

const aRequest = () => ({
  title: 'Precios de referencia de computadoras portátiles',
  items: [
    { classifierCode: '30213100-6', description: 'Computadora portátil 14", 16 GB', quantity: 40, unit: 'pieza' },
    { classifierCode: '30237200-1', description: 'Base de conexión USB-C', quantity: 40, unit: 'pieza' },
  ],
  deadline: DEADLINE,
  reason: 'Investigación de mercado previa (LAASSP art. 26)',
});

const answer = (party: Party, prices: Array<[string, number, string?]>, notes?: string) =>
  party.call('PUT', `/api/market-research/${researchId}/answer`, {
    prices: prices.map(([itemId, amount, currency = 'MXN']) => ({ itemId, unitPrice: { amount, currency } })),
    ...(notes ? { notes } : {}),
  });

/** A read that waits for the last command's position (the header every command answers with). */
const read = (party: Party | null, path: string) =>
  party ? party.get(`${path}?minPosition=${position}`) : world.anonymous('GET', `${path}?minPosition=${position}`);

const remember = (reply: Reply) => {
  position = reply.headers.get('licita-position') ?? position;
  return reply;
};

const statusAndCode = (reply: Reply) => [reply.status, reply.body?.code];

describe('a request for indicative prices', () => {
  it('goes to the verified suppliers whose declared codes cover an item, the code or an ancestor', async () => {
    const sent = remember(await buyer.post('/api/market-research', aRequest()));
    expect(sent.status).toBe(201);
    expect(sent.headers.get('licita-position')).toMatch(/^\d+$/);
    expect(sent.body).toEqual({ researchId: expect.any(String), supplierCount: 3 });
    researchId = sent.body.researchId;

    const [requested] = await world.events(`market-research-${researchId}`);
    expect(requested).toMatchObject({
      type: 'MarketResearchRequested',
      data: { supplierIds: [bajio, norte, accesorios].map((s) => s.supplierId).sort(), invited: false },
      metadata: {
        actor: `account-${buyer.ids.accountId}`,
        occurredAt: SENT,
        reason: 'Investigación de mercado previa (LAASSP art. 26)',
      },
    });
  });

  it('is listed on the desks of the suppliers asked, and on no other', async () => {
    const listed = await read(bajio, '/api/market-research');
    expect(listed.body).toEqual([
      expect.objectContaining({ researchId, status: 'open', deadline: DEADLINE, itemCount: 2, answeredAt: null }),
    ]);
    expect(listed.body[0]).not.toHaveProperty('answerCount');
    for (const outsider of [obra, pending, sanctioned])
      expect((await read(outsider, '/api/market-research')).body).toEqual([]);
    expect(statusAndCode(await read(obra, `/api/market-research/${researchId}`))).toEqual([
      404,
      'market_research.not_found',
    ]);
  });

  it('refuses bad requests with their codes', async () => {
    const refusals = await Promise.all([
      buyer.post('/api/market-research', { ...aRequest(), deadline: '2026-03-01T00:00:00.000Z' }),
      buyer.post('/api/market-research', {
        ...aRequest(),
        items: [{ classifierCode: '45210000-2', description: 'Obra', quantity: 1, unit: 'obra' }],
        invitedSupplierIds: [],
      }),
      buyer.post('/api/market-research', {
        ...aRequest(),
        items: [{ ...aRequest().items[0], classifierCode: '99999999-9' }],
      }),
      buyer.post('/api/market-research', { ...aRequest(), invitedSupplierIds: [pending.supplierId] }),
      buyer.post('/api/market-research', {
        ...aRequest(),
        invitedSupplierIds: [bajio, sanctioned].map((s) => s.supplierId),
      }),
      bajio.post('/api/market-research', aRequest()),
      world.anonymous('POST', '/api/market-research', aRequest()),
    ]);
    expect(refusals.map(statusAndCode)).toEqual([
      [422, 'market_research.invalid_deadline'],
      [201, undefined], // civil works: Obra Civil del Centro is a verified supplier of 45210000-2
      [422, 'classifier.unknown_code'],
      [422, 'market_research.unknown_supplier'],
      [422, 'market_research.supplier_sanctioned'],
      [403, 'auth.forbidden'],
      [401, 'auth.unauthenticated'],
    ]);
    for (const reply of refusals.filter((r) => r.status >= 400))
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('answers', () => {
  it('are taken from the suppliers asked, and revised until the deadline; each is not an offer', async () => {
    world.clock.set(at(SENT, DAY));
    const first = remember(await answer(bajio, [['item-1', BAJIO_FIRST]], 'Precio con IVA'));
    expect([first.status, first.body]).toEqual([200, { researchId, revision: 1, offer: false }]);
    remember(
      await answer(norte, [
        ['item-1', NORTE_LAPTOP],
        ['item-2', NORTE_DOCK],
      ]),
    );
    remember(await answer(accesorios, [['item-2', ACCESORIOS_DOCK_USD, 'USD']]));
    world.clock.set(at(DEADLINE, -1));
    const revised = remember(
      await bajio.call('PUT', `/api/market-research/${researchId}/answer`, {
        prices: [{ itemId: 'item-1', unitPrice: { amount: BAJIO_REVISED, currency: 'MXN' } }],
        reason: 'Descuento por volumen',
      }),
    );
    expect(revised.body).toEqual({ researchId, revision: 2, offer: false });
    const events = await world.events(`market-research-${researchId}`);
    expect(events.map((event) => event.type)).toEqual([
      'MarketResearchRequested',
      'MarketResearchAnswered',
      'MarketResearchAnswered',
      'MarketResearchAnswered',
      'MarketResearchAnswerRevised',
    ]);
    expect(events.at(-1)?.metadata).toMatchObject({
      actor: `account-${bajio.ids.accountId}`,
      occurredAt: at(DEADLINE, -1),
      reason: 'Descuento por volumen',
    });
  });

  it('refuses a supplier not asked, bad prices, and anyone but a supplier', async () => {
    const refusals = await Promise.all([
      answer(obra, [['item-1', 100]]),
      answer(norte, [['item-9', 100]]),
      answer(norte, [['item-1', -5]]),
      answer(buyer, [['item-1', 100]]),
    ]);
    expect(refusals.map(statusAndCode)).toEqual([
      [403, 'market_research.not_addressed'],
      [422, 'market_research.invalid_answer'],
      [422, 'market_research.invalid_answer'],
      [403, 'auth.forbidden'],
    ]);
  });

  it("show a supplier its own answer only: never another's price, nor the statistics", async () => {
    const own = await read(bajio, `/api/market-research/${researchId}`);
    expect(own.status).toBe(200);
    expect(own.body.answers).toEqual([
      expect.objectContaining({
        supplierId: bajio.supplierId,
        prices: [{ itemId: 'item-1', unitPrice: { amount: BAJIO_REVISED, currency: 'MXN' } }],
        notes: null,
        revision: 2,
        offer: false,
      }),
    ]);
    expect(own.body.notice).toMatch(/not an offer/);
    expect(own.body).not.toHaveProperty('statistics');
    expect(own.body).not.toHaveProperty('suppliers');
    const text = JSON.stringify(own.body);
    for (const secret of [NORTE_LAPTOP, NORTE_DOCK, ACCESORIOS_DOCK_USD, norte.supplierId, 'Sistemas del Norte'])
      expect(text).not.toContain(String(secret));
    const list = JSON.stringify((await read(accesorios, '/api/market-research')).body);
    expect(list).not.toContain(String(BAJIO_REVISED));
  });

  it('refuses a late answer, at the deadline or after', async () => {
    world.clock.set(DEADLINE);
    expect(statusAndCode(await answer(norte, [['item-1', 100]]))).toEqual([409, 'market_research.closed']);
    expect(statusAndCode(await answer(obra, [['item-1', 100]]))).toEqual([403, 'market_research.not_addressed']);
  });
});

describe("the buyer's view and its statistics", () => {
  const expectedStatistics = [
    expect.objectContaining({
      itemId: 'item-1',
      statistics: [
        {
          currency: 'MXN',
          count: 2,
          min: NORTE_LAPTOP,
          median: 2_350_021, // (2,300,023 + 2,400,019) / 2
          max: BAJIO_REVISED,
          spreadBasisPoints: 426, // 99,996 / 2,350,021 = 4.2551 %
        },
      ],
    }),
    expect.objectContaining({
      itemId: 'item-2',
      statistics: [
        { currency: 'MXN', count: 1, min: NORTE_DOCK, median: NORTE_DOCK, max: NORTE_DOCK, spreadBasisPoints: 0 },
        {
          currency: 'USD',
          count: 1,
          min: ACCESORIOS_DOCK_USD,
          median: ACCESORIOS_DOCK_USD,
          max: ACCESORIOS_DOCK_USD,
          spreadBasisPoints: 0,
        },
      ],
    }),
  ];

  it('shows every answer with its supplier, who did not answer, and statistics per item and currency', async () => {
    const view = await read(buyer, `/api/market-research/${researchId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'closed', supplierCount: 3, answerCount: 3, tenderId: null });
    expect(view.body.answers.map((a: any) => [a.legalName, a.revision, a.offer]).sort()).toEqual([
      ['Accesorios MX, S.A. de C.V.', 1, false],
      ['Cómputo del Bajío, S.A. de C.V.', 2, false],
      ['Sistemas del Norte, S.A. de C.V.', 1, false],
    ]);
    expect(view.body.statistics).toEqual(expectedStatistics);
  });

  it('is the auditor’s too; another unit’s buyer, a registrar and the public get nothing', async () => {
    const audited = await read(auditor, `/api/market-research/${researchId}`);
    expect(audited.body.statistics).toEqual(expectedStatistics);
    expect(audited.body.answers).toHaveLength(3);
    expect(statusAndCode(await read(otherBuyer, `/api/market-research/${researchId}`))).toEqual([
      404,
      'market_research.not_found',
    ]);
    expect((await read(otherBuyer, '/api/market-research')).body).toEqual([]);
    expect(statusAndCode(await read(registrar, `/api/market-research/${researchId}`))).toEqual([403, 'auth.forbidden']);
    expect(statusAndCode(await read(null, `/api/market-research/${researchId}`))).toEqual([
      401,
      'auth.unauthenticated',
    ]);
  });
});

describe('attached to a tender of the unit, and what the public sees', () => {
  let draftId: string;

  it('refuses to attach while answers are taken, or to another unit’s tender', async () => {
    world.clock.set(at(DEADLINE, -DAY));
    const early = await buyer.post('/api/tenders', aTender(unitId, PUBLISHED));
    draftId = early.body.tenderId;
    expect(statusAndCode(await buyer.post(`/api/market-research/${researchId}/attach`, { tenderId: draftId }))).toEqual(
      [409, 'market_research.still_open'],
    );
    world.clock.set(at(DEADLINE, 2 * 60 * 60_000));
    const foreign = await otherBuyer.post('/api/tenders', aTender(otherBuyer.ids.buyingUnitId as string, PUBLISHED));
    expect(
      statusAndCode(await buyer.post(`/api/market-research/${researchId}/attach`, { tenderId: foreign.body.tenderId })),
    ).toEqual([422, 'market_research.tender_of_other_unit']);
    expect(
      statusAndCode(await otherBuyer.post(`/api/market-research/${researchId}/attach`, { tenderId: draftId })),
    ).toEqual([403, 'auth.forbidden']);
  });

  it('attaches to the draft (an event with who, when and why), still private until published', async () => {
    const attached = remember(
      await buyer.post(`/api/market-research/${researchId}/attach`, {
        tenderId: draftId,
        reason: 'Sustenta el precio estimado',
      }),
    );
    expect([attached.status, attached.body]).toEqual([200, { researchId }]);
    const last = (await world.events(`market-research-${researchId}`)).at(-1);
    expect(last).toMatchObject({
      type: 'MarketResearchAttached',
      data: { tenderId: draftId, buyingUnitId: unitId },
      metadata: { actor: `account-${buyer.ids.accountId}`, reason: 'Sustenta el precio estimado' },
    });
    expect((await read(buyer, `/api/market-research/${researchId}`)).body.tenderId).toBe(draftId);
    expect(statusAndCode(await read(null, `/api/tenders/${draftId}/market-research`))).toEqual([
      404,
      'tender.not_found',
    ]);
  });

  it('shows the public the statistics alone, labelled indicative, once the tender is published', async () => {
    world.clock.set(PUBLISHED);
    expect(remember(await buyer.post(`/api/tenders/${draftId}/publish`)).status).toBe(200);
    const shown = await eventually('the public research block', async () => {
      const reply = await read(null, `/api/tenders/${draftId}/market-research`);
      return reply.status === 200 && reply.body;
    });
    expect(shown).toMatchObject({ researchId, tenderId: draftId, answerCount: 3, indicative: true, offer: false });
    expect(shown.notice).toMatch(/not an offer/);
    expect(shown.items[0].statistics[0]).toMatchObject({ count: 2, median: 2_350_021 });
    const text = JSON.stringify(shown);
    for (const party of [bajio, norte, accesorios]) expect(text).not.toContain(party.supplierId);
    for (const secret of ['Bajío', 'Norte', 'Accesorios MX', 'Precio con IVA', 'supplierId', 'legalName', 'answers'])
      expect(text).not.toContain(secret);
  });

  it('stays with its tender: attaching it to another is refused', async () => {
    const another = await buyer.post('/api/tenders', aTender(unitId, at(PUBLISHED, DAY)));
    expect(
      statusAndCode(await buyer.post(`/api/market-research/${researchId}/attach`, { tenderId: another.body.tenderId })),
    ).toEqual([409, 'market_research.already_attached']);
    expect((await buyer.post(`/api/market-research/${researchId}/attach`, { tenderId: draftId })).status).toBe(200);
  });
});
