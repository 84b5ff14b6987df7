import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { AuctionService } from '@licita/auctions/application/auction.service';
import type { AuctionMessage } from '@licita/auctions/application/auction.messages';
import { EVENT_STORE, type EventStore, type EventToAppend } from '@licita/event-store/event-store.port';
import { accountStream, TokenService } from '@licita/identity';
import { loadConfig } from '@licita/platform/config';
import { createLogger, PinoLoggerService } from '@licita/platform/logger';
import { supplierStream, aSupplierData } from '@licita/suppliers';
import { createHttpApp } from '../apps/api/http-app';
import { arg, numberArg, onBenchDatabase, percentile, resultOf, round, type Benchmark, type BenchRow } from './harness';
import { floodBids, type FloodResult } from './bid-flood';

const OPENING_PRICE = 1_000_000_000_00;
const SUPPLIERS = 20;

/**
 * The live auction through the real API (Socket.IO gateway, actor, PostgreSQL event store with fsync, the
 * event-store subscription that drives broadcasts). The clients run in child processes (suppliers in
 * auction-bidders.child.ts, watchers in auction-watchers.child.ts), so this process is the server alone; all
 * share this machine's two cores, so each figure comes with a ceiling measured in the same run:
 *  1. bid path: 20 suppliers bidding as fast as their acks allow (a window of in-flight bids each), against
 *     the same clients bidding on a bare Socket.IO server that acks at once and broadcasts each bid to the
 *     same watchers (what the sockets alone allow here), and against the service called in this process
 *     without sockets (what the actor and the store allow here);
 *  2. fan-out: N watchers, bids at 20/s and at `--flood-rate`, bid → watcher delivery latency (placedAt →
 *     receipt), and deliveries/s against a bare Socket.IO server broadcasting the same messages at the same
 *     pace to the same number of clients, in the same run.
 * The per-participant bid rate limit is off here: 20 suppliers × 250 bids/s are not realistic bidders, they
 * are the load.
 */
export const auctionLiveBenchmark: Benchmark = {
  name: 'auction-live',
  description:
    'live auction over Socket.IO: accepted bids/s and ack latency, bid → watcher latency, deliveries/s vs bare Socket.IO',
  async run(args) {
    const options: LiveOptions = {
      seconds: numberArg(args, 'seconds', 5),
      watchers: numberArg(args, 'watchers', 1000),
      window: numberArg(args, 'window', 4),
      floodRate: numberArg(args, 'flood-rate', 100),
      profileDir: arg(args, 'profile'),
      only: arg(args, 'only') as LiveOptions['only'],
      roles: ROLES.filter((role) => [role, undefined].includes(arg(args, 'role') as Role | undefined)),
    };
    const rows: BenchRow[] = [];
    for (const role of options.roles) {
      const fanOut = options.only !== 'bid-path' && role === options.roles[options.roles.length - 1];
      if (options.only === 'fan-out' && !fanOut) continue;
      // A database each: projections started on the last shape's log would be catching up while it is measured.
      await onBenchDatabase(async (database) => {
        const app = await startApi(database.url, role);
        const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
        const sockets: Socket[] = [];
        try {
          if (options.only !== 'fan-out') rows.push(...(await bidPathRows(app, url, sockets, options, role)));
          if (fanOut) rows.push(...(await fanOutRows(app, url, sockets, options)));
        } finally {
          for (const socket of sockets) socket.close();
          await app.close();
        }
      });
    }
    return resultOf(
      this,
      rows,
      'p50/p99: acknowledgement latency (bid path rows) or placedAt → receipt by a watcher (fan-out rows); bare: emit → receipt.',
      'ratio: accepted bids/s (bid path) or deliveries/s (fan-out) over the bare Socket.IO server with the same clients in the same run.',
      "bid ack (fan-out rows): bid.place sent → acknowledged, i.e. the bid's way through the actor to its durable commit, which a watcher waits for too (the bare server skips it).",
      `shapes: the bid path is measured ${options.roles.map((role) => `${SHAPE[role]} (LICITA_ROLE=${role})`).join(', then ')}, each on a fresh database; ${ROLE_NOTE}`,
    );
  },
};

