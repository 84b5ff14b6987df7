import { createHmac } from 'node:crypto';
import { TEST_MASTER_KEY } from '../support/api-app';
import { aBuyingUnit, PASSWORD, RegisterApi } from '../api/register/register-api';
import { aProposal, laptopsAt, sha256 } from '../api/tendering/tendering-api';
import { HTTP_TABLE } from './access-table';
import { LEDGER_ENV, operations, ROLES, SecurityWorld } from './security-world';

/**
 * Tokens refused over HTTP (expired, forged, `alg: none`, another algorithm, a refresh token as an access
 * token), security headers, CORS, rate limits, and what the logs and the answers never show: secrets, and
 * before the opening act a sealed proposal's contents or who submitted it.
 */
const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hs256 = (body: string, secret = JWT_SECRET) => createHmac('sha256', secret).update(body).digest('base64url');
const sign = (header: unknown, claims: unknown, secret = JWT_SECRET) =>
  `${b64(header)}.${b64(claims)}.${hs256(`${b64(header)}.${b64(claims)}`, secret)}`;

describe('access tokens over HTTP', () => {
  let api: RegisterApi;
  let registrar: { token: string; accountId: string };
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    api = await RegisterApi.start();
    const account = await api.account('registrar');
    registrar = account;
    claims = JSON.parse(Buffer.from(account.token.split('.')[1], 'base64url').toString());
  }, 60_000);

  afterAll(() => api?.close());

  const refusal = async (token: string) => {
    const reply = await api.call('POST', '/api/buying-units', { token, body: aBuyingUnit() });
    return { status: reply.status, code: reply.body?.code };
  };

  it('accepts the token it issued (the control for the refusals below)', async () => {
    expect((await api.call('POST', '/api/buying-units', { token: registrar.token, body: aBuyingUnit() })).status).toBe(
      201,
    );
    expect(claims).toMatchObject({ typ: 'access', sub: registrar.accountId, role: 'registrar' });
  });

  it('refuses a token whose claims were changed (the signature no longer matches)', async () => {
    const [header, , signature] = registrar.token.split('.');
    expect(await refusal(`${header}.${b64({ ...claims, role: 'auditor' })}.${signature}`)).toEqual({
      status: 401,
      code: 'auth.invalid_token',
    });
  });

  it('refuses a token signed with another secret', async () => {
    expect(
      await refusal(sign({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-that-is-long-enough-for-hs256')),
    ).toEqual({ status: 401, code: 'auth.invalid_token' });
  });

  it('refuses alg none, with or without a signature', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}`;
    expect(await refusal(`${unsigned}.`)).toEqual({ status: 401, code: 'auth.invalid_token' });
    expect(await refusal(unsigned)).toEqual({ status: 401, code: 'auth.invalid_token' });
    expect(await refusal(`${b64({ alg: 'None' })}.${b64(claims)}.${hs256(unsigned)}`)).toEqual({
      status: 401,
      code: 'auth.invalid_token',
    });
  });

  it('refuses a token naming another algorithm even when HMAC-signed with the real secret (RS/HS confusion)', async () => {
    for (const alg of ['RS256', 'ES256', 'HS512', 'PS256']) {
      expect({ alg, ...(await refusal(sign({ alg, typ: 'JWT' }, claims))) }).toEqual({
        alg,
        status: 401,
        code: 'auth.invalid_token',
      });
    }
  });

  it('refuses a token without an expiry, an expired one, and a refresh token used as an access token', async () => {
    const { exp: _exp, ...withoutExpiry } = claims;
    expect(await refusal(sign({ alg: 'HS256', typ: 'JWT' }, withoutExpiry))).toEqual({
      status: 401,
      code: 'auth.invalid_token',
    });
    const now = Math.floor(api.clock.now().getTime() / 1000);
    expect(await refusal(sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 120, exp: now - 60 }))).toEqual({
      status: 401,
      code: 'auth.token_expired',
    });
    const login = await api.call('POST', '/api/auth/login', {
      body: { email: (await api.account('registrar')).email, password: PASSWORD },
    });
    expect(await refusal(login.body.refreshToken)).toEqual({ status: 401, code: 'auth.invalid_token' });
  });
});

describe('headers, CORS and rate limits', () => {
  let api: RegisterApi;
  let registrarToken: string; // logged in before the login limits are used up

  beforeAll(async () => {
    api = await RegisterApi.start({
      env: {
        // A deployment behind TLS: HSTS is sent only then (over plain HTTP: test/web/lan-http.e2e-spec.ts).
        PUBLIC_URL: 'https://compras.example.gob.mx',
        CORS_ORIGINS: 'https://compras.example.gob.mx',
        RATE_LIMIT_LOGIN_PER_ACCOUNT: '3',
        RATE_LIMIT_LOGIN_PER_IP: '8',
        RATE_LIMIT_COMMANDS_PER_ACCOUNT: '5',
        RATE_LIMIT_COMMANDS_PER_IP: '12',
      },
    });
    registrarToken = (await api.account('registrar')).token;
  }, 60_000);

  afterAll(() => api?.close());

  it('sends helmet’s security headers and no X-Powered-By, on answers and on errors', async () => {
    for (const path of ['/api/suppliers', '/api/suppliers/not-a-supplier', '/docs-json']) {
      const { headers } = await api.call('GET', path);
      expect({
        path,
        csp: headers.get('content-security-policy'),
        nosniff: headers.get('x-content-type-options'),
        frame: headers.get('x-frame-options'),
        hsts: headers.get('strict-transport-security'),
        referrer: headers.get('referrer-policy'),
        poweredBy: headers.get('x-powered-by'),
      }).toEqual({
        path,
        csp: expect.stringContaining("default-src 'self'"),
        nosniff: 'nosniff',
        frame: 'SAMEORIGIN',
        hsts: expect.stringContaining('max-age='),
        referrer: 'no-referrer',
        poweredBy: null,
      });
    }
  });

  it('answers CORS for the configured origin only, with the headers a browser client reads', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/api/tenders`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key',
        },
      });
    const allowed = await preflight('https://compras.example.gob.mx');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://compras.example.gob.mx');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${api.url}/api/suppliers`, { headers: { Origin: 'https://compras.example.gob.mx' } });
    expect(read.headers.get('access-control-expose-headers')).toContain('X-Correlation-Id');
    expect(read.headers.get('access-control-expose-headers')).toContain('Licita-Position');
    expect(
      (await fetch(`${api.url}/api/suppliers`, { headers: { Origin: 'https://evil.example.com' } })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
  });

  /** Statuses of `count` calls in a row, as one string: `401 401 429`. */
  const statuses = async (count: number, call: () => Promise<{ status: number }>) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++) seen.push((await call()).status);
    return seen.join(' ');
  };

  it('limits logins per email and IP, and per IP: 429 rate_limit.exceeded with Retry-After, other accounts unaffected until the IP limit', async () => {
    const target = await api.account('auditor'); // its own login is the first of its 3
    const guess = (email: string) =>
      api.call('POST', '/api/auth/login', { body: { email, password: 'wrong password, guessing' } });
    expect(await statuses(2, () => guess(target.email))).toBe('401 401');
    const limited = await guess(target.email);
    expect(limited).toMatchObject({ status: 429, body: { code: 'rate_limit.exceeded', status: 429 } });
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // The right password does not help from this address: the limit is on the account from here (from another
    // address its owner still logs in: test/security/login-throttling.e2e-spec.ts).
    expect(
      (await api.call('POST', '/api/auth/login', { body: { email: target.email, password: PASSWORD } })).status,
    ).toBe(429);
    // Other emails from the same IP get through until the IP's own limit (8 a minute here).
    let n = 0;
    expect(await statuses(8, () => guess(`someone-${n++}@licita.example.mx`))).toMatch(/^401 401 (401 )*429( 429)*$/);
  });

  it('limits commands per account, and per IP whoever sends them; reads are not limited', async () => {
    const token = registrarToken;
    const post = () => api.call('POST', '/api/buying-units', { token, body: aBuyingUnit() });
    expect(await statuses(6, post)).toBe('201 201 201 201 201 429');
    expect(await statuses(3, () => api.call('GET', '/api/buying-units', { token }))).toBe('200 200 200');
    // Anonymous self-registrations (even refused ones: hashing a password is work) count per IP: 12 a minute here.
    expect(await statuses(10, () => api.call('POST', '/api/suppliers', { body: {} }))).toMatch(
      /^400 (400 )*429( 429)*$/,
    );
  });
});

