import { randomBytes } from 'node:crypto';
import type { EventStore } from '@licita/event-store';
import { invalid, notFound, systemClock, type Clock } from '@licita/shared';
import type { ScheduleAuction } from '../domain/auction.commands';
import { auctionStream, type AuctionClosed, type AuctionScheduled } from '../domain/auction.events';
import { auctionSnapshot, type AuctionSnapshot, type AuctionViewer } from '../domain/auction.snapshot';
import {
  AuctionActor,
  type AppendedEvent,
  type AuctionActorOptions,
  type BidAck,
  type RequestMeta,
} from './auction-actor';
import type { WriterLocks } from './auction-writer-lock';
import { toAuctionMessage, type AuctionMessage } from './auction.messages';

/** Told of the events an actor of this process appended, as soon as they committed. */
export type AppendedListener = (auctionId: string, events: AppendedEvent[]) => void;

export interface AuctionServiceOptions extends Omit<AuctionActorOptions, 'writerLock' | 'onAppended'> {
  /** Turns between API instances writing the same auction (`postgresWriterLocks`); strongly advised with several. */
  writerLocks?: WriterLocks;
  /**
   * Whether a supplier may take part at `now` (verified, not sanctioned): a sanctioned or suspended supplier
   * cannot bid. The answer is kept per bidder for `eligibilityTtlMs` so the hot bid path does not read the
   * supplier register on every bid.
   */
  eligibility?: (bidderId: string, now: Date) => Promise<boolean>;
  /** Default 1,000 ms: how late a sanction imposed during a running auction can take effect. */
  eligibilityTtlMs?: number;
  /** How long the actor of a closed auction stays after its last request (default 30 s; 0: at once). */
  retireAfterMs?: number;
}

/**
 * What the API (Socket.IO gateway, REST mirrors, the closing scheduler) calls. One `AuctionActor` per
 * auction in this process, created on first use; every write of an auction goes through it.
 */
