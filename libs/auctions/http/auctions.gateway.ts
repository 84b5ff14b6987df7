import { randomUUID } from 'node:crypto';
import { Inject, Logger, Optional, ServiceUnavailableException, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  actorOf,
  ANONYMOUS,
  assertAuthorized,
  authorize,
  PrincipalOfHandshake,
  type Principal,
} from '@licita/identity';
import { DomainError, invalid, isWellFormedId } from '@licita/shared';
import type { AuctionSnapshot, AuctionViewer } from '../domain/auction.snapshot';
import type { BidAck } from '../application/auction-actor';
import type { AuctionFeed } from '../application/auction-feeds';
import type { AuctionMessage } from '../application/auction.messages';
import { PlaceBid } from '../application/commands/auction-commands';
import { AuctionMessagesAfter, WatchAuction } from '../application/queries/auction-queries';
import { viewerOf } from './auction-viewer';

export const AUCTIONS_NAMESPACE = '/auctions';
export const auctionRoom = (auctionId: string) => `auction:${auctionId}`;

/** A supplier's own standing, sent to its own socket only (`auction.position`) whenever it changes. */
export type AuctionPosition = NonNullable<AuctionSnapshot['you']> & { auctionId: string; asOfSequence: number };

export type JoinReply = { status: 'joined'; snapshot: AuctionSnapshot } | ErrorReply;
export type ErrorReply = { status: 'error'; code: string; message: string; details?: Record<string, unknown> };
export type BidReply = BidAck | ErrorReply;

/**
 * One socket watching one auction. `sent` is the last sequence this socket has been given. While `reading`
 * (replaying what it missed from the store) new events wait in `buffer`; `waiting` means it claimed a sequence
 * this process has not seen yet; `live` sockets are in the room and get the room broadcasts.
 */
type Membership = {
  auctionId: string;
  socket: Socket;
  feed: AuctionFeed;
  viewer: AuctionViewer;
  phase: 'reading' | 'waiting' | 'live' | 'left';
  sent: number;
  buffer: AuctionMessage[];
  /** `rank:amount` of the last position sent to a supplier. */
  position: string | null;
};

const REPLAY_PAGE = 1_000;

/** Optional provider: how often (ms) every account socket's session is checked again (default 15 s). */
export const SOCKET_SESSION_CHECK_MS = Symbol('SOCKET_SESSION_CHECK_MS');
/** Sent to a socket just before it is disconnected because its token expired or its session ended. */
export const SESSION_ENDED_EVENT = 'session.ended';
const WATCHERS_QUESTION = 'auction.watchers';

/**
 * Metadata naming the Socket.IO message a gateway method answers as a plain listener (`socket.on`), outside
 * Nest's per-message pipeline (rxjs, guards, pipes, interceptors: none applies to this gateway's messages, the
 * global ones answer HTTP only). The access matrix lists these beside the `@SubscribeMessage` ones.
 */
export const PLAIN_SOCKET_MESSAGE = 'licita:plain_socket_message';
const PlainSocketMessage =
  (message: string): MethodDecorator =>
  (_target, _key, descriptor) =>
    void Reflect.defineMetadata(PLAIN_SOCKET_MESSAGE, message, descriptor.value as object);

/**
 * Live auctions over Socket.IO (namespace `/auctions`, protocol in libs/auctions/README.md). Bids go to the
 * CommandBus (`PlaceBid`); joins watch the auction's live read model (`WatchAuction`: this process's own
 * subscription to the event store), and broadcasts go to this process's own sockets only (`server.local`):
 * every instance follows the log, so every watcher gets every event once, from the instance it is connected
 * to. The Socket.IO adapter across instances answers cross-instance questions (how many watch an auction).
 */
