import { Client } from 'pg';
import { DomainError, ManualClock } from '@licita/shared';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { time } from '../domain/auction.scenarios';
import type { BidAccepted } from './auction-actor';
import { AuctionClosingScheduler } from './auction-closing.scheduler';
import { postgresWriterLocks } from './auction-writer-lock';
import {
  concurrentBurst,
  Instance,
  manyParticipants,
  OPENING_PRICE,
  STEP,
  streamOf,
} from '../testing/auction.fixtures';

/** Two API instances on one database: separate pools, actors and schedulers; one wall clock. */
let database: TestDatabase;
let clock: ManualClock;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  database = await createTestDatabase('auction_instances');
  clock = new ManualClock(time('15:00'));
  a = await Instance.start(database.url, { clock });
  b = await Instance.start(database.url, { clock });
});

afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  await database.drop();
});

const eventsOf = (auctionId: string) => streamOf(a.store, auctionId);

describe('two instances taking bids for the same auction', () => {
  it('decide a bid again on the other instance’s latest state: a stale accept becomes a refusal', async () => {
    const auctionId = await a.runningAuction();
    await b.service.snapshot(auctionId, { role: 'public' }); // b now holds the state before a's bid
    await a.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - 5 * STEP, 'via-a');

    // Against its stale state b would accept (1 step below the opening price); the append conflicts, b reads a's bid and refuses.
    const ack = await b.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - 6 * STEP + 1, 'via-b');
    expect(ack).toMatchObject({
      status: 'rejected',
      code: 'bid.step_too_small',
      details: { currentPrice: OPENING_PRICE - 5 * STEP },
    });
    expect((await eventsOf(auctionId)).filter((e) => e.type === 'BidPlaced')).toHaveLength(1);
  });

  it('do not refuse on a stale state: a bid after the old end, within an extension recorded by the other, is accepted', async () => {
    const auctionId = await a.runningAuction(manyParticipants(3), time('16:09:30'));
    await b.service.snapshot(auctionId, { role: 'public' }); // b knows the end as 16:10
    await a.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'extends'); // → 16:12

    clock.set(time('16:10:30'));
    expect(await b.service.placeBid(auctionId, 'supplier-2', OPENING_PRICE - STEP, 'in-extension')).toMatchObject({
      status: 'accepted',
      sequence: 3,
    });
  });

  it('keep the log correct under a concurrent burst through both: every acknowledged bid once, in order, nothing else', async () => {
    const bidders = 20;
    const bidsEach = 15;
    const auctionId = await a.runningAuction(manyParticipants(bidders));
    const acks = await concurrentBurst([a, b], auctionId, bidders, bidsEach);

    expect(acks.every((ack) => ack.status === 'accepted')).toBe(true);
    const accepted = (acks as BidAccepted[]).sort((x, y) => x.sequence - y.sequence);
    const stored = (await eventsOf(auctionId)).filter((e) => e.type === 'BidPlaced');
    expect(stored.map((e) => [e.streamRevision, e.data.clientBidId])).toEqual(
      accepted.map((ack) => [BigInt(ack.sequence), ack.clientBidId]),
    );
    expect(accepted.map((ack) => ack.sequence)).toEqual(Array.from({ length: bidders * bidsEach }, (_, i) => i + 1));
  });

  it('close it exactly once however many times both try', async () => {
    const auctionId = await a.runningAuction();
    await a.service.placeBid(auctionId, 'supplier-2', OPENING_PRICE - STEP, 'only-bid');
    clock.set(time('16:10'));

    const attempts = await Promise.allSettled([
      ...Array.from({ length: 5 }, () => a.service.closeAuction(auctionId)),
      ...Array.from({ length: 5 }, () => b.service.closeAuction(auctionId)),
    ]);

    expect(attempts.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = attempts.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    expect(refusals.every((e) => e instanceof DomainError && e.code === 'auction.already_closed')).toBe(true);
    expect((await eventsOf(auctionId)).filter((e) => e.type === 'AuctionClosed')).toHaveLength(1);
  });
});

