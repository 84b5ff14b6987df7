import type { EventStore, RecordedEvent, Subscription } from '@licita/event-store';
import { notFound, systemClock, type Clock } from '@licita/shared';
import { evolve, initialState, type AuctionState, type ScheduledAuction } from '../domain/auction.decider';
import { asAuctionEvent, auctionStream } from '../domain/auction.events';
import { AuctionStandings } from '../domain/auction-standings';
import {
  auctionSnapshot,
  type AuctionSnapshot,
  type AuctionViewer,
  type SupplierPosition,
} from '../domain/auction.snapshot';
import type { AppendedEvent } from './auction-actor';
import { toAuctionMessage, type AuctionMessage } from './auction.messages';

const PAGE = 1_000;

/** What a feed hands on for each new event of its auction, in sequence order, none twice, none skipped. */
export type FeedSink = (feed: AuctionFeed, message: AuctionMessage | null) => void;

export interface AuctionFeedsOptions {
  /** Wait before following the log again after a failure (default 1 s). */
  retryMs?: number;
  onError?: (error: unknown) => void;
  /** The time snapshots are taken at (default the system clock). */
  clock?: Clock;
}

/** What a feed needs from the feeds that keep it. */
interface FeedOwner {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly sink?: FeedSink;
  unwatch(auctionId: string, feed: AuctionFeed): void;
}

/**
 * One auction as this process sees it: its state folded from the log up to `lastSequence`. Kept only while
 * someone connected to this process watches the auction.
 */
export class AuctionFeed {
  /** Deliveries that arrived while the feed was still reading its stream. */
  private early: AppendedEvent[] | null = [];
  private watchers = 0;
  /** Who is told of each new event (one per gateway: the same sink is kept once). */
  private readonly sinks = new Set<FeedSink>();
  state!: ScheduledAuction;
  /** The participants in ranking order, moved bid by bid with `state` (a supplier's position in O(log n)). */
  private standings!: AuctionStandings;
  readonly ready: Promise<void>;

  constructor(
    readonly auctionId: string,
    private readonly owner: FeedOwner,
  ) {
    if (owner.sink) this.sinks.add(owner.sink);
    this.ready = this.load();
  }

  /** The snapshot this viewer gets of the feed's state, now. */
  snapshot(viewer: AuctionViewer): AuctionSnapshot {
    return auctionSnapshot(this.state, viewer, this.owner.clock.now());
  }

  /** A supplier's own position now (what `ownPosition` gives for `state`), counted in O(log n). */
  position(bidderId: string): SupplierPosition | null {
    return this.standings.position(this.state, bidderId);
  }

  /** One watcher less (see `AuctionFeeds.watch`); the last one drops the feed. */
  release(): void {
    this.owner.unwatch(this.auctionId, this);
  }

  get lastSequence(): number {
    return this.state.lastSequence;
  }

  get isReady(): boolean {
    return this.early === null;
  }

  /** Counts watchers (a new one telling `sink`); returns whether there are none left. */
  watch(delta: 1 | -1, sink?: FeedSink): boolean {
    if (sink) this.sinks.add(sink);
    this.watchers += delta;
    return this.watchers <= 0;
  }

  /** An event of this auction from the subscription. Older ones (the initial read or `offer` got them) are ignored. */
  deliver(recorded: AppendedEvent): void {
    if (this.early) {
      this.early.push(recorded);
      return;
    }
    const sequence = Number(recorded.streamRevision);
    if (sequence <= this.lastSequence) return;
    if (sequence !== this.lastSequence + 1)
      throw new Error(
        `auction ${this.auctionId}: event ${sequence} after ${this.lastSequence}, a gap in the subscription`,
      );
    this.apply(recorded);
  }

  /**
   * Events this process's actor just appended (committed), ahead of the subscription, which brings them again
   * later (then ignored). Taken only where they follow on without a gap: events another instance wrote in
   * between have not come through the subscription yet, and then these wait for it too.
   */
  offer(appended: AppendedEvent[]): void {
    if (this.early) return;
    for (const event of appended) {
      const sequence = Number(event.streamRevision);
      if (sequence <= this.lastSequence) continue;
      if (sequence !== this.lastSequence + 1) return;
      this.apply(event);
    }
  }

