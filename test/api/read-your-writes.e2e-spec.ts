import { at, HOUR } from '../support/time';
import { aTender, TenderingApi } from './tendering/tendering-api';

/**
 * Read your own writes over HTTP: a command answers the log position of its events (`Licita-Position`), and a
 * query sent with it (`?minPosition=` or `Licita-Min-Position`) answers from read models that show the write,
 * without the caller polling; when a projection cannot get there within READ_MODEL_WAIT_MS (here 400 ms, its
 * checkpoint row held locked as a stuck projector would), the answer is 503 `read_model.still_updating`.
 */
const P = '2026-03-02T16:00:00.000Z';
const WAIT_MS = 400;

let world: TenderingApi;
let registrarEmail: string;

beforeAll(async () => {
  world = await TenderingApi.start(at(P, -2 * HOUR), undefined, { env: { READ_MODEL_WAIT_MS: String(WAIT_MS) } });
  registrarEmail = (await world.api.account('registrar')).email;
}, 120_000);

afterAll(() => world?.close());

type As = 'registrar' | undefined;

/** As the registrar (logged in again each time: the tests move the clock past a token's life) or anonymously. */
const call = async (method: string, path: string, as: As, headers: Record<string, string> = {}, body?: unknown) =>
  world.api.call(method, path, {
    token: as === 'registrar' ? await world.api.login(registrarEmail) : undefined,
    headers,
    body,
  });
const registrar: As = 'registrar';

function positionOf(reply: { status: number; headers: Headers; body: unknown }): string {
  const position = reply.headers.get('Licita-Position');
  if (!position) throw new Error(`no Licita-Position on ${reply.status} ${JSON.stringify(reply.body)}`);
  expect(position).toMatch(/^\d+$/);
  return position;
}

describe('a command answers its log position and a query sent with it shows the write', () => {
  it('a verified supplier reads verified at once, and leaves the pending list', async () => {
    const supplier = await world.supplier('Proveedora Por Verificar', { verified: false });
    const verified = await call('POST', `/api/suppliers/${supplier.supplierId}/verify`, registrar);
    expect(verified.status).toBe(200);
    const position = positionOf(verified);

    expect(await call('GET', `/api/suppliers/${supplier.supplierId}?minPosition=${position}`, registrar)).toMatchObject(
      {
        status: 200,
        body: { status: 'verified' },
      },
    );
    // The same through the header, on a query whose DTO does not know the parameter.
    const pending = await call('GET', '/api/suppliers?status=pending&limit=100', registrar, {
      'Licita-Min-Position': position,
    });
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((s: { supplierId: string }) => s.supplierId)).not.toContain(supplier.supplierId);
    // A second click is refused by the rules, not by a stale page: the supplier is verified.
    expect(await call('POST', `/api/suppliers/${supplier.supplierId}/verify`, registrar)).toMatchObject({
      status: 409,
    });
  });

  it('a new buying unit is in the list the buyer form reads', async () => {
    const created = await call(
      'POST',
      '/api/buying-units',
      registrar,
      {},
      {
        code: 'UC-RYW-1',
        name: 'Unidad recién registrada',
        level: 'federal',
        parentInstitution: 'Secretaría de Salud',
      },
    );
    expect(created.status).toBe(201);
    const units = await call('GET', `/api/buying-units?limit=100&minPosition=${positionOf(created)}`, registrar);
    expect(units.status).toBe(200);
    expect(units.body.items.map((unit: { code: string }) => unit.code)).toContain('UC-RYW-1');
  });

  it('GET /api/tenders/{id} right after publishing answers 200 with the tender open for enquiries', async () => {
    const unit = await world.buyingUnit();
    const buyer = await world.buyer(unit);
    world.clock.set(at(P, -HOUR));
    const created = await buyer.post('/api/tenders', aTender(unit, P));
    expect(created.status).toBe(201);
    world.clock.set(P);
    const published = await buyer.post(`/api/tenders/${created.body.tenderId}/publish`);
    expect(published.status).toBe(200);
    const position = positionOf(published);
    expect(BigInt(position)).toBeGreaterThan(BigInt(positionOf(created)));
    expect(
      await call('GET', `/api/tenders/${created.body.tenderId}`, undefined, { 'Licita-Min-Position': position }),
    ).toMatchObject({ status: 200, body: { tenderId: created.body.tenderId, status: 'active.enquiries' } });
  });

  it('a query carries no position of its own', async () => {
    const read = await call('GET', '/api/buying-units?limit=1', registrar);
    expect(read.status).toBe(200);
    expect(read.headers.get('Licita-Position')).toBeNull();
  });
});

