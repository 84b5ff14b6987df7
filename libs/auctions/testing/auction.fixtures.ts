/** Test helpers for the auction write side on a real event store. */
import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '@licita/event-store';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { ManualClock } from '@licita/shared';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import type { BidAck } from '../application/auction-actor';
import { AuctionService, type AuctionServiceOptions } from '../application/auction.service';
import type { ParticipantEntry } from '../domain/auction.commands';
import { auctionStream, isAuctionEvent } from '../domain/auction.events';
import { auctionResultOf, type LotAuctionResult } from '../application/auction-results';
import { scheduleAuction, time } from '../domain/auction.scenarios';

export const OPENING_PRICE = 1_000_000_00;
export const STEP = 1_00;

/** `count` suppliers, all opening at 1,000,000.00, in submission order. */
export const manyParticipants = (count: number): ParticipantEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    bidderId: `supplier-${i + 1}`,
    name: `Proveedora ${i + 1}, S.A. de C.V.`,
    openingPrice: OPENING_PRICE,
  }));

/** One "API instance": its own connection pool, service and clock, on the shared database. */
export class Instance {
  readonly service: AuctionService;

  private constructor(
    readonly store: EventStore,
    readonly clock: ManualClock,
    options: AuctionServiceOptions,
  ) {
    this.service = new AuctionService(store, clock, options);
  }

  /**
   * `clock`: share one to make several instances see the same time. `wrap`: put a decorator around the store.
   * `poolSize`: the store's connections (default 20).
   */
  static async start(
    url: string,
    setup: {
      clock?: ManualClock;
      options?: AuctionServiceOptions;
      wrap?: (store: EventStore) => EventStore;
      poolSize?: number;
    } = {},
  ): Promise<Instance> {
    const store = await PostgresEventStore.create({ connectionString: url, poolSize: setup.poolSize });
    return new Instance(
      setup.wrap ? setup.wrap(store) : store,
      setup.clock ?? new ManualClock(time('15:00')),
      setup.options ?? {},
    );
  }

  /** Schedules a fresh auction 16:00–16:10 (anti-sniping 60 s → +120 s, up to 16:20) and moves the clock to `at`. */
  async runningAuction(participants = manyParticipants(3), at = time('16:01')): Promise<string> {
    const auctionId = randomUUID();
    this.clock.set(time('15:00'));
    const command = scheduleAuction({
      auctionId,
      participants,
      minimumDecrement: { kind: 'absolute', amount: STEP },
      abnormallyLowFloor: null,
    });
    await this.service.scheduleAuction(command, { actor: 'account-buyer' });
    this.clock.set(at);
    return auctionId;
  }

  async stop(): Promise<void> {
    await this.service.close();
    await this.store.close();
  }
}

/**
 * A fresh database and one instance on it for the spec file (set up before all its tests, dropped after):
 * read `world.instance` inside the tests.
 */
export function useInstance(name: string): {
  readonly instance: Instance;
  readonly database: TestDatabase;
} {
  const world = {} as { instance: Instance; database: TestDatabase };
  beforeAll(async () => {
    world.database = await createTestDatabase(name);
    world.instance = await Instance.start(world.database.url);
  });
  afterAll(async () => {
    await world.instance.stop();
    await world.database.drop();
  });
  return world;
}

/**
 * `bidders` clients bidding concurrently into one auction: each waits for its acknowledgement before its next,
 * lower bid, and alternates between the two instances. Returns every acknowledgement.
 */
export async function concurrentBurst(
  [one, other]: [Instance, Instance],
  auctionId: string,
  bidders: number,
  bidsEach: number,
): Promise<BidAck[]> {
  const client = async (n: number) => {
    const acks: BidAck[] = [];
    for (let k = 1; k <= bidsEach; k++) {
      const via = (n + k) % 2 === 0 ? one : other;
      acks.push(await via.service.placeBid(auctionId, `supplier-${n}`, OPENING_PRICE - k * STEP, `s${n}-k${k}`));
    }
    return acks;
  };
  return (await Promise.all(Array.from({ length: bidders }, (_, i) => client(i + 1)))).flat();
}

export const streamOf = (store: EventStore, auctionId: string): Promise<RecordedEvent[]> =>
  store.readStream(auctionStream(auctionId));

/** An event store that counts appends, to see that bids share transactions. */
export class CountingStore implements EventStore {
  appends = 0;
  constructor(private readonly inner: EventStore) {}
  appendToStream(...args: Parameters<EventStore['appendToStream']>) {
    this.appends++;
    return this.inner.appendToStream(...args);
  }
  readStream(...args: Parameters<EventStore['readStream']>) {
    return this.inner.readStream(...args);
  }
  readAll(...args: Parameters<EventStore['readAll']>) {
    return this.inner.readAll(...args);
  }
  subscribeToAll(...args: Parameters<EventStore['subscribeToAll']>) {
    return this.inner.subscribeToAll(...args);
  }
  headPosition() {
    return this.inner.headPosition();
  }
  ping() {
    return this.inner.ping();
  }
  close() {
    return this.inner.close();
  }
}

/** A real store whose next appends fail after (`commitThenFail`) or instead of (`failBefore`) committing. */
export class FaultyStore extends CountingStore {
  failures: Array<'commitThenFail' | 'failBefore'> = [];
  constructor(
    inner: EventStore,
    private readonly error: () => Error,
  ) {
    super(inner);
  }
  override async appendToStream(...args: Parameters<EventStore['appendToStream']>) {
    const failure = this.failures.shift();
    if (failure === 'failBefore') throw this.error();
    const result = await super.appendToStream(...args);
    if (failure === 'commitThenFail') throw this.error();
    return result;
  }
}

const PAGE = 1_000;

/**
 * The results of every closed auction of a tender, the latest per lot, found by scanning the log's
 * `AuctionClosed` events: for tests that check what the award would take (the award itself asks
 * `AuctionResultsOfTender`, which reads each lot's own stream and never the log).
 */
export async function closedAuctionsOfTender(store: EventStore, tenderId: string): Promise<LotAuctionResult[]> {
  const byLot = new Map<string, LotAuctionResult>();
  let position = 0n;
  for (;;) {
    const page = await store.readAll({
      fromPosition: position,
      maxCount: PAGE,
      filter: { streamPrefixes: ['auction-'], eventTypePrefixes: ['AuctionClosed'] },
    });
    for (const recorded of page) {
      if (isAuctionEvent(recorded) && recorded.type === 'AuctionClosed' && recorded.data.tenderId === tenderId)
        byLot.set(recorded.data.lotId, auctionResultOf(recorded.data));
    }
    if (page.length < PAGE) break;
    position = page[page.length - 1].globalPosition;
  }
  return [...byLot.values()];
}