type LiveOptions = {
  seconds: number;
  watchers: number;
  window: number;
  floodRate: number;
  profileDir?: string;
  /** `--only=bid-path` or `--only=fan-out`: one half of the bench. */
  only?: 'bid-path' | 'fan-out';
  /**
   * The shapes the bid path is measured in, one after the other (`--role=api` or `--role=all`: that one only):
   * `api`, the API beside a separate projector (the production shape); `all`, everything in one process (the
   * embedded default, where the projections share the thread with the bids). The fan-out runs in the last.
   */
  roles: Role[];
};
type Role = 'api' | 'all';
const ROLES: Role[] = ['api', 'all'];
const ROLE_NOTE =
  "`api` is docker/'s production shape (API instances beside one projector process); `all` is the embedded default, where the projections (the ledger's hash chain among them) share the thread with the bids. The fan-out rows run in the last shape.";
const SHAPE: Record<Role, string> = {
  api: 'API beside a projector',
  all: 'API and projections in one process',
};
type App = Awaited<ReturnType<typeof createHttpApp>>;

const profiled = <T>(options: LiveOptions, name: string, work: () => Promise<T>) =>
  options.profileDir ? profile(`${options.profileDir}/${name}.cpuprofile`, work) : work();

/** The API on `databaseUrl` in `role`, listening on a free port, with the per-participant bid rate limit off. */
async function startApi(databaseUrl: string, role: Role): Promise<App> {
  const config = loadConfig(
    {
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256',
      LICITA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: '20',
      RATE_LIMIT_BIDS_PER_SECOND: '0',
      LICITA_ROLE: role,
    },
    [],
  );
  const app = await createHttpApp({ config, databaseUrl, logger: new PinoLoggerService(createLogger('silent')) });
  await app.listen(0, '127.0.0.1');
  return app;
}

/** The bid path through the gateway, against a bare Socket.IO server and against the service in this process. */
async function bidPathRows(
  app: App,
  url: string,
  sockets: Socket[],
  options: LiveOptions,
  role: Role,
): Promise<BenchRow[]> {
  const { seconds, window } = options;
  const bidding = await auctionWithSuppliers(app, url, sockets, { connect: false });
  const viewers = await forkAudience({ url: `${url}/auctions`, count: 2, auctionId: bidding.auctionId });
  const gateway = await profiled(options, `bid-path-${role}`, () =>
    forkedFlood(`${url}/auctions`, bidding.tokens, { auctionId: bidding.auctionId, seconds, window }),
  );
  const gatewayDeliveries = await viewers.report(gateway.accepted * 2);
  const bare = await bareAcks(bidding.tokens.length, { seconds, window });
  const direct = await profiled(options, `in-process-${role}`, async () =>
    inProcess(app, (await auctionWithSuppliers(app, url, sockets, { connect: false })).auctionId, seconds, window),
  );
  return [
    bidRow(
      `bid path (${SHAPE[role]}), ${SUPPLIERS} suppliers × ${window} in flight, 2 watchers`,
      gateway,
      gatewayDeliveries.received,
      bare,
    ),
    bidRow(`  ceiling: bare Socket.IO acking at once, same clients`, bare, bare.delivered, bare),
    bidRow(`  ceiling: AuctionService.placeBid in this process, no sockets`, direct, Number.NaN, bare),
  ];
}

/** N watchers at 20 bids/s and at the flood rate, against a bare Socket.IO broadcast of the same messages. */
async function fanOutRows(app: App, url: string, sockets: Socket[], options: LiveOptions): Promise<BenchRow[]> {
  const { seconds, watchers } = options;
  const rows: BenchRow[] = [];
  for (const rate of [20, options.floodRate]) {
    const auction = await auctionWithSuppliers(app, url, sockets, { connect: true });
    const recorder = await watch(url, auction.auctionId, 1, sockets);
    const audience = await forkAudience({ url: `${url}/auctions`, count: watchers, auctionId: auction.auctionId });
    const fanOut = await profiled(options, `fan-out-${rate}`, () =>
      paced(auction, audience, recorder, seconds, rate, watchers),
    );
    const bare = await bareBroadcast(watchers, recorder.messages);
    rows.push({
      scenario: `fan-out, ${watchers} watchers at ${rate} bids/s${fanOut.complete ? '' : ` (INCOMPLETE: ${fanOut.received} of ${fanOut.expected} deliveries; bids refused: ${fanOut.refused.join(', ') || 'none'})`}`,
      'accepted bids/s': round(fanOut.bidsPerSecond),
      'deliveries/s': round(fanOut.deliveriesPerSecond),
      'bare Socket.IO deliveries/s': round(bare.deliveriesPerSecond),
      ratio: `${round((100 * fanOut.deliveriesPerSecond) / bare.deliveriesPerSecond)} %`,
      'p50 ms': round(fanOut.p50, 1),
      'p99 ms': round(fanOut.p99, 1),
      'bare p50 ms': round(bare.p50, 1),
      'bare p99 ms': round(bare.p99, 1),
      'bid ack p50/p99 ms': `${round(percentile(fanOut.acks, 50), 1)} / ${round(percentile(fanOut.acks, 99), 1)}`,
    });
  }
  return rows;
}