describe('logs and answers never show a secret, a password, or a sealed proposal before the opening act', () => {
  const lines: string[] = [];
  let world: SecurityWorld;
  const MARKER = 'SELLO-7c4e1b Propuesta técnica confidencial';
  const PRICE = 2_371_947; // lot-1: 10 × 2,371,947 + 1,000,000 = 24,719,470
  const SECRETS: string[] = [];

  beforeAll(async () => {
    world = await SecurityWorld.start({
      env: { LOG_LEVEL: 'trace' },
      logs: { write: (line: string) => void lines.push(line) },
    });
    const bidder = world.callers['supplier B'];
    const body = aProposal(laptopsAt(PRICE), MARKER);
    body.documents[0].fileName = 'SELLO-7c4e1b.pdf';
    const submitted = await bidder.call('POST', `/api/tenders/${world.ids.tenderId}/proposals`, { body });
    expect(submitted.status).toBe(201);
    // Refused attempts with the marker: they reach the logs (checked below); their answers go to the sender only.
    const ownRefusals = [
      await bidder.call('POST', `/api/tenders/${world.ids.tenderId}/proposals`, {
        body: { ...body, lots: [{ ...body.lots[0], amount: PRICE }] },
      }),
      await bidder.call('POST', `/api/tenders/${world.ids.tenderId}/proposals`, { body: { ...body, extra: MARKER } }),
    ];
    // Another supplier aiming at the sealed proposal gets refusals that say nothing of it.
    const rival = world.callers['supplier A'];
    const rivalRefusals = [
      await rival.call('PUT', `/api/tenders/${world.ids.tenderId}/proposals/${submitted.body.proposalId}`, {
        body: aProposal(laptopsAt(2_000_000)),
      }),
      await rival.call('DELETE', `/api/tenders/${world.ids.tenderId}/proposals/${submitted.body.proposalId}`),
    ];
    expect([...ownRefusals, ...rivalRefusals].map((reply) => reply.status >= 400)).toEqual([true, true, true, true]);
    answers.push(...rivalRefusals.map((reply) => `refusal to supplier A: ${JSON.stringify(reply.body)}`));
    await world.api.caughtUp();
    SECRETS.push(
      JWT_SECRET,
      TEST_MASTER_KEY,
      LEDGER_ENV.LICITA_LEDGER_KEY,
      PASSWORD,
      (await bidder.accessToken()) as string,
    );
  }, 120_000);

  afterAll(() => world?.close());

  const answers: string[] = [];
  const contentMarkers = () => [MARKER, 'SELLO-7c4e1b', String(PRICE), String(10 * PRICE + 1_000_000), sha256(MARKER)];
  const bidderIdentity = () => [
    world.ids.supplierB,
    world.callers['supplier B'].email!,
    world.callers['supplier B'].ids.accountId!,
  ];

  it('every GET of the OpenAPI document, as every role, shows no content of the sealed proposal and does not tie the bidder to the tender', async () => {
    const gets = (await operations(world.url)).filter((op) => op.method === 'GET');
    const tenderScoped = new Set<string>();
    for (const op of gets) {
      const row = HTTP_TABLE.find((candidate) => candidate.endpoint === `GET ${op.path}`);
      const path = row ? row.path(world.ids) : op.path.replace(/\{[^}]+\}/g, world.ids.tenderId);
      // The bidder's own proposal, decrypted for it alone, is the one place its content may appear.
      for (const role of ROLES.filter((r) => !(r === 'supplier B' && path.endsWith('/proposals/mine')))) {
        const reply = await world.callers[role].call('GET', path);
        const text = JSON.stringify(reply.body);
        answers.push(`${role} GET ${path}: ${text}`);
        if (text.includes(world.ids.tenderId)) tenderScoped.add(path);
      }
    }
    expect(tenderScoped.size).toBeGreaterThan(3);
    const leaks = answers.flatMap((answer) =>
      contentMarkers()
        .filter((marker) => answer.includes(marker))
        .map((marker) => `${marker} in ${answer.slice(0, 120)}`),
    );
    expect(leaks).toEqual([]);
    // Supplier B took part only by its sealed proposal: an answer about the tender must not name it.
    const named = answers.filter(
      (answer) => answer.includes(world.ids.tenderId) && bidderIdentity().some((id) => answer.includes(id)),
    );
    expect(named.map((answer) => answer.slice(0, 160))).toEqual([]);
  }, 60_000);

  it('no log line holds a secret, a password, an access token or the sealed content', () => {
    expect(lines.length).toBeGreaterThan(50);
    const all = lines.join('\n');
    expect(all).toContain(world.ids.tenderId); // the requests about the tender were logged
    expect([...SECRETS, ...contentMarkers()].filter((secret) => all.includes(secret))).toEqual([]);
  });

  it('no log line ties the bidder to the tender', () => {
    const tied = lines.filter(
      (line) => line.includes(world.ids.tenderId) && bidderIdentity().some((id) => line.includes(id)),
    );
    expect(tied.map((line) => line.slice(0, 200))).toEqual([]);
  });
});
