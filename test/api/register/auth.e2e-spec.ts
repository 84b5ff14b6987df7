import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Module } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import { DomainError } from '@licita/shared';
import { SocketAuthentication } from '@licita/identity';
import type { Socket } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { PASSWORD, RegisterApi } from './register-api';

/** Login, refresh, the Socket.IO handshake with the same token, and `npm run admin:create`. */
@WebSocketGateway()
class WhoAmIGateway implements OnGatewayConnection {
  constructor(private readonly sockets: SocketAuthentication) {}

  async handleConnection(socket: Socket): Promise<void> {
    try {
      socket.emit('principal', await this.sockets.principalFromHandshake(socket));
    } catch (error) {
      socket.emit('refused', { code: error instanceof DomainError ? error.code : 'internal' });
      socket.disconnect(true);
    }
  }
}

@Module({ providers: [WhoAmIGateway] })
class WhoAmIModule {}

let register: RegisterApi;
const clients: ClientSocket[] = [];

beforeAll(async () => {
  register = await RegisterApi.start({ imports: [WhoAmIModule] });
}, 120_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await register?.close();
});

const login = (email: string, password: string) =>
  register.call('POST', '/api/auth/login', { body: { email, password } });

describe('login and refresh', () => {
  it('gives a 15-minute access token and a 7-day refresh token', async () => {
    const { email } = await register.account('auditor');
    const reply = await login(email, PASSWORD);
    expect(reply).toMatchObject({
      status: 200,
      body: { tokenType: 'Bearer', expiresIn: 900, refreshExpiresIn: 604_800 },
    });
    expect((await register.call('GET', '/api/accounts/me', { token: reply.body.accessToken })).body).toMatchObject({
      email,
      role: 'auditor',
      status: 'active',
    });
  });

  it('answers a wrong password and an unknown email alike: 401 auth.invalid_credentials', async () => {
    const { email } = await register.account('auditor');
    expect(await login(email, 'not the password at all')).toMatchObject({
      status: 401,
      body: { code: 'auth.invalid_credentials' },
    });
    expect(await login('nobody@licita.example.mx', PASSWORD)).toMatchObject({
      status: 401,
      body: { code: 'auth.invalid_credentials' },
    });
  });

  it('refreshes with the refresh token only, until it expires after 7 days', async () => {
    const { email } = await register.account('registrar');
    const pair = (await login(email, PASSWORD)).body;
    const refreshed = await register.call('POST', '/api/auth/refresh', { body: { refreshToken: pair.refreshToken } });
    expect(refreshed).toMatchObject({ status: 200, body: { tokenType: 'Bearer' } });
    expect(
      await register.call('POST', '/api/auth/refresh', { body: { refreshToken: pair.accessToken } }),
    ).toMatchObject({ status: 401, body: { code: 'auth.invalid_token' } });

    register.clock.advance(7 * 24 * 3600_000);
    expect(
      await register.call('POST', '/api/auth/refresh', { body: { refreshToken: pair.refreshToken } }),
    ).toMatchObject({ status: 401, body: { code: 'auth.token_expired' } });
  });

  it('requires the current password to change it, and the new one to follow the length rule', async () => {
    const { token } = await register.account('registrar');
    const wrong = await register.call('POST', '/api/accounts/me/password', {
      token,
      body: { currentPassword: 'not the password', newPassword: 'a brand new passphrase' },
    });
    expect(wrong).toMatchObject({ status: 403, body: { code: 'account.wrong_password' } });
    const short = await register.call('POST', '/api/accounts/me/password', {
      token,
      body: { currentPassword: PASSWORD, newPassword: 'short' },
    });
    expect(short).toMatchObject({ status: 400, body: { code: 'request.invalid' } });
  });

  it('never returns a password hash', async () => {
    const { token } = await register.account('auditor');
    const me = await register.call('GET', '/api/accounts/me', { token });
    expect(JSON.stringify(me.body)).not.toMatch(/scrypt|passwordHash/);
    expect(await register.call('GET', '/api/accounts/me')).toMatchObject({
      status: 401,
      body: { code: 'auth.unauthenticated' },
    });
  });
});

