import { Client } from 'pg';
import { ManualClock } from '@licita/shared';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { time } from '../domain/auction.scenarios';
import { postgresWriterLocks } from './auction-writer-lock';
import { Instance, OPENING_PRICE, STEP, streamOf } from '../testing/auction.fixtures';

/**
 * A process that runs auctions for months: what an auction holds (its actor, its writer lock's connection) is
 * given back when it closes, and running auctions share a bounded pool instead of each pinning a connection.
 */
let database: TestDatabase;
let admin: Client;
let instance: Instance;
const clock = new ManualClock(time('15:00'));

beforeAll(async () => {
  database = await createTestDatabase('auction_resources');
  admin = new Client({ connectionString: database.url });
  await admin.connect();
  instance = await Instance.start(database.url, {
    clock,
    poolSize: 10,
    options: {
      writerLocks: postgresWriterLocks({ connectionString: database.url, maxConnections: 10 }),
      retireAfterMs: 0,
      idleTurnMs: 0,
    },
  });
});

afterAll(async () => {
  await instance.stop();
  await admin.end();
  await database.drop();
});

/** Connections to the test database other than the admin's: the store's pool and the writer locks'. */
async function connections(): Promise<{ all: number; writers: number }> {
  const { rows } = await admin.query<{ all: number; writers: number }>(
    `SELECT count(*)::int AS all,
            count(*) FILTER (WHERE application_name LIKE 'licita-auction-writer%')::int AS writers
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return rows[0];
}

/** Waits (a little) for the actors to retire: each does once it has answered its last request. */
async function retired(open = 0): Promise<void> {
  for (let i = 0; i < 100 && instance.service.actorCount > open; i++) await new Promise((tick) => setTimeout(tick, 10));
  expect(instance.service.actorCount).toBe(open);
}

/** `count` auctions scheduled, bid on by three suppliers at once, and closed at their end. */
async function runToClose(count: number): Promise<string[]> {
  const auctionIds: string[] = [];
  for (let i = 0; i < count; i++) auctionIds.push(await instance.runningAuction());
  await Promise.all(
    auctionIds.map((auctionId) =>
      Promise.all(
        [1, 2, 3].map((n) =>
          instance.service.placeBid(auctionId, `supplier-${n}`, OPENING_PRICE - n * STEP, `bid-${n}`),
        ),
      ),
    ),
  );
  clock.set(time('16:25'));
  await Promise.all(auctionIds.map((auctionId) => instance.service.closeAuction(auctionId)));
  return auctionIds;
}

describe('two hundred auctions run to their close in one process (pools of 10)', () => {
  it('keep no actor and no connection per auction, and the next auction is served as the first was', async () => {
    await runToClose(20);
    const warm = await connections();
    await retired();

    const later: string[] = [];
    for (let wave = 0; wave < 9; wave++) later.push(...(await runToClose(20)));

    const after = await connections();
    expect(after.all).toBeLessThanOrEqual(Math.max(warm.all, 20));
    expect(after.writers).toBeLessThanOrEqual(10);
    await retired();
    // Every one of them recorded its three bids and one close.
    const last = await streamOf(instance.store, later[later.length - 1]);
    expect(last.map((event) => event.type)).toEqual([
      'AuctionScheduled',
      'BidPlaced',
      'BidPlaced',
      'BidPlaced',
      'AuctionClosed',
    ]);

    // The 201st auction takes its bid and its turn as the first did.
    const next = await instance.runningAuction();
    expect(await instance.service.placeBid(next, 'supplier-1', OPENING_PRICE - STEP, 'next-1')).toMatchObject({
      status: 'accepted',
      sequence: 1,
    });
    expect(instance.service.actorCount).toBe(1);
  });

  it('retire a closed auction’s actor only after it has been quiet for a while, and serve it again after', async () => {
    const open = instance.service.actorCount; // the 201st auction above is still running
    const [auctionId] = await runToClose(1);
    const quiet = await Instance.start(database.url, { clock, options: { retireAfterMs: 60_000 } });
    try {
      await quiet.service.snapshot(auctionId, { role: 'public' });
      await new Promise((tick) => setTimeout(tick, 100));
      expect(quiet.service.actorCount).toBe(1);
    } finally {
      await quiet.stop();
    }
    expect((await instance.service.snapshot(auctionId, { role: 'public' })).phase).toBe('closed');
    await retired(open);
  });
});
