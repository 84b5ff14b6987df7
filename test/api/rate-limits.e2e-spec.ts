import { startTestApi, type TestApi } from '../support/api-app';

/**
 * Rate limits shared by the API instances behind a load balancer (counted in PostgreSQL), and client addresses
 * taken from `X-Forwarded-For` only when TRUST_PROXY says which proxies to believe.
 */
const LIMITS = { RATE_LIMIT_LOGIN_PER_IP: '4', RATE_LIMIT_LOGIN_PER_ACCOUNT: '0' };
const apis: TestApi[] = [];

afterAll(async () => {
  for (const api of apis.reverse()) await api.close();
});

async function start(env: Record<string, string>, databaseUrl?: string): Promise<TestApi> {
  const api = await startTestApi({ env: { ...LIMITS, ...env }, databaseUrl });
  apis.push(api);
  return api;
}

/** A failed login from `forwardedFor` (when given) through `api`: its status. */
async function login(api: TestApi, forwardedFor?: string): Promise<number> {
  const response = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ email: 'nadie@licita.example.mx', password: 'not the password' }),
  });
  return response.status;
}

describe('rate limits', () => {
  it('are counted across instances: a client alternating between two gets the limit once, not twice', async () => {
    const one = await start({});
    const two = await start({}, one.databaseUrl);
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) seen.push(await login(i % 2 === 0 ? one : two));
    expect(seen).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('take the client address from X-Forwarded-For only with TRUST_PROXY', async () => {
    const trusting = await start({ TRUST_PROXY: 'loopback' });
    const naive = await start({});
    const throughProxy = async (api: TestApi) => {
      const seen: number[] = [];
      for (let i = 0; i < 5; i++) seen.push(await login(api, `203.0.113.${i + 1}`));
      return seen;
    };
    // Five clients behind the proxy: each has its own limit when the proxy is trusted.
    expect(await throughProxy(trusting)).toEqual([401, 401, 401, 401, 401]);
    // Untrusted, the header is ignored (a client could forge it): all five count as the proxy's one address.
    expect(await throughProxy(naive)).toEqual([401, 401, 401, 401, 429]);
  });
});
