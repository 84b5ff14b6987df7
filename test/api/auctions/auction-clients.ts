/** Helpers for the live-auction tests: the real API with a ManualClock, tokens, and socket.io-client watchers. */
import { randomUUID } from 'node:crypto';
import type { BidAck } from '@licita/auctions/application/auction-actor';
import type { AuctionMessage } from '@licita/auctions/application/auction.messages';
import { AuctionService } from '@licita/auctions/application/auction.service';
import type { ParticipantEntry, ScheduleAuction } from '@licita/auctions/domain/auction.commands';
import type { AuctionSnapshot } from '@licita/auctions/domain/auction.snapshot';
import type { AuctionPosition, ErrorReply, JoinReply } from '@licita/auctions/http/auctions.gateway';
import { deterministicUuid } from '@licita/event-store/command-executor';
import { EVENT_STORE, type EventStore, type EventToAppend } from '@licita/event-store/event-store.port';
import { TokenService } from '@licita/identity/application/token-service';
import { aSupplierData } from '@licita/suppliers/domain/supplier.scenarios';
import { supplierStream } from '@licita/suppliers/domain/supplier.events';
import type { Role } from '@licita/identity/domain/roles';
import { ManualClock, type Clock } from '@licita/shared';
import { io, type Socket } from 'socket.io-client';
import { TestClockModule } from '../../support/clock.module';
import { startTestApi, type TestApi } from '../../support/api-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

export const OPENING_PRICE = 1_000_000_00;
export const STEP = 1_00;
/** The auctions of these tests run 16:00–16:10 UTC on 2026-03-02; they are scheduled at 15:00. */
export const at = (hhmmss: string) => `2026-03-02T${hhmmss.length === 5 ? `${hhmmss}:00` : hhmmss}.000Z`;

/**
 * What every live-auction spec sets up: a throw-away database, a ManualClock at 15:00 (the auctions run
 * 16:00–16:10), the API instances started on them and the socket clients connected, all closed at the end.
 */
export class AuctionWorld {
  readonly clock = new ManualClock('2026-03-02T15:00:00.000Z');
  readonly apis: TestApi[] = [];
  private readonly clients: AuctionClient[] = [];
  private database?: TestDatabase;

  /** The world's database URL (after the first `start`). */
  get databaseUrl(): string {
    if (!this.database) throw new Error('start an instance first');
    return this.database.url;
  }

  constructor(private readonly name: string) {}

  /** The first instance started. */
  get api(): TestApi {
    return this.apis[0];
  }

  /** One more API instance on the database, on the world's clock (`realClock`: on the system's own). */
  async start({ env, realClock = false }: { env?: Record<string, string>; realClock?: boolean } = {}) {
    this.database ??= await createTestDatabase(this.name);
    const imports = realClock ? [] : [TestClockModule.using(this.clock)];
    const api = await startTestApi({ databaseUrl: this.database.url, imports, env });
    this.apis.push(api);
    return api;
  }

  /** A socket client on `api` (anonymous without a token), closed with the world or at `disconnect()`. */
  async connect(api: TestApi, token?: string): Promise<AuctionClient> {
    const client = await AuctionClient.connect(api, token);
    this.clients.push(client);
    return client;
  }

  disconnect(): void {
    for (const client of this.clients.splice(0)) client.close();
  }

  async close(): Promise<void> {
    this.disconnect();
    for (const api of this.apis.splice(0).reverse()) await api.close();
    await this.database?.drop();
  }
}

/** A socket.io-client on `/auctions` of the API at `url`, once its handshake is accepted (anonymous without a token). */
export async function connectAuctions(url: string, token?: string): Promise<Socket> {
  await accountsWritten();
  const socket = io(`${url}/auctions`, {
    transports: ['websocket'],
    reconnection: false,
    auth: token ? { token } : {},
  });
  await new Promise<void>((connected, refused) => {
    socket.once('connect', () => connected());
    socket.once('connect_error', refused);
  });
  return socket;
}

/** An access token the API accepts (signed by its own TokenService) for an account of this role. */
export function tokenFor(
  api: TestApi,
  clock: Clock,
  role: Role,
  binding: { supplierId?: string; buyingUnitId?: string } = {},
): string {
  const accountId = randomUUID();
  const account = {
    accountId,
    email: `${role}-${accountId.slice(0, 8)}@licita.example.mx`,
    role,
    supplierId: binding.supplierId ?? null,
    buyingUnitId: binding.buyingUnitId ?? null,
    passwordHash: '$scrypt$not-a-password',
    mustChangePassword: false,
  };
  // Every use of a token checks its session against the account stream: the account must exist. Written in the
  // background; `http` and `connectAuctions` wait for it before they send the token.
  pendingAccounts.push(
    api.app.get<EventStore>(EVENT_STORE).appendToStream(
      `account-${accountId}`,
      [
        {
          id: randomUUID(),
          type: 'AccountCreated',
          data: account,
          metadata: { actor: 'test', correlationId: randomUUID(), occurredAt: clock.now().toISOString() },
        },
      ],
      { expectedRevision: 'no_stream' },
    ),
  );
  return api.app.get(TokenService).issue({ ...account, role, status: 'active', sessionVersion: 0 }, clock.now())
    .accessToken;
}

