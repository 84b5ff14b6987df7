import { randomUUID } from 'node:crypto';
import { AccountRegistry } from '@licita/identity';
import { SupplierRegistry, type SupplierStatus } from '@licita/suppliers';
import { aBuyingUnit, aSupplierRegistration, aUniqueRfc, PASSWORD, RegisterApi, type Reply } from './register-api';

/**
 * Every principal against every endpoint of the register, over HTTP: an anonymous caller where an account is
 * needed gets 401 `auth.unauthenticated`, an account outside the role (or acting for someone else) 403
 * `auth.forbidden`, an account still on its one-time password 403 `auth.password_change_required`, and the
 * allowed ones succeed (2xx) on a request that is valid in the state it needs.
 */
type Who =
  'anonymous' | 'supplier' | 'other supplier' | 'buyer' | 'registrar' | 'auditor' | 'registrar with one-time password';
const EVERYONE: Who[] = [
  'anonymous',
  'supplier',
  'other supplier',
  'buyer',
  'registrar',
  'auditor',
  'registrar with one-time password',
];

let register: RegisterApi;
const tokens = {} as Record<Who, string | undefined>;
/** Each principal's email, to log in again after its password change ends its sessions (#16 point 6). */
const emails = {} as Record<Who, string>;
/** The supplier the `supplier` principal acts for (verified); `other supplier` acts for another one. */
let ownSupplierId: string;

beforeAll(async () => {
  register = await RegisterApi.start();
  const unit = await register.call('POST', '/api/buying-units', {
    token: (await register.account('registrar')).token,
    body: aBuyingUnit(),
  });
  ownSupplierId = await aSupplier('verified');
  const otherSupplierId = await aSupplier('verified');
  const principals: Array<[Who, { email: string; token: string }]> = [
    ['supplier', await register.account('supplier', { supplierId: ownSupplierId })],
    ['other supplier', await register.account('supplier', { supplierId: otherSupplierId })],
    ['buyer', await register.account('buyer', { buyingUnitId: unit.body.buyingUnitId })],
    ['registrar', await register.account('registrar')],
    ['auditor', await register.account('auditor')],
    ['registrar with one-time password', await aRegistrarWithOneTimePassword()],
  ];
  for (const [who, { email, token }] of principals) {
    tokens[who] = token;
    emails[who] = email;
  }
}, 120_000);

afterAll(() => register?.close());

/** A supplier brought to `status` through the registry (the state an allowed call needs), and its id. */
async function aSupplier(status: SupplierStatus, options: { sanctioned?: boolean } = {}): Promise<string> {
  const supplierId = randomUUID();
  const registry = register.api.app.get(SupplierRegistry);
  const context = () => ({ actor: 'system', correlationId: randomUUID(), now: register.clock.now() });
  const { account: _account, ...data } = aSupplierRegistration({ rfc: aUniqueRfc() });
  await registry.register({ type: 'RegisterSupplier', supplierId, ...data } as never, context());
  const steps: Record<SupplierStatus, Array<'VerifySupplier' | 'SuspendSupplier'>> = {
    unregistered: [],
    pending: [],
    rejected: [],
    verified: ['VerifySupplier'],
    suspended: ['VerifySupplier', 'SuspendSupplier'],
  };
  for (const type of steps[status]) await registry.handle({ type, supplierId, reason: 'matrix' }, context());
  if (options.sanctioned) {
    await registry.handle(
      {
        type: 'ImposeSanction',
        supplierId,
        sanctionId: 'matrix-sanction',
        startsAt: register.clock.now().toISOString(),
        endsAt: null,
        reason: 'matrix',
        resolutionNumber: 'R-1',
      },
      context(),
    );
  }
  return supplierId;
}

async function aRegistrarWithOneTimePassword(): Promise<{ email: string; token: string }> {
  const email = `otp-${randomUUID().slice(0, 8)}@licita.example.mx`;
  await register.api.app.get(AccountRegistry).create(
    {
      accountId: randomUUID(),
      origin: 'registrar',
      email,
      role: 'registrar',
      password: PASSWORD,
      mustChangePassword: true,
    },
    { actor: 'system', correlationId: randomUUID(), now: register.clock.now() },
  );
  return { email, token: await register.login(email) };
}

type Endpoint = {
  name: string;
  allowed: Who[];
  /** A request that succeeds for an allowed principal (fresh state each time). */
  send(token: string | undefined): Promise<Reply>;
};

const command = (method: string, path: string, body?: unknown) => (token: string | undefined) =>
  register.call(method, path, { token, body });

