import type { EventStore, RecordedEvent, Subscription } from '@licita/event-store/event-store.port';
import { notFound } from '@licita/shared';
import { evolve, initialState, type AuctionState, type ScheduledAuction } from '../domain/auction.decider';
import { auctionStream, type AuctionEvent } from '../domain/auction.events';
import type { AppendedEvent } from './auction-actor';
import { toAuctionMessage, type AuctionMessage } from './auction.messages';

const PAGE = 1_000;

/** What a feed hands on for each new event of its auction, in sequence order, none twice, none skipped. */
export type FeedSink = (feed: AuctionFeed, message: AuctionMessage | null) => void;

/**
 * One auction as this process sees it: its state folded from the log up to `lastSequence`. Kept only while
 * someone connected to this process watches the auction.
 */
export class AuctionFeed {
  /** Deliveries that arrived while the feed was still reading its stream. */
  private early: AppendedEvent[] | null = [];
  private watchers = 0;
  state!: ScheduledAuction;
  readonly ready: Promise<void>;

  constructor(
    readonly auctionId: string,
    private readonly store: EventStore,
    private readonly sink: FeedSink,
  ) {
    this.ready = this.load();
  }

  get lastSequence(): number {
    return this.state.lastSequence;
  }

  get isReady(): boolean {
    return this.early === null;
  }

  /** Counts watchers; returns whether there are none left. */
  watch(delta: 1 | -1): boolean {
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
    this.state = evolve(this.state, eventOf(event)) as ScheduledAuction;
    this.sink(this, toAuctionMessage(event));
  }

  /**
   * Folds the stream, then what the subscription delivered meanwhile. Anything appended after the read began
   * reaches `deliver` after this feed existed, so it is either in the read or among the early deliveries.
   */
  private async load(): Promise<void> {
    let state: AuctionState = initialState();
    for (;;) {
      const page = await this.store.readStream(auctionStream(this.auctionId), {
        fromRevision: BigInt(state.lastSequence + 1),
        maxCount: PAGE,
      });
      for (const recorded of page) state = evolve(state, eventOf(recorded));
      if (page.length < PAGE) break;
    }
    if (state.status === 'unscheduled') throw notFound('auction.not_found', `auction ${this.auctionId} does not exist`);
    this.state = state;
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
export class AuctionFeeds {
  private readonly feeds = new Map<string, AuctionFeed>();
  private subscription?: Subscription;
  private following?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly sink: FeedSink,
    private readonly options: { retryMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

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

  /** The auction's feed, read and up to date with the subscription; one more watcher counted. */
  async watch(auctionId: string): Promise<AuctionFeed> {
    let feed = this.feeds.get(auctionId);
    if (!feed) {
      feed = new AuctionFeed(auctionId, this.store, this.sink);
      this.feeds.set(auctionId, feed);
    }
    feed.watch(1);
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

const eventOf = (recorded: AppendedEvent) => ({ type: recorded.type, data: recorded.data }) as unknown as AuctionEvent;