describe('two instances taking turns with writer locks', () => {
  let lockedA: Instance;
  let lockedB: Instance;
  beforeAll(async () => {
    const options = () => ({
      writerLocks: postgresWriterLocks({ connectionString: database.url, waitMs: 500 }),
      turnMs: 2,
    });
    [lockedA, lockedB] = await Promise.all([
      Instance.start(database.url, { clock, options: options() }),
      Instance.start(database.url, { clock, options: options() }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([lockedA.stop(), lockedB.stop()]);
  });

  it('keep the log correct under a concurrent burst through both', async () => {
    const bidders = 10;
    const bidsEach = 20;
    const auctionId = await lockedA.runningAuction(manyParticipants(bidders));
    const acks = (await concurrentBurst([lockedA, lockedB], auctionId, bidders, bidsEach)) as BidAccepted[];

    expect(acks.every((ack) => ack.status === 'accepted')).toBe(true);
    const stored = (await eventsOf(auctionId)).filter((e) => e.type === 'BidPlaced');
    expect(stored.map((e) => [e.streamRevision, e.data.clientBidId])).toEqual(
      acks.sort((x, y) => x.sequence - y.sequence).map((ack) => [BigInt(ack.sequence), ack.clientBidId]),
    );
  });

  it('refuse bids on an auction that does not exist without holding a lock connection for it', async () => {
    const acks = await Promise.all(
      Array.from({ length: 5 }, (_, i) => lockedA.service.placeBid('made-up-auction', 'supplier-1', 100, `x-${i}`)),
    );

    expect(acks.map((ack) => ack.status === 'rejected' && ack.code)).toEqual(Array(5).fill('auction.not_found'));
    const { rows } = await adminQuery(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'licita-auction-writer:made-up-auction'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('write without the turn when its holder keeps it too long, and stay correct', async () => {
    const auctionId = await lockedA.runningAuction();
    await lockedA.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'a-first');
    // A third process holds the turn and never gives it back.
    const squatterProcess = postgresWriterLocks({ connectionString: database.url });
    const squatter = squatterProcess(auctionId);
    await lockedA.service.close();
    await squatter.acquire();
    try {
      const ack = await lockedB.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP - 1, 'b-after-wait');
      expect(ack).toMatchObject({
        status: 'rejected',
        code: 'bid.step_too_small',
        details: { currentPrice: OPENING_PRICE - STEP },
      });
      expect(await lockedB.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - 2 * STEP, 'b-next')).toMatchObject(
        { status: 'accepted', sequence: 2 },
      );
    } finally {
      await squatterProcess.end();
    }
  });
});

describe('the closing scheduler', () => {
  const schedulers: AuctionClosingScheduler[] = [];
  const schedulerOn = (instance: Instance, maxSleepMs?: number) => {
    const scheduler = new AuctionClosingScheduler(instance.store, instance.service, clock, { maxSleepMs });
    schedulers.push(scheduler);
    return scheduler;
  };
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));
  });

  it('closes, on start-up, an auction whose end passed while no instance ran, with every acknowledged bid', async () => {
    const auctionId = await a.runningAuction();
    const acks = await Promise.all(
      [1, 2, 3].map((n) =>
        a.service.placeBid(auctionId, `supplier-${n}`, OPENING_PRICE - n * STEP, `before-crash-${n}`),
      ),
    );
    clock.set(time('16:30')); // the API was down at 16:10

    const restarted = await Instance.start(database.url, { clock });
    try {
      await schedulerOn(restarted).start();
      const closed = (await eventsOf(auctionId)).filter((e) => e.type === 'AuctionClosed');
      expect(closed).toHaveLength(1);
      expect(closed[0].data).toMatchObject({
        endsAt: time('16:10'),
        closedAt: time('16:30'),
        ranking: acks.map((ack) => expect.objectContaining({ finalPrice: (ack as BidAccepted).amount })).reverse(),
      });
    } finally {
      await restarted.stop();
    }
  });

  it('closes at the end on its timer, after a restart during the auction', async () => {
    const auctionId = await a.runningAuction();
    const ack = await a.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'during');
    const restarted = await Instance.start(database.url, { clock });
    try {
      const scheduler = schedulerOn(restarted, 10); // looks at the (manual) clock every 10 ms
      await scheduler.start();
      expect(scheduler.openAuctions.get(auctionId)).toEqual(new Date(time('16:10')));
      expect((await eventsOf(auctionId)).map((e) => e.type)).not.toContain('AuctionClosed');

      clock.set(time('16:10'));
      const closed = await waitFor(async () => (await eventsOf(auctionId)).find((e) => e.type === 'AuctionClosed'));
      expect(closed.data).toMatchObject({ closedAt: time('16:10'), finalPrice: (ack as BidAccepted).amount });
    } finally {
      await restarted.stop();
    }
  });

  it('follows an extension recorded by another instance and closes at the new end', async () => {
    const auctionId = await a.runningAuction(manyParticipants(3), time('16:09:30'));
    const scheduler = schedulerOn(b);
    await scheduler.start();
    await a.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'extends'); // → 16:12

    clock.set(time('16:10'));
    expect(await scheduler.closeDue()).not.toContain(auctionId);
    expect(scheduler.openAuctions.get(auctionId)).toEqual(new Date(time('16:12')));
    clock.set(time('16:12'));
    expect(await scheduler.closeDue()).toContain(auctionId);
  });

  it('records one close when the schedulers of both instances fire at once', async () => {
    const auctionId = await a.runningAuction();
    const [onA, onB] = [schedulerOn(a), schedulerOn(b)];
    await Promise.all([onA.start(), onB.start()]);

    clock.set(time('16:10'));
    const [closedByA, closedByB] = await Promise.all([onA.closeDue(), onB.closeDue()]);
    expect([...closedByA, ...closedByB].filter((id) => id === auctionId)).toHaveLength(1);
    expect((await eventsOf(auctionId)).filter((e) => e.type === 'AuctionClosed')).toHaveLength(1);
    expect(onA.openAuctions.has(auctionId) || onB.openAuctions.has(auctionId)).toBe(false);
  });
});

async function adminQuery(sql: string): Promise<{ rows: Array<Record<string, unknown>> }> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resume) => setTimeout(resume, 10));
  }
}