const COMMANDS: Endpoint[] = [
  {
    name: 'POST /api/buying-units',
    allowed: ['registrar'],
    send: (token) => command('POST', '/api/buying-units', aBuyingUnit())(token),
  },
  {
    name: 'POST /api/accounts',
    allowed: ['registrar'],
    send: (token) =>
      command('POST', '/api/accounts', {
        email: `${randomUUID()}@licita.example.mx`,
        role: 'auditor',
        temporaryPassword: PASSWORD,
      })(token),
  },
  {
    name: 'POST /api/suppliers',
    allowed: ['anonymous'],
    send: (token) => command('POST', '/api/suppliers', aSupplierRegistration({ rfc: aUniqueRfc() }))(token),
  },
  {
    name: 'PATCH /api/suppliers/{id} (the supplier acting)',
    allowed: ['supplier'],
    send: (token) =>
      register.call('PATCH', `/api/suppliers/${ownSupplierId}`, {
        token,
        body: { size: Math.random() < 0.5 ? 'medium' : 'micro' },
      }),
  },
  {
    name: 'POST /api/suppliers/{id}/verify',
    allowed: ['registrar'],
    send: async (token) => command('POST', `/api/suppliers/${await aSupplier('pending')}/verify`)(token),
  },
  // A registrar's decisions with a reason, each on a supplier in the status it applies to.
  ...(
    [
      ['reject', 'pending', 'Acta ilegible'],
      ['suspend', 'verified', 'Falsedad'],
      ['reinstate', 'suspended', 'Aclarado'],
    ] as const
  ).map(([action, status, reason]): Endpoint => ({
    name: `POST /api/suppliers/{id}/${action}`,
    allowed: ['registrar'],
    send: async (token) => command('POST', `/api/suppliers/${await aSupplier(status)}/${action}`, { reason })(token),
  })),
  {
    name: 'POST /api/suppliers/{id}/sanctions',
    allowed: ['auditor'],
    send: async (token) =>
      command('POST', `/api/suppliers/${await aSupplier('verified')}/sanctions`, {
        startsAt: register.clock.now().toISOString(),
        endsAt: '2027-01-01T00:00:00.000Z',
        reason: 'No firmó el contrato',
        resolutionNumber: 'SFP/1/2026',
      })(token),
  },
  {
    name: 'POST /api/suppliers/{id}/sanctions/{sid}/lift',
    allowed: ['auditor'],
    send: async (token) =>
      command(
        'POST',
        `/api/suppliers/${await aSupplier('verified', { sanctioned: true })}/sanctions/matrix-sanction/lift`,
        { reason: 'Revocada' },
      )(token),
  },
  // Last: a password change ends the account's sessions (#16 point 6), so its principal logs in again after it.
  {
    name: 'POST /api/accounts/me/password',
    allowed: ['supplier', 'other supplier', 'buyer', 'registrar', 'auditor', 'registrar with one-time password'],
    send: async (token) => {
      const reply = await command('POST', '/api/accounts/me/password', {
        currentPassword: PASSWORD,
        newPassword: PASSWORD,
      })(token);
      const who = EVERYONE.find((principal) => token !== undefined && tokens[principal] === token);
      if (who && reply.status < 300) tokens[who] = await register.login(emails[who]);
      return reply;
    },
  },
];

const QUERIES = [
  '/api/buying-units',
  `/api/buying-units/${randomUUID()}`,
  '/api/suppliers',
  '/api/sanctions?current=true',
  '/api/sanctions?current=false',
];

const cases = COMMANDS.flatMap((endpoint) => EVERYONE.map((who) => [endpoint.name, who, endpoint] as const));

describe('commands', () => {
  it.each(cases)('%s as %s', async (_name, who, endpoint) => {
    const reply = await endpoint.send(tokens[who]);
    const onlyPasswordChange =
      who === 'registrar with one-time password' && endpoint.name !== 'POST /api/accounts/me/password';
    const expected =
      endpoint.allowed.includes(who) && !onlyPasswordChange
        ? 'success'
        : who === 'anonymous'
          ? { status: 401, code: 'auth.unauthenticated' }
          : { status: 403, code: onlyPasswordChange ? 'auth.password_change_required' : 'auth.forbidden' };
    const actual =
      reply.status >= 200 && reply.status < 300 ? 'success' : { status: reply.status, code: reply.body?.code };
    expect(actual).toEqual(expected);
  });
});

describe('public reads', () => {
  it.each(QUERIES.flatMap((path) => EVERYONE.map((who) => [path, who] as const)))('GET %s as %s', async (path, who) => {
    const reply = await register.call('GET', path, { token: tokens[who] });
    if (path.startsWith('/api/buying-units/'))
      expect(reply).toMatchObject({ status: 404, body: { code: 'buying_unit.not_found' } }); // unknown id: not a refusal
    else expect(reply.status).toBe(200);
  });
});

describe('tokens', () => {
  it.each(['Bearer not-a-token', 'Bearer a.b.c', 'Basic dXNlcjpwYXNz'])(
    'answers 401 auth.invalid_token to "%s" on public and command endpoints alike',
    async (authorization) => {
      for (const [method, path] of [
        ['GET', '/api/suppliers'],
        ['POST', '/api/buying-units'],
      ]) {
        const reply = await register.call(method, path, {
          headers: { Authorization: authorization },
          body: method === 'POST' ? aBuyingUnit() : undefined,
        });
        expect({ method, path, status: reply.status, code: reply.body.code }).toEqual({
          method,
          path,
          status: 401,
          code: 'auth.invalid_token',
        });
      }
    },
  );

  it('answers 401 auth.token_expired once the access token is 15 minutes old (ManualClock)', async () => {
    const registrar = await register.account('registrar');
    register.clock.advance(14 * 60_000 + 59_000);
    expect(
      (await register.call('POST', '/api/buying-units', { token: registrar.token, body: aBuyingUnit() })).status,
    ).toBe(201);
    register.clock.advance(1_000);
    expect(
      await register.call('POST', '/api/buying-units', { token: registrar.token, body: aBuyingUnit() }),
    ).toMatchObject({ status: 401, body: { code: 'auth.token_expired' } });
    expect(await register.call('GET', '/api/suppliers', { token: registrar.token })).toMatchObject({
      status: 401,
      body: { code: 'auth.token_expired' },
    });
  });
});
