import { randomUUID } from 'node:crypto';
import { SupplierRegistry } from '@licita/suppliers';
import { aBuyingUnit, aSupplierRegistration, aUniqueRfc, PASSWORD, RegisterApi } from './register-api';

/**
 * The staff list of accounts (GET /api/accounts) over HTTP on the real API: registrars (and auditors) read it,
 * suppliers, buyers and the public are refused, a buyer account a registrar just created is in the list of the
 * very next read sent with the creation's `Licita-Position`, and no answer carries a password hash.
 */
const register = RegisterApi.use();
let registrar: string;
let unitId: string;
let otherUnitId: string;

beforeAll(async () => {
  registrar = (await register().account('registrar')).token;
  unitId = (await register().call('POST', '/api/buying-units', { token: registrar, body: aBuyingUnit() })).body
    .buyingUnitId;
  otherUnitId = (await register().call('POST', '/api/buying-units', { token: registrar, body: aBuyingUnit() })).body
    .buyingUnitId;
}, 120_000);

describe('GET /api/accounts', () => {
  it('lists a buyer a registrar just created, read with the position of the creation, without any hash', async () => {
    const email = `compras-${randomUUID().slice(0, 8)}@salud.example.gob.mx`;
    const created = await register().call('POST', '/api/accounts', {
      token: registrar,
      body: { email, role: 'buyer', buyingUnitId: unitId, temporaryPassword: PASSWORD },
    });
    expect(created.status).toBe(201);
    const position = created.headers.get('Licita-Position');
    expect(position).toMatch(/^\d+$/);

    const list = await register().call(
      'GET',
      `/api/accounts?role=buyer&buyingUnitId=${unitId}&minPosition=${position}`,
      {
        token: registrar,
      },
    );
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      {
        accountId: created.body.accountId,
        email,
        role: 'buyer',
        buyingUnitId: unitId,
        supplierId: null,
        status: 'active',
        createdAt: expect.any(String),
        createdBy: expect.stringMatching(/^account-/),
        lastChange: 'AccountCreated',
        lastChangeAt: expect.any(String),
      },
    ]);
    const stored = await register().store.readStream(`account-${created.body.accountId}`);
    const hash = (stored[0].data as { passwordHash: string }).passwordHash;
    expect(hash.length).toBeGreaterThan(20);
    expect(JSON.stringify(list.body)).not.toContain(hash);
    expect(JSON.stringify(list.body)).not.toMatch(/password|hash/i);
  });

  it('narrows by role and buying unit', async () => {
    const other = await register().account('buyer', { buyingUnitId: otherUnitId });
    await register().caughtUp();
    const ofOther = await register().call('GET', `/api/accounts?buyingUnitId=${otherUnitId}`, { token: registrar });
    expect(ofOther.body.map((account: { email: string }) => account.email)).toEqual([other.email]);
    const registrars = await register().call('GET', '/api/accounts?role=registrar', { token: registrar });
    expect(registrars.body.length).toBeGreaterThan(0);
    expect(registrars.body.every((account: { role: string }) => account.role === 'registrar')).toBe(true);
    expect((await register().call('GET', '/api/accounts?role=king', { token: registrar })).status).toBe(400);
  });

  it('is read by auditors, refused to suppliers, buyers (403) and the public (401)', async () => {
    const supplierId = randomUUID();
    const { account: _account, ...data } = aSupplierRegistration({ rfc: aUniqueRfc() });
    await register()
      .api.app.get(SupplierRegistry)
      .register({ type: 'RegisterSupplier', supplierId, ...data } as never, {
        actor: 'system',
        correlationId: randomUUID(),
        now: register().clock.now(),
      });
    const supplier = await register().account('supplier', { supplierId });
    const buyer = await register().account('buyer', { buyingUnitId: unitId });
    const auditor = await register().account('auditor');

    expect((await register().call('GET', '/api/accounts', { token: auditor.token })).status).toBe(200);
    for (const token of [supplier.token, buyer.token]) {
      const refused = await register().call('GET', '/api/accounts', { token });
      expect([refused.status, refused.body.code]).toEqual([403, 'auth.forbidden']);
    }
    const anonymous = await register().call('GET', '/api/accounts');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'auth.unauthenticated']);
  });
});
