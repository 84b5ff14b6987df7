import { randomUUID } from 'node:crypto';
import { aSupplierRegistration, aUniqueRfc, PASSWORD, RegisterApi } from '../api/register/register-api';

/**
 * Issue #16, point 1: a supplier's login comes only from the supplier's own registration. A registrar (or any
 * role) naming a supplierId must not get credentials for that supplier, and every account creation is an event
 * naming who did it.
 */
const register = RegisterApi.use();

async function aRegisteredSupplier() {
  const body = aSupplierRegistration({ rfc: aUniqueRfc() });
  const reply = await register().call('POST', '/api/suppliers', { body });
  expect(reply.status).toBe(201);
  return { supplierId: reply.body.supplierId as string, email: body.account.email as string };
}

describe('no role mints a login for a supplier', () => {
  it('refuses a registrar creating a supplier account for an existing supplier, and leaves no account', async () => {
    const { token: registrar } = await register().account('registrar');
    const { supplierId } = await aRegisteredSupplier();
    const accountId = randomUUID();
    const email = `intruso-${accountId.slice(0, 8)}@licita.example.mx`;

    const reply = await register().call('POST', '/api/accounts', {
      token: registrar,
      body: { accountId, email, role: 'supplier', supplierId, temporaryPassword: PASSWORD },
    });

    expect(reply).toMatchObject({ status: 403, body: { code: 'account.supplier_self_registration_only' } });
    expect(await register().store.readStream(`account-${accountId}`)).toEqual([]);
    expect(await register().store.readStream(`account-email-${email}`)).toEqual([]);
    const login = await register().call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
    expect(login).toMatchObject({ status: 401, body: { code: 'auth.invalid_credentials' } });
  });

  it('refuses a registrar registering a supplier on its behalf (it would choose the supplier’s password)', async () => {
    const { token: registrar } = await register().account('registrar');
    const body = aSupplierRegistration({ supplierId: randomUUID(), rfc: aUniqueRfc() });

    const reply = await register().call('POST', '/api/suppliers', { token: registrar, body });

    expect(reply).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect(await register().store.readStream(`supplier-${body.supplierId}`)).toEqual([]);
    expect(
      (await register().call('POST', '/api/auth/login', { body: { email: body.account.email, password: PASSWORD } }))
        .status,
    ).toBe(401);
  });

  it('records who created each account: the registrar for staff, the anonymous applicant for its own', async () => {
    const { accountId: registrarId, token: registrar } = await register().account('registrar');
    const created = await register().call('POST', '/api/accounts', {
      token: registrar,
      body: {
        email: `auditora-${randomUUID().slice(0, 8)}@licita.example.mx`,
        role: 'auditor',
        temporaryPassword: PASSWORD,
      },
    });
    expect(created.status).toBe(201);
    const [staff] = await register().store.readStream(`account-${created.body.accountId}`);
    expect(staff).toMatchObject({ type: 'AccountCreated', metadata: { actor: `account-${registrarId}` } });

    const { supplierId } = await aRegisteredSupplier();
    const own = (await register().store.readAll({ filter: { eventTypePrefixes: ['AccountCreated'] } })).find(
      (event) => event.data.supplierId === supplierId,
    );
    expect(own).toMatchObject({ metadata: { actor: 'anonymous' }, data: { role: 'supplier', supplierId } });
  });
});