/** `--profile=<dir>`: a CPU profile of this (the server's) process while `work` runs, for chrome://inspect or speedscope. */
async function profile<T>(file: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((done, fail) => session.post(method, (error, result) => (error ? fail(error) : done(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile: recorded } = (await post('Profiler.stop')) as { profile: unknown };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(recorded));
    session.disconnect();
  }
}

function bidRow(scenario: string, result: FloodResult, delivered: number, ceiling: FloodResult): BenchRow {
  const perSecond = result.accepted / result.elapsed;
  return {
    scenario: Object.keys(result.codes ?? {}).length
      ? `${scenario} (refused: ${JSON.stringify(result.codes)})`
      : scenario,
    'accepted bids/s': round(perSecond),
    'deliveries/s': Number.isNaN(delivered) ? '' : round(delivered / result.elapsed),
    'bare Socket.IO deliveries/s': '',
    ratio: `${round((100 * perSecond) / (ceiling.accepted / ceiling.elapsed))} %`,
    'p50 ms': round(result.p50, 1),
    'p99 ms': round(result.p99, 1),
    'bare p50 ms': round(ceiling.p50, 1),
    'bare p99 ms': round(ceiling.p99, 1),
    'bid ack p50/p99 ms': '',
  };
}

type Auction = { auctionId: string; suppliers: Socket[]; tokens: string[] };

/** A running auction of 20 verified suppliers; their access tokens, and their sockets when `connect`. */
async function auctionWithSuppliers(
  app: NestExpressApplication,
  url: string,
  sockets: Socket[],
  { connect: connected }: { connect: boolean },
): Promise<Auction> {
  const auctionId = randomUUID();
  const participants = Array.from({ length: SUPPLIERS }, (_, i) => ({
    bidderId: `supplier-${i + 1}`,
    name: `Proveedora ${i + 1}`,
    openingPrice: OPENING_PRICE,
  }));
  await registerVerified(
    app.get<EventStore>(EVENT_STORE),
    participants.map((p) => p.bidderId),
  );
  const startsAt = new Date(Date.now() + 500).toISOString();
  await app.get(AuctionService).scheduleAuction(
    {
      auctionId,
      tenderId: 'bench',
      lotId: 'lot-1',
      currency: 'MXN',
      startsAt,
      durationSeconds: 3600,
      minimumDecrement: { kind: 'absolute', amount: 1 },
      antiSniping: null,
      abnormallyLowFloor: null,
      participants,
    },
    { actor: 'bench' },
  );
  const issuer = app.get(TokenService);
  const accounts = participants.map((p) => ({
    accountId: randomUUID(),
    email: `${p.bidderId}.${randomUUID()}@bench.mx`,
    role: 'supplier',
    supplierId: p.bidderId,
    buyingUnitId: null,
    passwordHash: 'bench-no-login',
    mustChangePassword: false,
  }));
  await createAccounts(app.get<EventStore>(EVENT_STORE), accounts);
  const tokens = accounts.map(
    (account) =>
      issuer.issue(
        { ...account, status: 'active', sessionVersion: 0 } as Parameters<TokenService['issue']>[0],
        new Date(),
      ).accessToken,
  );
  const suppliers = connected ? await Promise.all(tokens.map((token) => connect(url, token, sockets))) : [];
  await new Promise((running) => setTimeout(running, Date.parse(startsAt) - Date.now() + 20));
  return { auctionId, suppliers, tokens };
}

/** Only verified suppliers may bid: written as the register's own events (a repeat is a no-op). */
async function registerVerified(store: EventStore, supplierIds: string[]): Promise<void> {
  const metadata = { actor: 'bench', correlationId: randomUUID(), occurredAt: new Date().toISOString() };
  for (const supplierId of supplierIds) {
    const events = [
      {
        id: randomUUID(),
        type: 'SupplierRegistered',
        data: { supplierId, ...aSupplierData({ legalName: supplierId }) },
        metadata,
      },
      { id: randomUUID(), type: 'SupplierVerified', data: { supplierId }, metadata },
    ] as EventToAppend[];
    await store
      .appendToStream(supplierStream(supplierId), events, { expectedRevision: 'no_stream' })
      .catch(() => undefined);
  }
}

/** Each socket message checks its session against the account stream: the accounts exist, as the register's events. */
async function createAccounts(store: EventStore, accounts: Array<{ accountId: string }>): Promise<void> {
  const metadata = { actor: 'bench', correlationId: randomUUID(), occurredAt: new Date().toISOString() };
  for (const data of accounts) {
    const events = [{ id: randomUUID(), type: 'AccountCreated', data, metadata }] as EventToAppend[];
    await store.appendToStream(accountStream(data.accountId), events, { expectedRevision: 'no_stream' });
  }
}

async function connect(url: string, token: string | undefined, sockets: Socket[]): Promise<Socket> {
  const socket = io(`${url}/auctions`, {
    transports: ['websocket'],
    reconnection: false,
    auth: token ? { token } : {},
  });
  sockets.push(socket);
  await new Promise<void>((done, fail) => {
    socket.once('connect', () => done());
    socket.once('connect_error', fail);
  });
  return socket;
}

type Audience = { sockets: Socket[]; latencies: number[]; received: number; last: number; messages: AuctionMessage[] };

async function watch(url: string, auctionId: string, count: number, sockets: Socket[]): Promise<Audience> {
  const audience: Audience = { sockets: [], latencies: [], received: 0, last: 0, messages: [] };
  for (let i = 0; i < count; i += 100) {
    audience.sockets.push(
      ...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => connect(url, undefined, sockets)))),
    );
  }
  audience.sockets.forEach((socket, index) =>
    socket.on('bid.accepted', (message: AuctionMessage & { data: { placedAt: string } }) => {
      const now = Date.now();
      audience.received++;
      audience.last = now;
      audience.latencies.push(now - Date.parse(message.data.placedAt));
      if (index === 0) audience.messages.push(message);
    }),
  );
  await Promise.all(
    audience.sockets.map((socket) => socket.timeout(30_000).emitWithAck('auction.join', { auctionId })),
  );
  return audience;
}

