import { listScheduledCommands } from '@licita/scheduling/scheduled-commands';
import { sanctionExpiryKey } from '@licita/suppliers';
import { aBuyingUnit, aSupplierRegistration, eventually, PASSWORD, RegisterApi } from './register-api';

/**
 * The register from the first registrar to a sanction that ends by itself, over HTTP against the real
 * application, PostgreSQL and projections, with a ManualClock (starts 2026-01-15T16:00Z).
 */
const ADMIN_EMAIL = 'registro@funcionpublica.example.gob.mx';
const NEW_PASSWORD = 'una contraseña nueva y larga';

let register: RegisterApi;
const logLines: string[] = [];

beforeAll(async () => {
  process.env.LICITA_ADMIN_EMAIL = ADMIN_EMAIL;
  try {
    register = await RegisterApi.start({
      env: { LOG_LEVEL: 'info' },
      logs: { write: (line) => void logLines.push(line) },
    });
  } finally {
    delete process.env.LICITA_ADMIN_EMAIL;
  }
}, 120_000);

afterAll(() => register?.close());

const state: {
  registrar?: string;
  auditor?: string;
  unitId?: string;
  supplierId?: string;
  supplierToken?: string;
  sanctionId?: string;
} = {};

describe('the register from the first registrar to the automatic end of a sanction', () => {
  it('creates the first registrar from LICITA_ADMIN_EMAIL and logs its one-time password once', async () => {
    const lines = logLines.filter((line) => line.includes('one-time password'));
    expect(lines).toHaveLength(1);
    const oneTimePassword = /one-time password: (\S+)/.exec(JSON.parse(lines[0]).msg)?.[1] as string;
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const login = await register.call('POST', '/api/auth/login', {
      body: { email: ADMIN_EMAIL, password: oneTimePassword },
    });
    expect(login.status).toBe(200);
    const token = login.body.accessToken;

    const tooEarly = await register.call('POST', '/api/buying-units', { token, body: aBuyingUnit() });
    expect(tooEarly).toMatchObject({ status: 403, body: { code: 'auth.password_change_required' } });

    const changed = await register.call('POST', '/api/accounts/me/password', {
      token,
      body: { currentPassword: oneTimePassword, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(204);
    const stale = await register.call('POST', '/api/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(stale).toMatchObject({ status: 401, body: { code: 'auth.session_ended' } });
    state.registrar = await register.login(ADMIN_EMAIL, NEW_PASSWORD);
  });

  it('lets the registrar register a buying unit, which the public then lists', async () => {
    const unit = aBuyingUnit({
      code: '012000999',
      name: 'Dirección General de Recursos Materiales',
      parentInstitution: 'Secretaría de Salud',
    });
    const created = await register.call('POST', '/api/buying-units', { token: state.registrar, body: unit });
    expect(created).toMatchObject({ status: 201, body: { code: '012000999', alreadyRegistered: false } });
    state.unitId = created.body.buyingUnitId;

    const listed = await eventually('the unit is listed', async () => {
      const reply = await register.call('GET', '/api/buying-units?q=secretaria%20salud');
      return reply.body.items.length === 1 && reply.body;
    });
    expect(listed.items[0]).toMatchObject({
      buyingUnitId: state.unitId,
      code: '012000999',
      level: 'federal',
      parentInstitution: 'Secretaría de Salud',
    });
    expect((await register.call('GET', `/api/buying-units/${state.unitId}`)).body).toMatchObject({
      name: 'Dirección General de Recursos Materiales',
    });

    const taken = await register.call('POST', '/api/buying-units', {
      token: state.registrar,
      body: { ...unit, name: 'Otra' },
    });
    expect(taken).toMatchObject({ status: 409, body: { code: 'buying_unit.code_taken' } });
  });

  it('lets the registrar create a buyer of the unit and an auditor, each with a temporary password to change', async () => {
    for (const [role, binding] of [
      ['buyer', { buyingUnitId: state.unitId }],
      ['auditor', {}],
    ] as const) {
      const email = `${role}@salud.example.gob.mx`;
      const temporaryPassword = `temporal ${role} 2026!`;
      const created = await register.call('POST', '/api/accounts', {
        token: state.registrar,
        body: { email, role, temporaryPassword, ...binding },
      });
      expect(created).toMatchObject({ status: 201, body: { email, role } });

      const first = await register.login(email, temporaryPassword);
      expect((await register.call('GET', '/api/accounts/me', { token: first })).body).toMatchObject({
        role,
        mustChangePassword: true,
        ...binding,
      });
      await register.call('POST', '/api/accounts/me/password', {
        token: first,
        body: { currentPassword: temporaryPassword, newPassword: PASSWORD },
      });
      if (role === 'auditor') state.auditor = await register.login(email);
    }
    const unknownUnit = await register.call('POST', '/api/accounts', {
      token: state.registrar,
      body: {
        email: 'x@salud.example.gob.mx',
        role: 'buyer',
        buyingUnitId: '00000000-0000-4000-8000-000000000000',
        temporaryPassword: 'temporal buyer 2026!',
      },
    });
    expect(unknownUnit).toMatchObject({ status: 422, body: { code: 'account.binding_not_found' } });
  });

  it('registers a supplier and its account in one anonymous request; it waits as pending, seen by staff only', async () => {
    const body = aSupplierRegistration({ account: { email: 'ventas@kemper.example.mx', password: PASSWORD } });
    const registered = await register.call('POST', '/api/suppliers', { body });
    expect(registered).toMatchObject({
      status: 201,
      body: { rfc: 'EKU9003173C9', email: 'ventas@kemper.example.mx', alreadyRegistered: false },
    });
    state.supplierId = registered.body.supplierId;
    state.supplierToken = await register.login('ventas@kemper.example.mx');

    const pending = await eventually('staff see the pending supplier', async () => {
      const reply = await register.call('GET', '/api/suppliers?status=pending', { token: state.registrar });
      return reply.body.items.length === 1 && reply.body.items[0];
    });
    expect(pending).toMatchObject({
      supplierId: state.supplierId,
      status: 'pending',
      legalName: 'Escuela Kemper Urgate, S.A. de C.V.',
    });
    expect((await register.call('GET', '/api/suppliers')).body.items).toEqual([]);
    expect(await register.call('GET', `/api/suppliers/${state.supplierId}`)).toMatchObject({
      status: 404,
      body: { code: 'supplier.not_found' },
    });
    expect(
      (await register.call('GET', `/api/suppliers/${state.supplierId}`, { token: state.supplierToken })).body,
    ).toMatchObject({
      status: 'pending',
      contact: { name: 'Ana Pérez' },
      eligible: false,
    });
  });

  it('publishes the supplier once the registrar verifies it, searchable by name, RFC, code, size and state', async () => {
    const verified = await register.call('POST', `/api/suppliers/${state.supplierId}/verify`, {
      token: state.registrar,
    });
    expect(verified).toMatchObject({ status: 200, body: { status: 'verified' } });

    await eventually(
      'listed publicly',
      async () => (await register.call('GET', '/api/suppliers')).body.items.length === 1,
    );
    const found = async (query: string) =>
      (await register.call('GET', `/api/suppliers?${query}`)).body.items.map(
        (item: { supplierId: string }) => item.supplierId,
      );
    for (const query of [
      'q=kemper%20urgate',
      'q=ESCUELA',
      'rfc=eku9003173c9',
      'code=45210000-2',
      'size=small',
      'state=MX-JAL',
      'status=verified',
    ]) {
      expect({ query, found: await found(query) }).toEqual({ query, found: [state.supplierId] });
    }
    for (const query of [
      'q=pemex',
      'rfc=SAT970701NN3',
      'code=72000000-5',
      'size=large',
      'state=MX-YUC',
      'status=pending',
    ]) {
      expect({ query, found: await found(query) }).toEqual({ query, found: [] });
    }
    const profile = (await register.call('GET', `/api/suppliers/${state.supplierId}`)).body;
    expect(profile).toMatchObject({
      status: 'verified',
      eligible: true,
      verifiedAt: '2026-01-15T16:00:00.000Z',
      sanctions: [],
    });
    expect(profile).not.toHaveProperty('statusReason');
  });

  it('lets an auditor sanction the supplier: announced first, in force from its start date', async () => {
    const imposed = await register.call('POST', `/api/suppliers/${state.supplierId}/sanctions`, {
      token: state.auditor,
      body: {
        startsAt: '2026-01-20T06:00:00.000Z',
        endsAt: '2026-03-01T06:00:00.000Z',
        reason: 'No firmó el contrato adjudicado',
        resolutionNumber: 'SFP/OIC/RS/0042/2026',
      },
    });
    expect(imposed.status).toBe(201);
    state.sanctionId = imposed.body.sanctionId;

    const announced = await eventually('in the sanctioned directory', async () => {
      const reply = await register.call('GET', '/api/sanctions?current=true');
      return reply.body.items.length === 1 && reply.body.items[0];
    });
    expect(announced).toMatchObject({
      supplierId: state.supplierId,
      rfc: 'EKU9003173C9',
      sanctionId: state.sanctionId,
      status: 'scheduled',
      resolutionNumber: 'SFP/OIC/RS/0042/2026',
    });

    register.clock.set('2026-01-21T12:00:00.000Z');
    expect((await register.call('GET', '/api/sanctions?current=true')).body.items[0]).toMatchObject({
      status: 'in_force',
      expiredAt: null,
    });
    expect((await register.call('GET', `/api/suppliers/${state.supplierId}`)).body).toMatchObject({
      eligible: false,
      sanctions: [{ status: 'in_force' }],
    });
    expect((await register.call('GET', '/api/sanctions?current=false')).body.items).toEqual([]);
    const [job] = await listScheduledCommands(
      register.db,
      sanctionExpiryKey(state.supplierId as string, state.sanctionId as string),
    );
    expect(job).toMatchObject({
      kind: 'LiftExpiredSanctions',
      status: 'pending',
      dueAt: new Date('2026-03-01T06:00:00.000Z'),
    });
  });

  it('ends the sanction by itself at its end date (the scheduler records SanctionExpired as system) and keeps it in the history', async () => {
    register.clock.set('2026-03-01T06:00:00.000Z');

    const ended = await eventually('the expiry is recorded', async () => {
      const reply = await register.call('GET', '/api/sanctions?current=false');
      return reply.body.items[0]?.expiredAt ? reply.body.items[0] : false;
    });
    expect(ended).toMatchObject({
      sanctionId: state.sanctionId,
      status: 'ended',
      expiredAt: '2026-03-01T06:00:00.000Z',
      liftedAt: null,
    });
    expect((await register.call('GET', '/api/sanctions?current=true')).body.items).toEqual([]);
    expect((await register.call('GET', '/api/sanctions')).body.items).toHaveLength(1);
    expect((await register.call('GET', `/api/suppliers/${state.supplierId}`)).body).toMatchObject({
      eligible: true,
      sanctions: [{ status: 'ended' }],
    });

    const events = await register.store.readStream(`supplier-${state.supplierId}`);
    const expired = events.find((event) => event.type === 'SanctionExpired');
    expect(expired?.metadata).toMatchObject({
      actor: 'system',
      occurredAt: '2026-03-01T06:00:00.000Z',
      causationId: `scheduled:${sanctionExpiryKey(state.supplierId as string, state.sanctionId as string)}`,
    });
    const [job] = await listScheduledCommands(
      register.db,
      sanctionExpiryKey(state.supplierId as string, state.sanctionId as string),
    );
    expect(job).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('lets the auditor lift an indefinite sanction early; the history shows who lifted it and why', async () => {
    const expiredToken = await register.call('POST', `/api/suppliers/${state.supplierId}/sanctions`, {
      token: state.auditor,
      body: {},
    });
    expect(expiredToken).toMatchObject({ status: 401, body: { code: 'auth.token_expired' } }); // six weeks after its login
    state.auditor = await register.login('auditor@salud.example.gob.mx');
    const imposed = await register.call('POST', `/api/suppliers/${state.supplierId}/sanctions`, {
      token: state.auditor,
      body: {
        startsAt: '2026-03-02T06:00:00.000Z',
        endsAt: null,
        reason: 'Información falsa',
        resolutionNumber: 'SFP/OIC/RS/0077/2026',
      },
    });
    register.clock.set('2026-03-05T06:00:00.000Z');
    state.auditor = await register.login('auditor@salud.example.gob.mx');
    const lifted = await register.call(
      'POST',
      `/api/suppliers/${state.supplierId}/sanctions/${imposed.body.sanctionId}/lift`,
      {
        token: state.auditor,
        body: { reason: 'Resolución revocada por el tribunal' },
      },
    );
    expect(lifted.status).toBe(200);

    const history = await eventually('lifted in the history', async () => {
      const reply = await register.call('GET', '/api/sanctions?current=false');
      return reply.body.items.length === 2 && reply.body.items;
    });
    expect(history.map((item: { status: string }) => item.status)).toEqual(['lifted', 'ended']);
    expect(history[0]).toMatchObject({
      endsAt: null,
      liftedAt: '2026-03-05T06:00:00.000Z',
      liftReason: 'Resolución revocada por el tribunal',
    });
  });
});
