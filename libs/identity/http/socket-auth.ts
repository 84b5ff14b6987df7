import { Inject, Injectable, Optional } from '@nestjs/common';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { Authentication } from '../application/authentication';
import type { Principal } from '../domain/roles';

/** The parts of a Socket.IO server socket the handshake check reads. */
export interface HandshakeSocket {
  handshake: { auth?: Record<string, unknown>; headers: Record<string, string | string[] | undefined> };
}

/**
 * The principal of a Socket.IO connection, with the same access token as HTTP: `io(url, { auth: { token } })`
 * (preferred: browsers cannot set headers on WebSocket) or an `Authorization: Bearer …` header. No token is
 * the anonymous public; a bad or expired one throws 401 `auth.invalid_token` / `auth.token_expired`.
 */
export function principalFromHandshake(socket: HandshakeSocket, authentication: Authentication, now: Date): Principal {
  const token = socket.handshake.auth?.token;
  if (typeof token === 'string' && token !== '') return authentication.principalOf(`Bearer ${token}`, now);
  const header = socket.handshake.headers.authorization;
  return authentication.principalOf(typeof header === 'string' ? header : undefined, now);
}

/**
 * For gateways: `handleConnection(socket) { socket.data.principal = this.sockets.principalFromHandshake(socket) }`,
 * disconnecting on a thrown DomainError. Authorize each message with `assertAuthorized(command, principal)`.
 */
@Injectable()
export class SocketAuthentication {
  private readonly clock: Clock;

  constructor(
    private readonly authentication: Authentication,
    @Optional() @Inject(CLOCK) clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  principalFromHandshake(socket: HandshakeSocket): Principal {
    return principalFromHandshake(socket, this.authentication, this.clock.now());
  }
}