/** The suppliers in a child process (auction-bidders.child.ts), each keeping `window` bids in flight. */
async function forkedFlood(
  url: string,
  tokens: string[],
  { auctionId, seconds, window }: { auctionId: string; seconds: number; window: number },
): Promise<FloodResult> {
  const child = fork(join(__dirname, 'auction-bidders.child.js'), [], { stdio: 'inherit' });
  const connected = nextMessage<{ type: string; error?: string }>(child, ['connected', 'failed']);
  child.send({ type: 'connect', url, tokens });
  const reply = await connected;
  if (reply.type === 'failed') throw new Error(`bidders could not connect: ${reply.error}`);
  const report = nextMessage<FloodResult>(child, ['report']);
  child.send({ type: 'flood', auctionId, openingPrice: OPENING_PRICE, seconds, window });
  return report;
}

function nextMessage<T>(child: ChildProcess, types: string[]): Promise<T> {
  return new Promise<T>((answer) => {
    const listener = (message: { type: string }) => {
      if (!types.includes(message.type)) return;
      child.off('message', listener);
      answer(message as T);
    };
    child.on('message', listener);
  });
}

/**
 * The ceiling of the sockets: a bare Socket.IO server (namespace /auctions) that acks every bid at once and
 * broadcasts it to two watchers, driven by the same forked clients.
 */
