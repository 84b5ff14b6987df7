import { randomUUID } from 'node:crypto';
import { aSupplierRegistration, aUniqueRfc, PASSWORD } from '../api/register/register-api';
import { aTender, TenderingApi, type Party } from '../api/tendering/tendering-api';

/**
 * Issue #16, point 9: a creation retried with its Idempotency-Key after a crash answers its first result, and
 * concurrent supplier registrations never leave a supplier without its account.
 */
let world: TenderingApi;
let buyer: Party;

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z');
  buyer = await world.buyer(await world.buyingUnit());
}, 120_000);

afterAll(() => world?.close());

describe('CreateTender retried with the same Idempotency-Key after a crash', () => {
  it('answers the first result (201, same tender) instead of 409 tender.already_exists, and appends nothing', async () => {
    const key = randomUUID();
    const body = aTender(buyer.ids.buyingUnitId as string, '2026-03-03T15:00:00.000Z');
    const first = await buyer.post('/api/tenders', body, key);
    expect(first.status).toBe(201);
    // What a process that died after its append and before recording its answer leaves behind: the key still
    // `in_progress`, older than the abandonment delay, so the retry runs the command again.
    const marked = await world.api.db.query(
      `UPDATE idempotency_keys SET status = 'in_progress', response_status = NULL, response_body = NULL,
         started_at = now() - interval '1 hour' WHERE key = $1 RETURNING 1`,
      [key],
    );
    expect(marked[1]).toBe(1);

    const retry = await buyer.post('/api/tenders', body, key);

    expect(retry).toMatchObject({ status: 201, body: first.body });
    const events = await world.events(`tender-${first.body.tenderId}`);
    expect(events.map((event) => event.type)).toEqual(['TenderCreated']);
  });

  it('still refuses another creation under an existing tender id (409 tender.already_exists)', async () => {
    const tenderId = randomUUID();
    const body = aTender(buyer.ids.buyingUnitId as string, '2026-03-03T15:00:00.000Z', { tenderId });
    expect((await buyer.post('/api/tenders', body, randomUUID())).status).toBe(201);
    expect(await buyer.post('/api/tenders', body, randomUUID())).toMatchObject({
      status: 409,
      body: { code: 'tender.already_exists' },
    });
  });
});

describe('concurrent supplier registrations', () => {
  it('never leave a supplier without its account: same email, different RFCs, all at once', async () => {
    for (let round = 0; round < 3; round++) {
      const email = `carrera-${randomUUID().slice(0, 8)}@example.mx`;
      const attempts = Array.from({ length: 8 }, () =>
        aSupplierRegistration({ supplierId: randomUUID(), rfc: aUniqueRfc(), account: { email, password: PASSWORD } }),
      );
      const replies = await Promise.all(attempts.map((body) => world.api.call('POST', '/api/suppliers', { body })));

      expect(replies.filter((reply) => reply.status === 201)).toHaveLength(1);
      expect(replies.filter((reply) => reply.status !== 201).map((reply) => reply.body.code)).toEqual(
        Array(7).fill('account.email_taken'),
      );
      for (const body of attempts) {
        const supplier = await world.api.store.readStream(`supplier-${body.supplierId}`);
        const accounts = (await world.api.store.readAll({ filter: { eventTypePrefixes: ['AccountCreated'] } })).filter(
          (event) => event.data.supplierId === body.supplierId,
        );
        // A registered supplier has its account; one without a registration has no login.
        if (supplier.length > 0) expect(accounts).toHaveLength(1);
      }
      const winner = attempts[replies.findIndex((reply) => reply.status === 201)];
      const login = await world.api.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
      expect(login.status).toBe(200);
      const me = await world.api.call('GET', '/api/accounts/me', { token: login.body.accessToken });
      expect(me.body).toMatchObject({ supplierId: winner.supplierId });
    }
  });

  it('same RFC, different emails, all at once: one supplier with its account, the others nothing that logs in', async () => {
    const rfc = aUniqueRfc();
    const attempts = Array.from({ length: 8 }, () =>
      aSupplierRegistration({
        supplierId: randomUUID(),
        rfc,
        account: { email: `rfc-${randomUUID().slice(0, 8)}@example.mx`, password: PASSWORD },
      }),
    );
    const replies = await Promise.all(attempts.map((body) => world.api.call('POST', '/api/suppliers', { body })));
    expect(replies.map((reply) => `${reply.status} ${reply.body?.code}`).sort()).toEqual([
      '201 undefined',
      ...Array(7).fill('409 supplier.rfc_taken'),
    ]);
    for (const [i, body] of attempts.entries()) {
      const login = await world.api.call('POST', '/api/auth/login', {
        body: { email: body.account.email, password: PASSWORD },
      });
      expect(login.status).toBe(replies[i].status === 201 ? 200 : 401);
      // A loser's email is free again at once: it can register with its own RFC.
      if (replies[i].status !== 201) {
        const again = aSupplierRegistration({ rfc: aUniqueRfc(), account: body.account });
        expect((await world.api.call('POST', '/api/suppliers', { body: again })).status).toBe(201);
        break;
      }
    }
  });
});
