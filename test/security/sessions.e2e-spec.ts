import { randomUUID } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { SESSION_ENDED_EVENT, SOCKET_SESSION_CHECK_MS } from '@licita/auctions';
import type { Socket } from 'socket.io-client';
import { connectAuctions } from '../api/auctions/auction-clients';
import { aSupplierRegistration, aUniqueRfc, PASSWORD, RegisterApi } from '../api/register/register-api';

/**
 * Issue #16, point 6: a password change, a disabled account or a suspension ends the sessions at once. The
 * account stream's session version is checked on every use of an access token (HTTP), on every Socket.IO
 * message and on a timer for open sockets, which are disconnected when their token expires or is revoked.
 */
@Global()
@Module({ providers: [{ provide: SOCKET_SESSION_CHECK_MS, useValue: 100 }], exports: [SOCKET_SESSION_CHECK_MS] })
class FastSessionChecks {}

const register = RegisterApi.use({ imports: [FastSessionChecks] });
const sockets: Socket[] = [];
afterAll(() => sockets.forEach((socket) => socket.close()));

const NEW_PASSWORD = 'another horse battery staple';

async function aSupplier() {
  const body = aSupplierRegistration({ rfc: aUniqueRfc() });
  const reply = await register().call('POST', '/api/suppliers', { body });
  expect(reply.status).toBe(201);
  return {
    supplierId: reply.body.supplierId as string,
    email: body.account.email as string,
    token: await register().login(body.account.email),
  };
}

async function suspend(supplierId: string) {
  const { token: registrar } = await register().account('registrar');
  expect((await register().call('POST', `/api/suppliers/${supplierId}/verify`, { token: registrar })).status).toBe(200);
  const suspended = await register().call('POST', `/api/suppliers/${supplierId}/suspend`, {
    token: registrar,
    body: { reason: 'Documentación falsa' },
  });
  expect(suspended.status).toBe(200);
}

const me = (token: string) => register().call('GET', '/api/accounts/me', { token });
const changePassword = (token: string) =>
  register().call('POST', '/api/accounts/me/password', {
    token,
    body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
  });

async function aSocket(token: string) {
  const socket = await connectAuctions(register().url, token);
  sockets.push(socket);
  const ended = new Promise<{ code: string }>((resolve) => socket.once(SESSION_ENDED_EVENT, resolve));
  const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
  return { socket, ended, disconnected };
}

const join = (socket: Socket) =>
  socket.timeout(5_000).emitWithAck('auction.join', { auctionId: randomUUID() }) as Promise<{ code?: string }>;

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, late) => setTimeout(() => late(new Error(`not within ${ms} ms`)), ms)),
  ]);

describe('over HTTP', () => {
  it('a password change ends the access token at once (401 auth.session_ended), not 15 minutes later', async () => {
    const { token } = await aSupplier();
    expect((await me(token)).status).toBe(200);
    expect((await changePassword(token)).status).toBe(204);
    expect(await me(token)).toMatchObject({ status: 401, body: { code: 'auth.session_ended' } });
  });

  it('a suspension of the supplier ends its sessions', async () => {
    const { supplierId, token } = await aSupplier();
    expect((await me(token)).status).toBe(200);
    await suspend(supplierId);
    expect(await me(token)).toMatchObject({ status: 401, body: { code: 'auth.session_ended' } });
  });

  it('a new login after the change works (only older tokens end)', async () => {
    const { email, token } = await aSupplier();
    await changePassword(token);
    const fresh = await register().login(email, NEW_PASSWORD);
    expect((await me(fresh)).status).toBe(200);
  });
});

describe('over Socket.IO (real socket.io-client)', () => {
  it('refuses the next message of a socket whose password changed, and disconnects it', async () => {
    const { token } = await aSupplier();
    const { socket, disconnected } = await aSocket(token);
    expect((await join(socket)).code).not.toMatch(/^auth\./);
    await changePassword(token);
    // The timer may be first; either way the session ends and the socket is disconnected.
    const reply = socket.connected
      ? await join(socket).catch(() => ({ code: 'auth.session_ended' }))
      : { code: 'auth.session_ended' };
    expect(reply.code).toBe('auth.session_ended');
    await within(disconnected, 5_000);
  });

  it('disconnects an idle socket on a timer once its session ends (a suspension), telling it why', async () => {
    const { supplierId, token } = await aSupplier();
    const { ended, disconnected } = await aSocket(token);
    await suspend(supplierId);
    expect(await within(ended, 5_000)).toMatchObject({ code: 'auth.session_ended' });
    await within(disconnected, 5_000);
  });

  it('disconnects a socket when its access token expires', async () => {
    const { token } = await aSupplier();
    const { ended, disconnected } = await aSocket(token);
    register().clock.advance(16 * 60_000);
    try {
      expect(await within(ended, 5_000)).toMatchObject({ code: 'auth.token_expired' });
      await within(disconnected, 5_000);
    } finally {
      register().clock.advance(-16 * 60_000);
    }
  });
});