describe('Socket.IO handshake', () => {
  const connect = (auth?: Record<string, string>, headers?: Record<string, string>) =>
    new Promise<{ event: string; payload: unknown }>((done, fail) => {
      const client = io(register.url, { transports: ['websocket'], auth, extraHeaders: headers, reconnection: false });
      clients.push(client);
      client.once('principal', (payload) => done({ event: 'principal', payload }));
      client.once('refused', (payload) => done({ event: 'refused', payload }));
      client.once('connect_error', fail);
    });

  it('knows the account of the access token given as auth.token', async () => {
    const { accountId, token } = await register.account('auditor');
    expect(await connect({ token })).toEqual({
      event: 'principal',
      payload: { kind: 'account', accountId, role: 'auditor' },
    });
  });

  it('also reads an Authorization header, and treats no token as the anonymous public', async () => {
    const { accountId, token } = await register.account('registrar');
    expect(await connect(undefined, { Authorization: `Bearer ${token}` })).toEqual({
      event: 'principal',
      payload: { kind: 'account', accountId, role: 'registrar' },
    });
    expect(await connect()).toEqual({ event: 'principal', payload: { kind: 'anonymous' } });
  });

  it('refuses a forged or expired token', async () => {
    const { token } = await register.account('auditor');
    const [header, payload] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'registrar' })).toString('base64url')}.${token.split('.')[2]}`;
    expect(await connect({ token: forged })).toEqual({ event: 'refused', payload: { code: 'auth.invalid_token' } });
    register.clock.advance(15 * 60_000);
    expect(await connect({ token })).toEqual({ event: 'refused', payload: { code: 'auth.token_expired' } });
  });
});

describe('npm run admin:create', () => {
  const ROOT = resolve(__dirname, '../../..');
  const RUN_FROM_SOURCE = join(ROOT, 'test/support/run-from-source.js');

  // The CLI in its own process, run from its sources (test/support/run-from-source.js): a `nest build` here cost
  // 30–40 s of the run on two cores. The built program is what the slow suites start.
  const adminCreate = (...args: string[]) =>
    promisify(execFile)(
      process.execPath,
      ['-r', RUN_FROM_SOURCE, join(ROOT, 'apps/api/cli/admin-create.ts'), ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: register.api.databaseUrl,
          JWT_SECRET: register.api.config.jwtSecret,
          ...extraEnv(),
        },
      },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );

  it('prints a one-time password that logs in once and must be changed first', async () => {
    const run = await adminCreate('--email', 'Admin@Licita.example.mx');
    expect(run.code).toBe(0);
    const password = /one-time password: (\S+)/.exec(run.stdout)?.[1] as string;
    expect(password).toHaveLength(24);

    const pair = await login('admin@licita.example.mx', password);
    expect(pair.status).toBe(200);
    const token = pair.body.accessToken;
    expect(await register.call('POST', '/api/buying-units', { token, body: {} })).toMatchObject({
      status: 403,
      body: { code: 'auth.password_change_required' },
    });
    expect(
      (
        await register.call('POST', '/api/accounts/me/password', {
          token,
          body: { currentPassword: password, newPassword: PASSWORD },
        })
      ).status,
    ).toBe(204);
    expect((await login('admin@licita.example.mx', PASSWORD)).status).toBe(200);
  });

  it('refuses an email that already has an account, and a missing email', async () => {
    expect(await adminCreate('--email', 'admin@licita.example.mx')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('account.email_taken'),
    });
    expect(await adminCreate()).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: npm run admin:create'),
    });
  });
});

/** Variables the configuration requires beside DATABASE_URL and JWT_SECRET, taken from the test API's own. */
function extraEnv(): Record<string, string> {
  const { masterKey } = register.api.config;
  return typeof masterKey === 'string' ? { LICITA_MASTER_KEY: masterKey } : {};
}