export class AuctionService {
  private readonly actors = new Map<string, AuctionActor>();
  /** The pending retirement of each closed auction's actor. */
  private readonly retirements = new Map<string, NodeJS.Timeout>();
  private readonly eligibility = new Map<string, { eligible: Promise<boolean>; until: number }>();
  private readonly appendedListeners = new Set<AppendedListener>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock = systemClock,
    private readonly options: AuctionServiceOptions = {},
  ) {}

  /** Draws the auction's secret label seed here, at the edge, unless the caller brings one (tests). */
  async scheduleAuction(
    command: Omit<ScheduleAuction, 'type' | 'labelSeed'> & { labelSeed?: string },
    meta: RequestMeta = {},
  ): Promise<AuctionScheduled> {
    const labelSeed = command.labelSeed ?? randomBytes(16).toString('hex');
    const [scheduled] = await this.withActor(command.auctionId, (actor) =>
      actor.execute({ type: 'ScheduleAuction', ...command, labelSeed }, meta),
    );
    return scheduled as AuctionScheduled;
  }

  /**
   * Resolves with `accepted` (with its sequence) once the bid is durable, or `rejected` with a reason code.
   * Throws only when the event store fails (`EventStoreUnavailable`…): the outcome is then unknown, and the
   * client retries with the same clientBidId to learn it.
   */
  async placeBid(
    auctionId: string,
    bidderId: string,
    amount: number,
    clientBidId: string,
    meta: RequestMeta = {},
    admission?: Promise<unknown>,
  ): Promise<BidAck> {
    if (!(await this.isEligible(bidderId))) {
      return {
        status: 'rejected',
        auctionId,
        clientBidId,
        code: 'supplier.not_eligible',
        message: 'the supplier is sanctioned, suspended or not verified and cannot bid',
      };
    }
    return this.withActor(auctionId, (actor) =>
      actor.placeBid({ bidderId, amount, clientBidId, ...meta, actor: meta.actor ?? bidderId }, admission),
    );
  }

  /**
   * The bidder's answer as a shared promise: every bid of a bidder awaits the same (or a later) promise, so
   * bids reach the actor in the order they arrived (two look-ups racing would let a later, lower bid overtake).
   */
  private isEligible(bidderId: string): Promise<boolean> {
    const check = this.options.eligibility;
    if (!check) return Promise.resolve(true);
    const now = this.clock.now();
    const cached = this.eligibility.get(bidderId);
    if (cached && cached.until > now.getTime()) return cached.eligible;
    // A fresh look-up can answer before the one before it (still pending, when the register is slow): the new
    // answer waits for the old one, or a later bid would overtake the bids waiting on the old answer.
    const fresh = check(bidderId, now);
    const eligible = cached ? Promise.allSettled([cached.eligible]).then(() => fresh) : fresh;
    this.eligibility.set(bidderId, { eligible, until: now.getTime() + (this.options.eligibilityTtlMs ?? 1_000) });
    eligible.catch(() => this.eligibility.delete(bidderId));
    return eligible;
  }

  /** Records the close at the end; throws `auction.not_ended` (details.endsAt) or `auction.already_closed`. */
  async closeAuction(auctionId: string, meta: RequestMeta = {}): Promise<AuctionClosed> {
    const [closed] = await this.withActor(auctionId, (actor) =>
      actor.execute({ type: 'CloseAuction', auctionId }, { actor: 'system', reason: 'auction_end', ...meta }),
    );
    return closed as AuctionClosed;
  }

  /** What this viewer may see now, as of the snapshot's `lastSequence` (read from the stream, not cached). */
  async snapshot(auctionId: string, viewer: AuctionViewer): Promise<AuctionSnapshot> {
    const state = await this.withActor(auctionId, (actor) => actor.sync());
    return auctionSnapshot(state, viewer, this.clock.now());
  }

  /** The broadcast messages after `afterSequence`, in order (at most `limit`): what a reconnecting client missed. */
  async bidsAfter(auctionId: string, afterSequence: number, limit = 1_000): Promise<AuctionMessage[]> {
    if (!Number.isSafeInteger(afterSequence) || afterSequence < 0)
      throw invalid('auction.invalid_sequence', 'after is a sequence number (0 or more)');
    const streamId = auctionStream(auctionId);
    const events = await this.store.readStream(streamId, { fromRevision: BigInt(afterSequence) + 1n, maxCount: limit });
    if (events.length === 0 && (await this.store.readStream(streamId, { maxCount: 1 })).length === 0) {
      throw notFound('auction.not_found', `auction ${auctionId} does not exist`);
    }
    return events.map(toAuctionMessage).filter((message): message is AuctionMessage => message !== null);
  }

  /**
   * Hears every append of this process's actors right after it committed (the gateway broadcasts from it
   * without waiting for its subscription). Only this process's writes: others' come through the event store.
   * Returns the unsubscribe function.
   */
  onAppended(listener: AppendedListener): () => void {
    this.appendedListeners.add(listener);
    return () => this.appendedListeners.delete(listener);
  }

  /** How many auctions this process keeps an actor for (open ones, and closed ones not yet retired). */
  get actorCount(): number {
    return this.actors.size;
  }

  /** Releases every auction's writer lock and the locks' connections (on shutdown). */
  async close(): Promise<void> {
    for (const timer of this.retirements.values()) clearTimeout(timer);
    this.retirements.clear();
    await Promise.all([...this.actors.values()].map((actor) => actor.close()));
    await this.options.writerLocks?.end();
  }

  /**
   * Runs `work` on the auction's actor. The actor of an auction that does not exist is not kept; the actor of a
   * closed auction retires after `retireAfterMs` without requests, so a process that runs auctions for months
   * keeps only the open ones (and their writer locks hold a connection only during a turn).
   */
  private withActor<T>(auctionId: string, work: (actor: AuctionActor) => Promise<T>): Promise<T> {
    const actor = this.actor(auctionId);
    clearTimeout(this.retirements.get(auctionId));
    this.retirements.delete(auctionId);
    // Retirement is decided once the actor has answered everything (its `onIdle`), not after each request.
    return work(actor);
  }

  private retireIfDone(auctionId: string, actor: AuctionActor): void {
    if (actor.isIdleAndUnknown) this.retire(auctionId, actor);
    else if (actor.isIdleAndClosed) this.retireLater(auctionId, actor);
  }

  private retireLater(auctionId: string, actor: AuctionActor): void {
    const after = this.options.retireAfterMs ?? 30_000;
    if (after <= 0) return this.retire(auctionId, actor);
    clearTimeout(this.retirements.get(auctionId));
    const timer = setTimeout(() => {
      this.retirements.delete(auctionId);
      if (actor.isIdleAndClosed) this.retire(auctionId, actor);
    }, after);
    this.retirements.set(auctionId, timer.unref());
  }

  private retire(auctionId: string, actor: AuctionActor): void {
    if (this.actors.get(auctionId) !== actor) return;
    this.actors.delete(auctionId);
    void actor.close();
  }

  private actor(auctionId: string): AuctionActor {
    let actor = this.actors.get(auctionId);
    if (!actor) {
      const { writerLocks, ...options } = this.options;
      const onAppended = (events: AppendedEvent[]) => {
        for (const listener of this.appendedListeners) listener(auctionId, events);
      };
      const created: AuctionActor = new AuctionActor(auctionId, this.store, this.clock, {
        ...options,
        writerLock: writerLocks?.(auctionId),
        onAppended,
        onIdle: () => this.retireIfDone(auctionId, created),
      });
      actor = created;
      this.actors.set(auctionId, actor);
    }
    return actor;
  }
}
