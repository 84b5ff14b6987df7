import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { AuctionService } from '@licita/auctions/application/auction.service';
import type { AuctionMessage } from '@licita/auctions/application/auction.messages';
import { TokenService } from '@licita/identity/application/token-service';
import { loadConfig } from '@licita/platform/config';
import { createLogger, PinoLoggerService } from '@licita/platform/logger';
import { createHttpApp } from '../apps/api/http-app';
import { benchDatabase, percentile, round, type Benchmark, type BenchRow } from './harness';

const OPENING_PRICE = 1_000_000_000_00;
const SUPPLIERS = 20;

/**
 * The live auction through the real API (Socket.IO gateway, actor, PostgreSQL event store with fsync, the
 * event-store subscription that drives broadcasts), with socket.io-client connections in the same process:
 *  1. bid path: 20 suppliers bidding as fast as their acks allow (a window of in-flight bids each);
 *  2. fan-out: N watchers, bids at 20/s and at `--flood-rate`, bid → watcher delivery latency (placedAt →
 *     receipt), and deliveries/s against a bare Socket.IO server broadcasting the same messages at the same
 *     pace to the same number of clients, in the same run.
 * The watchers run in a child process (the suppliers in this one); both share this machine's two cores.
 */
export const auctionLiveBenchmark: Benchmark = {
  name: 'auction-live',
  description: 'live auction over Socket.IO: accepted bids/s and ack latency, bid → watcher latency, deliveries/s vs bare Socket.IO',
  async run(args) {
    const flag = (name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
    const seconds = flag('seconds', 5);
    const watchers = flag('watchers', 1000);
    const window = flag('window', 4);
    const floodRate = flag('flood-rate', 100);
    const database = await benchDatabase();
    const config = loadConfig({ DATABASE_URL: database.url, JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256', LICITA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '20' }, []);
    const app = await createHttpApp({ config, databaseUrl: database.url, logger: new PinoLoggerService(createLogger('silent')) });
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const sockets: Socket[] = [];
    const rows: BenchRow[] = [];
    try {
      const bidding = await auctionWithSuppliers(app, url, sockets);
      rows.push(await bidPath(bidding, seconds, window, await watch(url, bidding.auctionId, 2, sockets)));

      for (const rate of [20, floodRate]) {
        const auction = await auctionWithSuppliers(app, url, sockets);
        const recorder = await watch(url, auction.auctionId, 1, sockets);
        const audience = await forkAudience({ url: `${url}/auctions`, count: watchers, auctionId: auction.auctionId });
        const gateway = await paced(auction, audience, recorder, seconds, rate, watchers);
        const bare = await bareBroadcast(watchers, recorder.messages);
        rows.push({
          scenario: `fan-out, ${watchers} watchers at ${rate} bids/s${gateway.complete ? '' : ' (INCOMPLETE)'}`,
          'accepted bids/s': round(gateway.bidsPerSecond),
          'deliveries/s': round(gateway.deliveriesPerSecond),
          'bare Socket.IO deliveries/s': round(bare.deliveriesPerSecond),
          ratio: `${round((100 * gateway.deliveriesPerSecond) / bare.deliveriesPerSecond)} %`,
          'p50 ms': round(gateway.p50, 1),
          'p99 ms': round(gateway.p99, 1),
          'bare p50 ms': round(bare.p50, 1),
          'bare p99 ms': round(bare.p99, 1),
        });
      }
    } finally {
      for (const socket of sockets) socket.close();
      await app.close();
      await database.dispose();
    }
    return { name: 'auction-live', description: this.description, rows, notes: ['p50/p99: acknowledgement latency (bid path) or placedAt → receipt by a watcher (fan-out rows); bare: emit → receipt.'] };
  },
};

type Auction = { auctionId: string; suppliers: Socket[] };

async function auctionWithSuppliers(app: NestExpressApplication, url: string, sockets: Socket[]): Promise<Auction> {
  const auctionId = randomUUID();
  const participants = Array.from({ length: SUPPLIERS }, (_, i) => ({ bidderId: `supplier-${i + 1}`, name: `Proveedora ${i + 1}`, openingPrice: OPENING_PRICE }));
  const startsAt = new Date(Date.now() + 500).toISOString();
  await app.get(AuctionService).scheduleAuction(
    { auctionId, tenderId: 'bench', lotId: 'lot-1', currency: 'MXN', startsAt, durationSeconds: 3600, minimumDecrement: { kind: 'absolute', amount: 1 }, antiSniping: null, abnormallyLowFloor: null, participants },
    { actor: 'bench' },
  );
  const tokens = app.get(TokenService);
  const suppliers = await Promise.all(
    participants.map((p) => {
      const account = { accountId: randomUUID(), email: `${p.bidderId}@bench.mx`, role: 'supplier', supplierId: p.bidderId, status: 'active', sessionVersion: 1 };
      return connect(url, tokens.issue(account as Parameters<TokenService['issue']>[0], new Date()).accessToken, sockets);
    }),
  );
  await new Promise((running) => setTimeout(running, Date.parse(startsAt) - Date.now() + 20));
  return { auctionId, suppliers };
}

async function connect(url: string, token: string | undefined, sockets: Socket[]): Promise<Socket> {
  const socket = io(`${url}/auctions`, { transports: ['websocket'], reconnection: false, auth: token ? { token } : {} });
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
    audience.sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => connect(url, undefined, sockets)))));
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
  await Promise.all(audience.sockets.map((socket) => socket.timeout(30_000).emitWithAck('auction.join', { auctionId })));
  return audience;
}

