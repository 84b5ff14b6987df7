import { Inject, Injectable, Optional } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { Authentication } from '../application/authentication';
import { PrincipalOfHandshake } from '../application/queries/identity.queries';
import type { Principal } from '../domain/roles';

/** The parts of a Socket.IO server socket the handshake check reads. */
export interface HandshakeSocket {
  handshake: { auth?: Record<string, unknown>; headers: Record<string, string | string[] | undefined> };
}

/**
 * The principal of a Socket.IO connection, with the same access token as HTTP: `io(url, { auth: { token } })`
 * (preferred: browsers cannot set headers on WebSocket) or an `Authorization: Bearer …` header. No token is
 * the anonymous public; a bad or expired one throws 401 `auth.invalid_token` / `auth.token_expired`, and one
 * whose session has ended since (password changed, account disabled, sessions revoked) `auth.session_ended`.
 * The handshake's token stays on the socket, so asking again on every message re-checks the session.
 */
export function principalFromHandshake(
  socket: HandshakeSocket,
  authentication: Authentication,
  now: Date,
): Promise<Principal> {
  return authentication.currentPrincipal(handshakeAuthorization(socket), now);
}

function handshakeAuthorization(socket: HandshakeSocket): string | undefined {
  const token = socket.handshake.auth?.token;
  if (typeof token === 'string' && token !== '') return `Bearer ${token}`;
  const header = socket.handshake.headers.authorization;
  return typeof header === 'string' ? header : undefined;
}

/**
 * For gateways: `principal = await this.sockets.principalFromHandshake(socket)` at the connection and again on
 * every message (and on a timer), disconnecting on a thrown DomainError. Authorize each message with
 * `assertAuthorized(command, principal)`.
 */
@Injectable()
@QueryHandler(PrincipalOfHandshake)
export class SocketAuthentication implements IQueryHandler<PrincipalOfHandshake> {
  private readonly clock: Clock;

  constructor(
    private readonly authentication: Authentication,
    @Optional() @Inject(CLOCK) clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  principalFromHandshake(socket: HandshakeSocket): Promise<Principal> {
    return principalFromHandshake(socket, this.authentication, this.clock.now());
  }

  /** PrincipalOfHandshake on the QueryBus, for gateways that inject only the buses. */
  execute({ socket }: PrincipalOfHandshake): Promise<Principal> {
    return this.principalFromHandshake(socket);
  }
}
