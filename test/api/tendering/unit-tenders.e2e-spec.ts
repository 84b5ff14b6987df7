import { aTender, eventually, type Party, TenderingApi } from './tendering-api';

/**
 * GET /api/tenders: a buying unit's tenders for its buyers, drafts included (`?status=draft`: drafts only). A
 * draft saved by one buyer is listed for every buyer of the unit and for no one else; the real API, PostgreSQL
 * and the tender_views projection.
 */
let world: TenderingApi;
let unitId: string;
let first: Party;
let second: Party;
let outsider: Party;
let supplier: Party;

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z');
  unitId = await world.buyingUnit();
  [first, second, outsider, supplier] = await Promise.all([
    world.buyer(unitId),
    world.buyer(unitId),
    world.buyingUnit().then((other) => world.buyer(other)),
    world.supplier('Cómputo del Bajío'),
  ]);
}, 60_000);

afterAll(() => world.close());

const listed = (party: Party, path: string, ready: (ids: string[]) => boolean) =>
  eventually(`${path} lists what is expected`, async () => {
    const reply = await party.get(path);
    expect(reply.status).toBe(200);
    const ids = (reply.body as Array<{ tenderId: string }>).map((tender) => tender.tenderId);
    return ready(ids) && reply.body;
  });

describe("a buying unit's tenders, drafts included, for its buyers", () => {
  let draftId: string;
  let publishedId: string;

  it("lists one buyer's draft for another buyer of the same unit, with what the desk shows", async () => {
    const created = await first.post('/api/tenders', aTender(unitId, '2026-03-02T16:00:00.000Z'));
    expect(created.status).toBe(201);
    draftId = created.body.tenderId;
    const drafts = await listed(second, '/api/tenders?status=draft', (ids) => ids.includes(draftId));
    const draft = drafts.find((tender: { tenderId: string }) => tender.tenderId === draftId);
    expect(draft).toMatchObject({
      tenderId: draftId,
      title: aTender(unitId, '2026-03-02T16:00:00.000Z').title,
      status: 'draft',
      procedureType: 'public_national',
      publishedAt: null,
      schedule: { openingDate: expect.any(String) },
      estimatedTotal: { currency: 'MXN' },
      lots: [],
    });
    expect(Date.parse(draft.updatedAt)).not.toBeNaN();
  });

  it('shows the draft as changed by the other buyer', async () => {
    const patched = await second.call('PATCH', `/api/tenders/${draftId}`, { title: 'Laptops para el hospital' });
    expect(patched.status).toBe(200);
    await eventually('the new title', async () => {
      const reply = await first.get('/api/tenders?status=draft');
      return reply.body.some((t: { tenderId: string; title: string }) => t.title === 'Laptops para el hospital');
    });
  });

  it('lists published tenders without ?status, and leaves them out of the drafts', async () => {
    publishedId = await world.publishedTender(first, '2026-03-02T16:00:00.000Z');
    // Published, the tender leaves the drafts (the projection follows within a moment) and stays in the list.
    await listed(first, '/api/tenders?status=draft', (ids) => ids.includes(draftId) && !ids.includes(publishedId));
    const all = await listed(first, '/api/tenders', (ids) => ids.includes(publishedId) && ids.includes(draftId));
    const published = all.find((tender: { tenderId: string }) => tender.tenderId === publishedId);
    expect(published).toMatchObject({ status: 'active.enquiries', publishedAt: '2026-03-02T16:00:00.000Z' });
  });

  it("shows no other unit's tenders, and refuses anyone but a buyer", async () => {
    const other = await outsider.get('/api/tenders');
    expect(other.status).toBe(200);
    expect(other.body).toEqual([]);
    const bySupplier = await supplier.get('/api/tenders');
    expect([bySupplier.status, bySupplier.body.code]).toEqual([403, 'auth.forbidden']);
    const anonymous = await world.anonymous('GET', '/api/tenders');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'auth.unauthenticated']);
    const badFilter = await first.get('/api/tenders?status=awarded');
    expect([badFilter.status, badFilter.body.code]).toEqual([422, 'tender.invalid_status_filter']);
  });
});

describe("the server's time, which the desks offer actions by", () => {
  it("is the server's clock, for anyone", async () => {
    world.clock.set('2026-05-04T12:34:56.000Z');
    const reply = await world.anonymous('GET', '/api/time');
    expect([reply.status, reply.body]).toEqual([200, { now: '2026-05-04T12:34:56.000Z' }]);
  });
});