describe('when the read models cannot reach the position in time', () => {
  it('answers 503 read_model.still_updating within the bound, and the write once the projection moves on', async () => {
    const supplier = await world.supplier('Proveedora Atorada', { verified: false });
    await world.api.caughtUp();
    // A stuck projector: the supplier register's checkpoint row held locked, so no batch of it can commit.
    const stuck = world.api.db.createQueryRunner();
    await stuck.connect();
    await stuck.startTransaction();
    try {
      await stuck.query("SELECT position FROM projection_checkpoints WHERE name = 'supplier-register' FOR UPDATE");
      const verified = await call('POST', `/api/suppliers/${supplier.supplierId}/verify`, registrar);
      expect(verified.status).toBe(200);
      const position = positionOf(verified);

      const started = Date.now();
      const answer = await call('GET', `/api/suppliers/${supplier.supplierId}?minPosition=${position}`, registrar);
      const took = Date.now() - started;
      expect(answer).toMatchObject({
        status: 503,
        body: {
          code: 'read_model.still_updating',
          details: { position, behind: ['supplier-register'] },
        },
      });
      expect(answer.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
      expect(answer.headers.get('Retry-After')).toBe('1');
      expect(took).toBeGreaterThanOrEqual(WAIT_MS - 50);
      expect(took).toBeLessThan(WAIT_MS + 3_000);
      // Without a position the query answers at once, from the stale read model.
      expect(await call('GET', `/api/suppliers/${supplier.supplierId}`, registrar)).toMatchObject({
        status: 200,
        body: { status: 'pending' },
      });
    } finally {
      await stuck.rollbackTransaction();
      await stuck.release();
    }
    const verifiedNow = await call('GET', `/api/suppliers/${supplier.supplierId}`, registrar, {
      'Licita-Min-Position': (await world.api.store.headPosition()).toString(),
    });
    expect(verifiedNow).toMatchObject({ status: 200, body: { status: 'verified' } });
  });
});

describe('an endpoint that names the projections it reads', () => {
  it('waits for those only; one that names none waits for every projection', async () => {
    const supplier = await world.supplier('Proveedora Sin Esperas', { verified: false });
    await world.api.caughtUp();
    // The ledger's sealer reads every event: held, it is behind every new position.
    const stuck = world.api.db.createQueryRunner();
    await stuck.connect();
    await stuck.startTransaction();
    try {
      await stuck.query("SELECT position FROM projection_checkpoints WHERE name = 'ledger-sealer' FOR UPDATE");
      const verified = await call('POST', `/api/suppliers/${supplier.supplierId}/verify`, registrar);
      const position = positionOf(verified);
      expect(
        await call('GET', `/api/suppliers/${supplier.supplierId}?minPosition=${position}`, registrar),
      ).toMatchObject({ status: 200, body: { status: 'verified' } });
      expect(await call('GET', `/api/transparency/statistics?minPosition=${position}`, undefined)).toMatchObject({
        status: 503,
        body: { code: 'read_model.still_updating', details: { behind: expect.arrayContaining(['ledger-sealer']) } },
      });
    } finally {
      await stuck.rollbackTransaction();
      await stuck.release();
    }
  });
});

describe('the position a query is sent with', () => {
  it('must be a position of the log', async () => {
    for (const bad of ['abc', '-1', '99999999999999999999'])
      expect(await call('GET', `/api/buying-units?minPosition=${bad}`, registrar)).toMatchObject({
        status: 400,
        body: { code: 'request.invalid', errors: [expect.objectContaining({ field: 'minPosition' })] },
      });
    expect(
      await call('GET', '/api/buying-units', registrar, { 'Licita-Min-Position': '1.5' }).then((r) => r.status),
    ).toBe(400);
  });

  it('is documented on the queries declared with @Read in the OpenAPI document', async () => {
    const document = (await call('GET', '/docs-json', undefined)).body;
    for (const path of ['/api/suppliers/{id}', '/api/suppliers', '/api/buying-units']) {
      const names = (document.paths[path].get.parameters as Array<{ name: string }>).map((p) => p.name);
      expect([path, names]).toEqual([path, expect.arrayContaining(['minPosition', 'Licita-Min-Position'])]);
      expect(document.paths[path].get.responses['503']).toBeDefined();
    }
  });

  it('is not waited for when the log never got there (a position remembered from another database)', async () => {
    const far = ((await world.api.store.headPosition()) + 1_000_000n).toString();
    const started = Date.now();
    expect((await call('GET', `/api/buying-units?minPosition=${far}`, registrar)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