/** Each supplier keeps `window` bids in flight, one step lower each; returns accepted/s and ack latencies. */
async function flood(auction: Auction, seconds: number, window: number): Promise<{ accepted: number; elapsed: number; latencies: number[] }> {
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  const latencies: number[] = [];
  let accepted = 0;
  await Promise.all(
    auction.suppliers.map(async (socket) => {
      let price = OPENING_PRICE;
      await Promise.all(
        Array.from({ length: window }, async () => {
          while (Date.now() < deadline) {
            price -= 1;
            const sent = performance.now();
            const ack = await socket.timeout(30_000).emitWithAck('bid.place', { auctionId: auction.auctionId, amount: price, clientBidId: randomUUID() });
            latencies.push(performance.now() - sent);
            if (ack.status === 'accepted') accepted++;
          }
        }),
      );
    }),
  );
  return { accepted, elapsed: (Date.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

async function bidPath(auction: Auction, seconds: number, window: number, audience: Audience): Promise<BenchRow> {
  const result = await flood(auction, seconds, window);
  return {
    scenario: `bid path, ${SUPPLIERS} suppliers × ${window} in flight, 2 watchers`,
    'accepted bids/s': round(result.accepted / result.elapsed),
    'deliveries/s': round(audience.received / result.elapsed),
    'bare Socket.IO deliveries/s': '',
    ratio: '',
    'p50 ms': round(percentile(result.latencies, 50), 1),
    'p99 ms': round(percentile(result.latencies, 99), 1),
    'bare p50 ms': '',
    'bare p99 ms': '',
  };
}

/** Bids at `rate` per second (suppliers in turn) for `seconds`; then asks the watchers what they received. */
async function paced(auction: Auction, audience: ForkedAudience, recorder: Audience, seconds: number, rate: number, watchers: number) {
  const bids = Math.round(seconds * rate);
  const started = Date.now();
  let price = OPENING_PRICE;
  for (let sent = 0; sent < bids; ) {
    const due = Math.min(bids, Math.floor(((Date.now() - started) / 1000) * rate) + 1);
    for (; sent < due; sent++) {
      price -= 1;
      void auction.suppliers[sent % auction.suppliers.length].emitWithAck('bid.place', { auctionId: auction.auctionId, amount: price, clientBidId: randomUUID() });
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
  };
}

type ForkedAudience = { report(expected: number): Promise<{ received: number; last: number; p50: number; p99: number }> };

/** `count` watchers in a child process (auction-watchers.child.ts), connected (and joined) when this resolves. */
async function forkAudience(setup: { url: string; count: number; auctionId?: string }): Promise<ForkedAudience> {
  const child = fork(join(__dirname, 'auction-watchers.child.js'), [], { stdio: 'inherit' });
  const next = <T>(type: string) => new Promise<T>((answer) => child.on('message', (message: { type: string }) => message.type === type && answer(message as T)));
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
async function bareBroadcast(count: number, messages: AuctionMessage[]): Promise<{ deliveriesPerSecond: number; p50: number; p99: number }> {
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
    return { deliveriesPerSecond: result.received / ((result.last - started) / 1000), p50: result.p50, p99: result.p99 };
  } finally {
    server.close();
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((next) => setTimeout(next, 10));
}
