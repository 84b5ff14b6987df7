import type { EventFilter, EventStore, RecordedEvent, Subscription } from '@licita/event-store';
import { DomainError, type Clock } from '@licita/shared';
import { isAuctionEvent, type AuctionEvent } from '../domain/auction.events';
import type { RequestMeta } from './auction-actor';

/**
 * Who records the close: in the app, `CloseAuction` on the CommandBus (the auctions module wires it); an
 * `AuctionService` will do in tests.
 */
export interface AuctionCloser {
  closeAuction(auctionId: string, meta: RequestMeta): Promise<unknown>;
}

/** Only the events that move an auction's end: scheduled, extended, closed. */
const LIFECYCLE: EventFilter = {
  streamPrefixes: ['auction-'],
  eventTypePrefixes: ['AuctionScheduled', 'AuctionExtended', 'AuctionClosed'],
};
const PAGE = 1_000;

export interface ClosingSchedulerOptions {
  /** The timer never sleeps longer than this, so a wrong or changed clock is noticed (default 60 s). */
  maxSleepMs?: number;
  /** Wait before following the log again, or closing again, after a failure (default 1 s). */
  retryMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Closes every auction at its end, exactly once, across restarts and instances. The schedule is not kept in
 * memory only: on start it is rebuilt from the log (every auction scheduled and not closed, with its end
 * after extensions), closing at once those whose end has passed, then it follows the log for new auctions and
 * extensions from any instance. At the earliest end it dispatches `CloseAuction` (through the `closer`), with a
 * causation id derived from the auction and its end: a process manager fed by the log, not by in-memory events.
 *
 * Every instance runs one. They all try, and exactly one `AuctionClosed` is recorded: the close is decided by
 * the auction's actor and appended with the expected revision, so the others get `auction.already_closed`.
 * Bids after the end are refused by the decider whether or not the close has been recorded yet.
 */
export class AuctionClosingScheduler {
  /** Open auctions by id, with their end in ms. */
  private readonly open = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private subscription?: Subscription;
  private closing?: Promise<string[]>;
  private stopped = false;
  /** The last lifecycle event tracked. */
  private position = 0n;

  constructor(
    private readonly store: EventStore,
    private readonly closer: AuctionCloser,
    private readonly clock: Clock,
    private readonly options: ClosingSchedulerOptions = {},
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.catchUp();
    await this.closeDue();
    void this.follow();
    this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.subscription?.close();
    await this.closing;
  }

  /** Auctions this scheduler knows to be open, with their current end. */
  get openAuctions(): ReadonlyMap<string, Date> {
    return new Map([...this.open].map(([id, end]) => [id, new Date(end)]));
  }

  /** Closes every open auction whose end has passed by the clock; returns the ids it closed. */
  closeDue(): Promise<string[]> {
    this.closing ??= this.closeDueNow().finally(() => {
      this.closing = undefined;
      this.arm();
    });
    return this.closing;
  }

  /**
   * Reads the lifecycle events after the last one seen (a filtered read of the few auction lifecycle events):
   * at start, and before each close, so a close asked for right after a schedule or an extension does not wait
   * for the subscription to bring them.
   */
  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ fromPosition: this.position, maxCount: PAGE, filter: LIFECYCLE });
      for (const event of page) this.seen(event);
      if (page.length < PAGE) return;
    }
  }

  /** Tracks an event once: the subscription and `catchUp` may both bring it. */
  private seen(event: RecordedEvent): void {
    if (event.globalPosition <= this.position) return;
    this.position = event.globalPosition;
    this.track(event);
  }

  private async closeDueNow(): Promise<string[]> {
    await this.catchUp();
    const now = this.clock.now().getTime();
    const due = [...this.open].filter(([, end]) => end <= now).map(([id]) => id);
    const closed: string[] = [];
    for (const auctionId of due) {
      try {
        await this.closer.closeAuction(auctionId, closeMeta(auctionId, this.open.get(auctionId)!));
        this.open.delete(auctionId);
        closed.push(auctionId);
      } catch (error) {
        this.closeRefused(auctionId, error);
      }
    }
    return closed;
  }

  private closeRefused(auctionId: string, error: unknown): void {
    if (!(error instanceof DomainError)) return this.options.onError?.(error); // stays open: tried again at the next wake-up
    if (error.code === 'auction.not_ended') this.open.set(auctionId, Date.parse(String(error.details?.endsAt)));
    else this.open.delete(auctionId); // already closed (by another instance), or gone
  }

  private get retryMs(): number {
    return this.options.retryMs ?? 1_000;
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      this.subscription = this.store.subscribeToAll({ fromPosition: this.position, filter: LIFECYCLE });
      try {
        for await (const event of this.subscription) {
          this.seen(event);
          this.arm();
        }
      } catch (error) {
        this.options.onError?.(error);
      }
      // The subscription ended (failure, or the store closed): follow again from where it was, a little later.
      if (!this.stopped) await new Promise((resume) => setTimeout(resume, this.retryMs).unref());
    }
  }

  private track(recorded: RecordedEvent): void {
    if (!isAuctionEvent(recorded)) return;
    const event: AuctionEvent = recorded;
    if (event.type === 'AuctionScheduled') this.open.set(event.data.auctionId, Date.parse(event.data.endsAt));
    if (event.type === 'AuctionExtended' && this.open.has(event.data.auctionId))
      this.open.set(event.data.auctionId, Date.parse(event.data.endsAt));
    if (event.type === 'AuctionClosed') this.open.delete(event.data.auctionId);
  }

  /** One timer, for the earliest end. */
  private arm(): void {
    clearTimeout(this.timer);
    if (this.stopped || this.closing || this.open.size === 0) return;
    const untilEarliest = Math.min(...this.open.values()) - this.clock.now().getTime();
    // Still open past its end after `closeDue`: that close failed (store unavailable); try again a little later.
    const delay = untilEarliest <= 0 ? this.retryMs : Math.min(untilEarliest, this.options.maxSleepMs ?? 60_000);
    this.timer = setTimeout(() => void this.closeDue(), delay);
    this.timer.unref();
  }
}

/** The close is the platform's, caused by the end the log gave the auction (the same id in every instance). */
const closeMeta = (auctionId: string, endsAt: number): RequestMeta => ({
  actor: 'system',
  reason: 'auction_end',
  causationId: `auction-end|${auctionId}|${new Date(endsAt).toISOString()}`,
});