@WebSocketGateway({ namespace: AUCTIONS_NAMESPACE })
export class AuctionsGateway implements OnGatewayInit, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer()
  server!: Namespace;

  private readonly logger = new Logger('AuctionsGateway');
  /** Every membership in this process, by auction. */
  private readonly members = new Map<string, Set<Membership>>();
  /** Auctions whose suppliers' positions must be looked at again (once per turn of the event loop). */
  private readonly moved = new Set<string>();
  private positionsScheduled = false;
  /** Told of every new event of the auctions this gateway's sockets watch. */
  private readonly sink = (feed: AuctionFeed, message: AuctionMessage | null) => this.broadcast(feed, message);

  private sessionTimer?: NodeJS.Timeout;
  /** Session checks to begin at the end of this turn (`beginCheck`). */
  private checksToBegin: Array<() => void> = [];

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Optional() @Inject(SOCKET_SESSION_CHECK_MS) private readonly sessionCheckMs: number = 15_000,
  ) {}

  onModuleDestroy(): void {
    clearInterval(this.sessionTimer);
  }

  /**
   * The socket's principal checked again now (token expiry, session version in the account stream: #16 point 6).
   * A socket whose token expired or whose session ended is told (`session.ended`) and disconnected; the error is
   * thrown for the message's reply.
   */
  private currentPrincipal(socket: Socket): Promise<Principal> {
    if (principalOf(socket).kind !== 'account') return Promise.resolve(principalOf(socket));
    // Every message is answered by a check begun after it arrived. The messages that arrive before a check
    // begins (in the same turn of the event loop) share it, so a supplier's burst of bids costs one read of
    // its account stream, and a check does not wait for the one before it to begin. The answers are given in
    // the order the messages came, so a burst of bids from one supplier reaches the auction in that order.
    // All the sockets' checks of a turn begin together (one `setImmediate`), so the account streams they read are
    // read in one statement (the identity context batches the reads asked in the same tick).
    const data = dataOf(socket);
    if (data.nextSessionCheck) return data.nextSessionCheck;
    const checked = new Promise<Principal>((answer) =>
      this.beginCheck(() => {
        data.nextSessionCheck = undefined;
        answer(this.checkSession(socket));
      }),
    );
    // Handled here too: a refusal may come while the answer before it is still awaited.
    checked.catch(() => undefined);
    const inOrder = (data.sessionCheck ?? Promise.resolve()).then(() => checked);
    data.nextSessionCheck = inOrder;
    data.sessionCheck = inOrder.catch(() => undefined);
    return inOrder;
  }

  /** Begins `check` at the end of this turn of the event loop, with every other check asked for in it. */
  private beginCheck(check: () => void): void {
    this.checksToBegin.push(check);
    if (this.checksToBegin.length > 1) return;
    setImmediate(() => {
      const checks = this.checksToBegin;
      this.checksToBegin = [];
      for (const begin of checks) begin();
    });
  }

  private async checkSession(socket: Socket): Promise<Principal> {
    try {
      const principal = await this.queries.execute(new PrincipalOfHandshake(socket));
      dataOf(socket).principal = principal;
      return principal;
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unauthorized') {
        socket.emit(SESSION_ENDED_EVENT, errorReply(error));
        socket.disconnect(true);
      }
      throw error;
    }
  }

  /** Every account socket of this process, on a timer: ends the sockets whose token expired or session ended. */
  private async checkSessions(): Promise<void> {
    const sockets = [...this.server.sockets.values()].filter((socket) => principalOf(socket).kind === 'account');
    for (const socket of sockets) await this.currentPrincipal(socket).catch(() => undefined);
  }

  afterInit(server: Namespace): void {
    // The same access token as HTTP; none is the anonymous public, which may watch. A bad one is refused.
    server.use((socket, next) => {
      this.queries.execute(new PrincipalOfHandshake(socket)).then(
        (principal) => {
          dataOf(socket).principal = principal;
          dataOf(socket).memberships = new Map<string, Membership>();
          next();
        },
        (error: unknown) =>
          next(
            Object.assign(new Error(error instanceof Error ? error.message : 'unauthorized'), {
              data: errorReply(error),
            }),
          ),
      );
    });
    if (this.sessionCheckMs > 0) {
      this.sessionTimer = setInterval(() => void this.checkSessions(), this.sessionCheckMs);
      this.sessionTimer.unref();
    }
    // The hot path: `bid.place` straight from the socket, as Nest would call it (the last argument a function is
    // the ack; one argument is the body), without Nest's per-message observable chain (#23: 8 % of the thread).
    server.on('connection', (socket: Socket) =>
      socket.on('bid.place', (...args: unknown[]) => {
        const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (reply: BidReply) => void) : null;
        void this.placeBid(socket, args.length === 1 ? args[0] : args.length === 0 ? undefined : args).then((reply) =>
          ack?.(reply),
        );
      }),
    );
    server.on(WATCHERS_QUESTION, (auctionId: unknown, answer: (count: number) => void) =>
      answer(this.localWatchers(String(auctionId))),
    );
  }

  handleDisconnect(socket: Socket): void {
    for (const auctionId of [...memberships(socket).keys()]) this.leave(socket, auctionId);
  }

  /**
   * `{ auctionId, lastSequence? }` → ack `{ status: 'joined', snapshot }`, then every event after
   * `lastSequence` (when given) up to the snapshot, then the live ones: in order, none twice, none missing.
   */
  @SubscribeMessage('auction.join')
  async join(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: unknown,
    @Ack() ack?: (reply: JoinReply) => void,
  ): Promise<void> {
    const reply = ack ?? (() => undefined);
    let request: { auctionId: string; lastSequence?: number };
    let feed: AuctionFeed;
    try {
      await this.currentPrincipal(socket);
      request = joinRequest(body);
      feed = await this.queries.execute(new WatchAuction(request.auctionId, this.sink));
    } catch (error) {
      return reply(errorReply(error));
    }
    const { auctionId, lastSequence } = request;
    try {
      if (lastSequence !== undefined && lastSequence > feed.lastSequence)
        await this.assertRecorded(auctionId, lastSequence);
    } catch (error) {
      feed.release();
      return reply(errorReply(error));
    }
    if (!socket.connected) return feed.release();

    // From here to the ack nothing awaits: the snapshot is the feed's state, and the feed moves only between turns.
    this.leave(socket, auctionId); // joining again is a resume
    const viewer = viewerOf(principalOf(socket));
    const snapshot = feed.snapshot(viewer);
    const member: Membership = {
      auctionId,
      socket,
      feed,
      viewer,
      phase: 'reading',
      sent: lastSequence ?? snapshot.lastSequence,
      buffer: [],
      position: positionKey(snapshot.you),
    };
    memberships(socket).set(auctionId, member);
    this.membersOf(auctionId).add(member);
    reply({ status: 'joined', snapshot });
    await this.replay(member, snapshot.lastSequence);
  }

  @SubscribeMessage('auction.leave')
  leaveAuction(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: unknown,
  ): { status: 'left'; auctionId: string } | ErrorReply {
    const auctionId = (body as { auctionId?: unknown } | null)?.auctionId;
    if (!isWellFormedId(auctionId)) return errorReply(invalid('auction.invalid_request', AUCTION_ID_REQUIRED));
    this.leave(socket, auctionId);
    return { status: 'left', auctionId };
  }

  /**
   * `{ auctionId, amount, clientBidId }` → ack `accepted` (with its sequence, once durable) or `rejected` with a
   * reason code. Only a supplier account may bid, for itself; the auction admits only its participants. An
   * `error` ack (`service.unavailable`) means the outcome is unknown: send the same clientBidId again. A
   * supplier bidding faster than its rate limit allows is refused `bid.rate_limited` (details.retryAfterMs)
   * before its bid reaches the auction, and may send the same clientBidId again later.
   */
  @PlainSocketMessage('bid.place')
  async placeBid(socket: Socket, body: unknown): Promise<BidReply> {
    const { auctionId, amount, clientBidId } = (body ?? {}) as {
      auctionId?: unknown;
      amount?: unknown;
      clientBidId?: unknown;
    };
    const bid = { auctionId: textOf(auctionId), clientBidId: typeof clientBidId === 'string' ? clientBidId : '' };
    try {
      // The session check begins now, and the bid goes to the auction at once as the socket's principal: the
      // auction decides it only once the check has passed (its admission), so the check runs while the batches
      // ahead of it are written instead of before the bid is queued. A bid refused here waits for the check
      // first, as when the check came before everything (a session that ended is told so first).
      const checked = this.currentPrincipal(socket);
      const cached = principalOf(socket);
      const ready = authorize(bidBy(cached), cached).allowed && isWellFormedId(auctionId);
      const principal = ready ? cached : await checked;
      if (!ready) {
        assertAuthorized(bidBy(principal), principal);
        if (!isWellFormedId(auctionId)) throw invalid('auction.invalid_request', AUCTION_ID_REQUIRED);
      }
      const supplierId = supplierOf(principal)!;
      // The checked principal must still be allowed this very bid (the same supplier).
      const admission = ready
        ? checked.then((current) => assertAuthorized({ type: 'PlaceBid', supplierId }, current))
        : Promise.resolve();
      admission.catch(() => undefined); // refused before it reached the auction (rate limit): nobody awaits it
      const price = typeof amount === 'number' ? amount : Number.NaN;
      const meta = { actor: actorOf(principal), correlationId: randomUUID() };
      return await this.commands.execute(new PlaceBid(auctionId, supplierId, price, bid.clientBidId, meta, admission));
    } catch (error) {
      if (error instanceof DomainError)
        return {
          status: 'rejected',
          ...bid,
          code: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
        };
      this.logger.error(`bid on ${bid.auctionId} failed, outcome unknown: ${String(error)}`);
      return {
        status: 'error',
        code: 'service.unavailable',
        message: 'the outcome is unknown: send the same clientBidId again',
      };
    }
  }

  /** Watchers of an auction on every API instance, asked through the Socket.IO adapter. */
  async watchers(auctionId: string): Promise<{ auctionId: string; watchers: number; instances: number }> {
    try {
      const others = (await this.server.serverSideEmitWithAck(WATCHERS_QUESTION, auctionId)) as number[];
      return {
        auctionId,
        watchers: this.localWatchers(auctionId) + others.reduce((sum, count) => sum + count, 0),
        instances: others.length + 1,
      };
    } catch {
      throw new ServiceUnavailableException('an API instance did not answer');
    }
  }

  /** A new event of a watched auction, from this process's feed. */
  private broadcast(feed: AuctionFeed, message: AuctionMessage | null): void {
    if (!message) return;
    this.server.local.to(auctionRoom(feed.auctionId)).emit(message.event, message);
    let suppliers = false;
    for (const member of this.members.get(feed.auctionId) ?? []) {
      if (member.phase === 'reading') member.buffer.push(message);
      if (member.phase === 'waiting') this.sendAndSettle(member, [message]);
      suppliers ||= member.viewer.role === 'supplier';
    }
    if (suppliers) this.positionsMoved(feed.auctionId);
  }

  /** Sends what the socket missed (read from the store up to the snapshot, then what arrived meanwhile). */
  private async replay(member: Membership, upTo: number): Promise<void> {
    try {
      while (member.sent < upTo) {
        const limit = Math.min(REPLAY_PAGE, upTo - member.sent);
        const page = await this.queries.execute(new AuctionMessagesAfter(member.auctionId, member.sent, limit));
        if (member.phase !== 'reading') return; // left meanwhile
        if (page.length === 0)
          throw new Error(`events ${member.sent + 1}..${upTo} of auction ${member.auctionId} are missing`);
        send(member, page);
      }
    } catch (error) {
      this.logger.error(`replay for ${member.socket.id}: ${String(error)}`);
      member.socket.emit('auction.error', { auctionId: member.auctionId, ...errorReply(error) });
      return this.leave(member.socket, member.auctionId);
    }
    const buffered = member.buffer;
    member.buffer = [];
    this.sendAndSettle(member, buffered);
  }

  /** Sends the messages the socket has not had yet; once it has all the feed has, it joins the room. */
  private sendAndSettle(member: Membership, messages: AuctionMessage[]): void {
    send(member, messages);
    if (member.sent > member.feed.lastSequence) {
      member.phase = 'waiting';
      return;
    }
    member.phase = 'live';
    void member.socket.join(auctionRoom(member.auctionId));
    this.sendPosition(member);
  }

  private positionsMoved(auctionId: string): void {
    this.moved.add(auctionId);
    if (this.positionsScheduled) return;
    this.positionsScheduled = true;
    setImmediate(() => {
      this.positionsScheduled = false;
      const auctions = [...this.moved];
      this.moved.clear();
      for (const auctionId of auctions)
        for (const member of this.members.get(auctionId) ?? []) this.sendPosition(member);
    });
  }

  private sendPosition(member: Membership): void {
    if (member.phase !== 'live' || member.viewer.role !== 'supplier') return;
    const position = member.feed.position(member.viewer.bidderId);
    const key = positionKey(position);
    if (!position || key === member.position) return;
    member.position = key;
    member.socket.emit('auction.position', {
      auctionId: member.auctionId,
      asOfSequence: member.feed.lastSequence,
      ...position,
    } satisfies AuctionPosition);
  }

  private leave(socket: Socket, auctionId: string): void {
    const member = memberships(socket).get(auctionId);
    if (!member) return;
    member.phase = 'left';
    member.buffer = [];
    memberships(socket).delete(auctionId);
    this.members.get(auctionId)?.delete(member);
    if (this.members.get(auctionId)?.size === 0) this.members.delete(auctionId);
    void socket.leave(auctionRoom(auctionId));
    member.feed.release();
  }

  private membersOf(auctionId: string): Set<Membership> {
    let members = this.members.get(auctionId);
    if (!members) this.members.set(auctionId, (members = new Set()));
    return members;
  }

  private localWatchers(auctionId: string): number {
    return this.members.get(auctionId)?.size ?? 0;
  }

  /** A client resuming from a sequence this process has not seen yet: it must exist in the store. */
  private async assertRecorded(auctionId: string, sequence: number): Promise<void> {
    const after = await this.queries.execute(new AuctionMessagesAfter(auctionId, sequence - 1, 1));
    if (after.length === 0)
      throw invalid('auction.invalid_sequence', `auction ${auctionId} has no event ${sequence}`, {
        lastSequence: sequence,
      });
  }
}