  private apply(event: AppendedEvent): void {
    const auctionEvent = asAuctionEvent(event);
    this.state = evolve(this.state, auctionEvent) as ScheduledAuction;
    if (auctionEvent.type === 'BidPlaced') {
      const { bidderId, amount, sequence } = auctionEvent.data;
      this.standings.placed(bidderId, amount, sequence);
    }
    const message = toAuctionMessage(event);
    for (const sink of this.sinks) sink(this, message);
  }

  /**
   * Folds the stream, then what the subscription delivered meanwhile. Anything appended after the read began
   * reaches `deliver` after this feed existed, so it is either in the read or among the early deliveries.
   */
  private async load(): Promise<void> {
    let state: AuctionState = initialState();
    for (;;) {
      const page = await this.owner.store.readStream(auctionStream(this.auctionId), {
        fromRevision: BigInt(state.lastSequence + 1),
        maxCount: PAGE,
      });
      for (const recorded of page) state = evolve(state, asAuctionEvent(recorded));
      if (page.length < PAGE) break;
    }
    if (state.status === 'unscheduled') throw notFound('auction.not_found', `auction ${this.auctionId} does not exist`);
    this.state = state;
    this.standings = new AuctionStandings(state.participants);
    const early = this.early ?? [];
    this.early = null;
    for (const recorded of early) this.deliver(recorded);
  }
}

/**
 * Follows the auction streams from the head of the log at start (`subscribeToAll`, streams `auction-`) and
 * keeps a feed for each auction watched in this process. Every process runs its own, so each one tells its
 * own watchers about every event whichever process wrote it; nothing is kept for auctions nobody here watches.
 */
export class AuctionFeeds implements FeedOwner {
  private readonly feeds = new Map<string, AuctionFeed>();
  private subscription?: Subscription;
  private following?: Promise<void>;
  private stopped = false;
  readonly clock: Clock;

  /** `sink`: told of every watched auction's events (more sinks come with `watch`). */
  constructor(
    readonly store: EventStore,
    readonly sink?: FeedSink,
    private readonly options: AuctionFeedsOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async start(): Promise<void> {
    this.stopped = false;
    const head = await this.store.headPosition();
    this.following = this.follow(head);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.following;
    this.feeds.clear();
  }

  /** The auction's feed, read and up to date with the subscription; one more watcher counted, telling `sink`. */
  async watch(auctionId: string, sink?: FeedSink): Promise<AuctionFeed> {
    let feed = this.feeds.get(auctionId);
    if (!feed) {
      feed = new AuctionFeed(auctionId, this);
      this.feeds.set(auctionId, feed);
    }
    feed.watch(1, sink);
    try {
      await feed.ready;
      return feed;
    } catch (error) {
      this.unwatch(auctionId, feed);
      throw error;
    }
  }

  /** One watcher less; the last one drops the feed. */
  unwatch(auctionId: string, feed = this.feeds.get(auctionId)): void {
    if (feed && feed.watch(-1) && this.feeds.get(auctionId) === feed) this.feeds.delete(auctionId);
  }

  /** Events this process appended to an auction, as soon as they committed (see `AuctionFeed.offer`). */
  offer(auctionId: string, events: AppendedEvent[]): void {
    const feed = this.feeds.get(auctionId);
    if (!feed) return;
    try {
      feed.offer(events);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  get watched(): number {
    return this.feeds.size;
  }

  private async follow(from: bigint): Promise<void> {
    let position = from;
    while (!this.stopped) {
      this.subscription = this.store.subscribeToAll({
        fromPosition: position,
        filter: { streamPrefixes: ['auction-'] },
      });
      try {
        for await (const recorded of this.subscription) {
          position = recorded.globalPosition;
          this.route(recorded);
        }
      } catch (error) {
        this.options.onError?.(error);
      }
      if (!this.stopped) await new Promise((resume) => setTimeout(resume, this.options.retryMs ?? 1_000).unref());
    }
  }

  private route(recorded: RecordedEvent): void {
    const auctionId = (recorded.data as { auctionId?: unknown }).auctionId;
    const feed = typeof auctionId === 'string' ? this.feeds.get(auctionId) : undefined;
    if (!feed) return;
    try {
      feed.deliver(recorded);
    } catch (error) {
      // A feed that cannot follow is dropped; its watchers' next join reads it again.
      this.feeds.delete(feed.auctionId);
      this.options.onError?.(error);
    }
  }
}