async function bareAcks(
  suppliers: number,
  { seconds, window }: { seconds: number; window: number },
): Promise<FloodResult & { delivered: number }> {
  const http: HttpServer = createServer();
  const server = new Server(http);
  const namespace = server.of('/auctions');
  let sequence = 0;
  namespace.on('connection', (socket) => {
    socket.on('auction.join', (_body: unknown, ack: (reply: unknown) => void) => {
      void socket.join('room');
      ack({ status: 'joined' });
    });
    socket.on(
      'bid.place',
      (body: { auctionId: string; amount: number; clientBidId: string }, ack: (reply: unknown) => void) => {
        const placedAt = new Date().toISOString();
        sequence++;
        namespace.to('room').emit('bid.accepted', {
          event: 'bid.accepted',
          auctionId: body.auctionId,
          sequence,
          data: {
            auctionId: body.auctionId,
            sequence,
            label: 'Participant 1',
            amount: body.amount,
            placedAt,
            abnormallyLow: false,
          },
        });
        ack({
          status: 'accepted',
          auctionId: body.auctionId,
          clientBidId: body.clientBidId,
          sequence,
          amount: body.amount,
          placedAt,
          abnormallyLow: false,
        });
      },
    );
  });
  await new Promise<void>((listening) => http.listen(0, '127.0.0.1', listening));
  try {
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/auctions`;
    const viewers = await forkAudience({ url, count: 2, auctionId: 'bare' });
    const result = await forkedFlood(
      url,
      Array.from({ length: suppliers }, () => ''),
      { auctionId: 'bare', seconds, window },
    );
    const delivered = (await viewers.report(result.accepted * 2)).received;
    return { ...result, delivered };
  } finally {
    void server.close();
  }
}

/** The same load on the service directly (actor, event store), without sockets: what they allow on this machine. */
async function inProcess(
  app: NestExpressApplication,
  auctionId: string,
  seconds: number,
  window: number,
): Promise<FloodResult> {
  const service = app.get(AuctionService);
  const { codes: _refusals, ...result } = await floodBids(
    SUPPLIERS,
    { openingPrice: OPENING_PRICE, seconds, window },
    (bidder, amount) => service.placeBid(auctionId, `supplier-${bidder + 1}`, amount, randomUUID(), { actor: 'bench' }),
  );
  return result;
}

/** Bids at `rate` per second (suppliers in turn) for `seconds`; then asks the watchers what they received. */
async function paced(
  auction: Auction,
  audience: ForkedAudience,
  recorder: Audience,
  seconds: number,
  rate: number,
  watchers: number,
) {
  const bids = Math.round(seconds * rate);
  const started = Date.now();
  let price = OPENING_PRICE;
  const refused: string[] = [];
  const acks: number[] = [];
  for (let sent = 0; sent < bids;) {
    const due = Math.min(bids, Math.floor(((Date.now() - started) / 1000) * rate) + 1);
    for (; sent < due; sent++) {
      price -= 1;
      const at = performance.now();
      void auction.suppliers[sent % auction.suppliers.length]
        .emitWithAck('bid.place', { auctionId: auction.auctionId, amount: price, clientBidId: randomUUID() })
        .then((ack: { status: string; code?: string }) => {
          acks.push(performance.now() - at);
          if (ack.status !== 'accepted') refused.push(ack.code ?? ack.status);
        });
    }
    await new Promise((next) => setTimeout(next, 2));
  }
  await until(() => recorder.received >= bids, 30_000);
  const result = await audience.report(bids * watchers);
  return {
    bidsPerSecond: bids / seconds,
    deliveriesPerSecond: result.received / ((result.last - started) / 1000),
    p50: result.p50,
    p99: result.p99,
    complete: result.received >= bids * watchers,
    received: result.received,
    expected: bids * watchers,
    refused,
    acks: acks.sort((a, b) => a - b),
  };
}

type ForkedAudience = {
  report(expected: number): Promise<{ received: number; last: number; p50: number; p99: number }>;
};

/** `count` watchers in a child process (auction-watchers.child.ts), connected (and joined) when this resolves. */
async function forkAudience(setup: { url: string; count: number; auctionId?: string }): Promise<ForkedAudience> {
  const child = fork(join(__dirname, 'auction-watchers.child.js'), [], { stdio: 'inherit' });
  const next = <T>(type: string) =>
    new Promise<T>((answer) =>
      child.on('message', (message: { type: string }) => message.type === type && answer(message as T)),
    );
  const ready = next('ready');
  child.send({ type: 'watch', ...setup });
  await ready;
  return {
    report: (expected) => {
      const answer = next<{ received: number; last: number; p50: number; p99: number }>('report');
      child.send({ type: 'report', expected });
      return answer;
    },
  };
}

/** The same messages, at the pace they were placed, broadcast to a room by a bare Socket.IO server to forked clients. */
async function bareBroadcast(
  count: number,
  messages: AuctionMessage[],
): Promise<{ deliveriesPerSecond: number; p50: number; p99: number }> {
  const http: HttpServer = createServer();
  const server = new Server(http);
  server.on('connection', (socket) => void socket.join('room'));
  await new Promise<void>((listening) => http.listen(0, '127.0.0.1', listening));
  try {
    const audience = await forkAudience({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, count });
    const placedAt = (message: AuctionMessage) => Date.parse((message.data as { placedAt: string }).placedAt);
    const started = Date.now();
    for (const message of messages) {
      const wait = placedAt(message) - placedAt(messages[0]) - (Date.now() - started);
      if (wait > 0) await new Promise((next) => setTimeout(next, wait));
      server.to('room').emit('bid.accepted', { ...message, sentAt: Date.now() });
    }
    const result = await audience.report(messages.length * count);
    return {
      deliveriesPerSecond: result.received / ((result.last - started) / 1000),
      p50: result.p50,
      p99: result.p99,
    };
  } finally {
    void server.close();
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((next) => setTimeout(next, 10));
}