function send(member: Membership, messages: AuctionMessage[]): void {
  for (const message of messages) {
    if (message.sequence <= member.sent) continue;
    member.socket.emit(message.event, message);
    member.sent = message.sequence;
  }
}

const positionKey = (position: AuctionSnapshot['you']) => (position ? `${position.rank}:${position.amount}` : null);

const AUCTION_ID_REQUIRED = 'auctionId is required: an id (letters, digits and . _ : - only, at most 200)';

function joinRequest(body: unknown): { auctionId: string; lastSequence?: number } {
  const { auctionId, lastSequence } = (body ?? {}) as { auctionId?: unknown; lastSequence?: unknown };
  if (!isWellFormedId(auctionId)) throw invalid('auction.invalid_request', AUCTION_ID_REQUIRED);
  if (lastSequence === undefined || lastSequence === null) return { auctionId };
  if (typeof lastSequence !== 'number' || !Number.isSafeInteger(lastSequence) || lastSequence < 0) {
    throw invalid('auction.invalid_sequence', 'lastSequence is a sequence number (0 or more)');
  }
  return { auctionId, lastSequence };
}

function errorReply(error: unknown): ErrorReply {
  if (error instanceof DomainError)
    return {
      status: 'error',
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    };
  return { status: 'error', code: 'service.unavailable', message: 'try again shortly' };
}

/** What this gateway keeps on a socket: the principal fixed at the handshake, and the auctions it watches. */
type SocketData = {
  principal?: Principal;
  memberships?: Map<string, Membership>;
  /** The answer of the socket's last session check: the next answer waits for it (messages stay in order). */
  sessionCheck?: Promise<unknown>;
  /** The answer of the check not begun yet, shared by the messages that arrive until it begins. */
  nextSessionCheck?: Promise<Principal>;
};
const dataOf = (socket: Socket) => socket.data as SocketData;
const principalOf = (socket: Socket): Principal => dataOf(socket).principal ?? ANONYMOUS;

const supplierOf = (principal: Principal): string | undefined =>
  principal.kind === 'account' ? principal.supplierId : undefined;
/** A bid by `principal` for its own supplier, as the authorization policy sees it. */
const bidBy = (principal: Principal) => ({ type: 'PlaceBid', supplierId: supplierOf(principal) }) as const;
const memberships = (socket: Socket): Map<string, Membership> =>
  (dataOf(socket).memberships ??= new Map<string, Membership>());
/** An id from the client echoed in the reply: a string or number as text, anything else empty. */
const textOf = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';