const pendingAccounts: Array<Promise<unknown>> = [];
const accountsWritten = () => Promise.all(pendingAccounts);

export const suppliers = (count: number): ParticipantEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    bidderId: `supplier-${i + 1}`,
    name: `Proveedora ${i + 1}, S.A. de C.V.`,
    openingPrice: OPENING_PRICE,
  }));

/**
 * An auction scheduled through the service, as the tender route would after reading the tender (tested in
 * tender-auction.e2e-spec.ts): 16:00–16:10, step 1.00 MXN, no anti-sniping unless given. The buyer's snapshot.
 */
export async function scheduleAuction(
  api: TestApi,
  participants: ParticipantEntry[],
  overrides: Partial<Omit<ScheduleAuction, 'type'>> = {},
): Promise<AuctionSnapshot> {
  await registerVerifiedSuppliers(api, participants);
  const service = api.app.get(AuctionService);
  const auctionId = overrides.auctionId ?? randomUUID();
  await service.scheduleAuction(
    {
      auctionId,
      tenderId: 'ocds-licita-000123',
      lotId: 'lot-1',
      currency: 'MXN',
      startsAt: at('16:00'),
      durationSeconds: 600,
      minimumDecrement: { kind: 'absolute', amount: STEP },
      antiSniping: null,
      abnormallyLowFloor: 500_000_00,
      participants,
      ...overrides,
    },
    { actor: 'account-buyer' },
  );
  return service.snapshot(auctionId, { role: 'buyer' });
}

/**
 * Puts the participants in the supplier register as verified (a sanctioned or unverified supplier cannot bid).
 * Written as the register's own events, with ids derived from the supplier id: repeating it is a no-op.
 */
export async function registerVerifiedSuppliers(api: TestApi, participants: ParticipantEntry[]): Promise<void> {
  const store = api.app.get<EventStore>(EVENT_STORE);
  const metadata = { actor: 'account-registrar', correlationId: randomUUID(), occurredAt: at('09:00') };
  await Promise.all(
    participants.map(({ bidderId, name }) =>
      store.appendToStream(
        supplierStream(bidderId),
        [
          {
            id: deterministicUuid(`${bidderId}|registered`),
            type: 'SupplierRegistered',
            data: { supplierId: bidderId, ...aSupplierData({ legalName: name }) },
            metadata,
          },
          {
            id: deterministicUuid(`${bidderId}|verified`),
            type: 'SupplierVerified',
            data: { supplierId: bidderId },
            metadata,
          },
        ] as EventToAppend[],
        { expectedRevision: 'any' },
      ),
    ),
  );
}

export async function http(
  api: TestApi,
  method: string,
  path: string,
  { token, body }: { token?: string; body?: unknown } = {},
) {
  await accountsWritten();
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: text ? JSON.parse(text) : undefined,
  };
}

const STREAMED = ['bid.accepted', 'auction.extended', 'auction.closed'] as const;

/**
 * A real socket.io-client on the `/auctions` namespace that records, in arrival order, every auction message
 * and every own-position update it receives.
 */
export class AuctionClient {
  readonly messages: AuctionMessage[] = [];
  readonly positions: AuctionPosition[] = [];
  private constructor(readonly socket: Socket) {
    for (const event of STREAMED) socket.on(event, (message: AuctionMessage) => this.messages.push(message));
    socket.on('auction.position', (position: AuctionPosition) => this.positions.push(position));
  }

  /** Connects (anonymous without a token) and waits for the handshake to be accepted. */
  static async connect(api: TestApi, token?: string): Promise<AuctionClient> {
    return new AuctionClient(await connectAuctions(api.url, token));
  }

  async join(auctionId: string, lastSequence?: number): Promise<AuctionSnapshot> {
    const reply = await this.tryJoin(auctionId, lastSequence);
    if (reply.status !== 'joined') throw new Error(`join refused: ${JSON.stringify(reply)}`);
    return reply.snapshot;
  }

  tryJoin(auctionId: string, lastSequence?: number): Promise<JoinReply> {
    return this.socket
      .timeout(10_000)
      .emitWithAck('auction.join', lastSequence === undefined ? { auctionId } : { auctionId, lastSequence });
  }

  bid(auctionId: string, amount: number, clientBidId: string = randomUUID()): Promise<BidAck | ErrorReply> {
    return this.socket.timeout(10_000).emitWithAck('bid.place', { auctionId, amount, clientBidId });
  }

  get sequences(): number[] {
    return this.messages.map((message) => message.sequence);
  }

  get lastSequence(): number | undefined {
    return this.messages.at(-1)?.sequence;
  }

  /** Waits (up to 15 s) until a message with this sequence or later has arrived. */
  async untilSequence(sequence: number): Promise<void> {
    await eventually(`sequence ${sequence} reaches ${this.socket.id}`, () => (this.lastSequence ?? -1) >= sequence);
  }

  close(): void {
    this.socket.close();
  }
}

export async function eventually(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resume) => setTimeout(resume, 20));
  }
}

/** `first, first+1, …, last`. */
export const range = (first: number, last: number) =>
  Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);

export { ManualClock };
