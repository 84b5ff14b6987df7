import { setTimeout as sleep } from 'node:timers/promises';
import { PASSWORD, RegisterApi, type Reply } from '../api/register/register-api';

/**
 * Issue #16, point 8: login throttling must not let an attacker keep the owner out. Failed logins slow down
 * the pair (email, client address) that failed, with a wait that doubles with each further failure and always
 * ends; the per-minute login limit counts per email and address, never per email alone. Each refused login is
 * a row of `security_events`. Client addresses come from `X-Forwarded-For` (TRUST_PROXY=loopback), as behind
 * the production balancer.
 */
// Long enough that the moments between two requests of one step, slow under CI load, do not end a wait early.
const BASE_MS = 1_000;
const register = RegisterApi.use({
  env: {
    TRUST_PROXY: 'loopback',
    RATE_LIMIT_LOGIN_PER_ACCOUNT: '20',
    RATE_LIMIT_LOGIN_PER_IP: '1000',
    LOGIN_BACKOFF_FREE_FAILURES: '3',
    LOGIN_BACKOFF_BASE_MS: String(BASE_MS),
    LOGIN_BACKOFF_MAX_MS: '60000',
  },
});

const ATTACKER = '203.0.113.66';
const OWNER = '198.51.100.7';

const login = (email: string, password: string, from: string): Promise<Reply> =>
  register().call('POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': from } });

const guess = (email: string, from = ATTACKER) => login(email, 'wrong password, guessing', from);

async function securityEvents(email: string): Promise<Array<{ kind: string; ip: string; details: any }>> {
  return register().db.query('SELECT kind, ip, details FROM security_events WHERE email = $1 ORDER BY id', [email]);
}

describe('login throttling (#16 point 8)', () => {
  it('an attacker flooding logins for an account from another address cannot keep its owner out', async () => {
    const { email } = await register().account('auditor');
    const answers: string[] = [];
    for (let i = 0; i < 40; i++) {
      const reply = await guess(email);
      answers.push(`${reply.status} ${reply.body.code}`);
    }
    // The attacker is slowed: after its free failures it is refused without its password being checked.
    expect(answers.slice(0, 3)).toEqual(Array(3).fill('401 auth.invalid_credentials'));
    expect(answers.filter((answer) => answer.startsWith('429')).length).toBeGreaterThan(25);
    // The owner, from its own address, logs in at once with the right password: no lockout.
    const owner = await login(email, PASSWORD, OWNER);
    expect({ status: owner.status, code: owner.body.code }).toEqual({ status: 200, code: undefined });
    expect(owner.body.accessToken).toEqual(expect.any(String));
    // And a few typos of its own do not inherit the attacker's wait.
    expect((await login(email, 'a typo', OWNER)).status).toBe(401);
    expect((await login(email, PASSWORD, OWNER)).status).toBe(200);
  });

  it('waits grow exponentially per email and address, always end, and the right password then resets them', async () => {
    const { email } = await register().account('auditor');
    const from = '203.0.113.90';
    for (let i = 0; i < 4; i++) expect((await guess(email, from)).body.code).toBe('auth.invalid_credentials');
    const first = await login(email, PASSWORD, from); // even the right password waits: it is not checked
    expect(first).toMatchObject({ status: 429, body: { code: 'auth.login_throttled', status: 429 } });
    expect(first.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const firstWait = first.body.details.retryAfterMs as number;
    expect(firstWait).toBeGreaterThan(0);
    expect(firstWait).toBeLessThanOrEqual(BASE_MS);

    await sleep(firstWait + 50);
    expect((await guess(email, from)).status).toBe(401); // the fifth failure: twice the wait
    const second = (await guess(email, from)).body;
    expect(second.code).toBe('auth.login_throttled');
    expect(second.details.retryAfterMs).toBeGreaterThan(BASE_MS);
    expect(second.details.retryAfterMs).toBeLessThanOrEqual(2 * BASE_MS);

    await sleep(second.details.retryAfterMs + 50);
    expect((await guess(email, from)).status).toBe(401); // the sixth: four times
    const third = (await guess(email, from)).body;
    expect(third.details.retryAfterMs).toBeGreaterThan(2 * BASE_MS);
    expect(third.details.retryAfterMs).toBeLessThanOrEqual(4 * BASE_MS);

    // Never a lockout: once the wait is over the right password works, and it starts the pair afresh.
    await sleep(third.details.retryAfterMs + 50);
    expect((await login(email, PASSWORD, from)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await guess(email, from)).status).toBe(401);
  });

  it('the per-minute login limit counts per email and address, not per email alone', async () => {
    const { email } = await register().account('registrar');
    const limited = [];
    // Ten addresses each sending a few: none reaches the limit of 20 for its own pair, 30 for the email in all.
    for (let n = 0; n < 10; n++) {
      for (let i = 0; i < 3; i++) limited.push((await guess(email, `192.0.2.${n + 10}`)).status);
    }
    expect(limited.every((status) => status === 401)).toBe(true);
    expect((await login(email, PASSWORD, OWNER)).status).toBe(200);
  });

  it('records each refused login as a security event: what, for which email, from where; never the password', async () => {
    const { email } = await register().account('auditor');
    const refusals: string[] = [];
    for (let i = 0; i < 8; i++) {
      const reply = await guess(email, '203.0.113.200');
      refusals.push(reply.body.code);
    }
    expect((await login(email, PASSWORD, OWNER)).status).toBe(200);
    const unknown = 'nobody-here@licita.example.mx';
    expect((await guess(unknown)).status).toBe(401);

    const events = await securityEvents(email);
    expect(events.map((event) => event.kind)).toEqual(
      refusals.map((code) => (code === 'auth.invalid_credentials' ? 'login.failed' : 'login.throttled')),
    );
    expect(new Set(events.map((event) => event.ip))).toEqual(new Set(['203.0.113.200']));
    expect(events.filter((event) => event.kind === 'login.throttled').length).toBeGreaterThan(0);
    expect(await securityEvents(unknown)).toEqual([expect.objectContaining({ kind: 'login.failed', ip: ATTACKER })]);
    const [{ text }] = await register().db.query("SELECT string_agg(details::text, ' ') AS text FROM security_events");
    expect(text).not.toContain('guessing');
    expect(text).not.toContain(PASSWORD);
  });
});
