import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, EventToAppend, JsonObject, RecordedEvent } from '@licita/event-store';
import { DomainError, type Clock } from '@licita/shared';
import type { CloseAuction, ScheduleAuction } from '../domain/auction.commands';
import { auctionDecider, evolve, type AuctionState } from '../domain/auction.decider';
import { asAuctionEvent, auctionStream, type AuctionEvent, type BidPlaced } from '../domain/auction.events';
import type { WriterLock } from './auction-writer-lock';

/** Who asks, and how the request ties to others; becomes the metadata of the events it causes. */
export interface RequestMeta {
  /** The acting account (`account-…`), or `system`. */
  actor?: string;
  correlationId?: string;
  causationId?: string;
  reason?: string;
}

export interface BidRequest extends RequestMeta {
  bidderId: string;
  amount: number;
  clientBidId: string;
}

export type BidAccepted = {
  status: 'accepted';
  auctionId: string;
  clientBidId: string;
  sequence: number;
  amount: number;
  placedAt: string;
  abnormallyLow: boolean;
};

export type BidRejected = {
  status: 'rejected';
  auctionId: string;
  clientBidId: string;
  /** `auction.not_running`, `auction.not_participant`, `bid.step_too_small`, `bid.not_lower`, `bid.invalid_amount`, … */
  code: string;
  message: string;
  details?: Record<string, unknown>;
};

/** The answer to one bid: `accepted` only once its event is durable in the auction's stream. */
export type BidAck = BidAccepted | BidRejected;

export interface AuctionActorOptions {
  /** At most this many requests are decided and appended in one transaction (default 1000). */
  maxBatch?: number;
  /** How many times a batch is decided again after a concurrent write or a failed append (default 50). */
  maxAttempts?: number;
  /** Rejections remembered, so a repeated clientBidId gets the same answer (default 10,000; accepted bids are all kept). */
  rememberedRejections?: number;
  /** Takes turns with other processes writing this auction; without one, they race (correctly, but slowly). */
  writerLock?: WriterLock;
  /** A busy actor looks this often whether another instance waits for the turn, and hands it over (default 10 ms). */
  turnMs?: number;
  /** An idle actor keeps its turn this long, in case more bids come (default 0: until the next timer tick). */
  idleTurnMs?: number;
  /**
   * Told of every append of this actor as soon as it committed, before the acknowledgements: this process's
   * broadcaster can send the events without waiting for its event-store subscription to read them back.
   */
  onAppended?: (events: AppendedEvent[]) => void;
  /** Told when the actor has answered everything it was asked and waits for more (the service may retire it). */
  onIdle?: () => void;
}

/** An event this actor appended: durable, at `streamRevision` (= its `data.sequence`) of the auction's stream. */
export type AppendedEvent = { type: string; data: JsonObject; streamRevision: bigint };

type Settle<T> = { resolve(value: T): void; reject(error: unknown): void };
type BidJob = { kind: 'bid'; request: BidRequest; receivedAt: Date; admission?: Promise<unknown> } & Settle<BidAck>;
type CommandJob = {
  kind: 'command';
  command: ScheduleAuction | CloseAuction;
  meta: RequestMeta;
  receivedAt: Date;
} & Settle<AuctionEvent[]>;
type SyncJob = { kind: 'sync' } & Settle<AuctionState>;
type Job = BidJob | CommandJob | SyncJob;

/** What one pass over a batch decided, applied only if its append succeeds. */
interface Decision {
  state: AuctionState;
  events: EventToAppend[];
  outcomes: Array<() => void>;
  accepted: Map<string, BidAccepted>;
  rejected: Map<string, BidRejected>;
  /** Something was refused: with nothing appended, that answer still has to be checked against the stream. */
  refused: boolean;
}

/**
 * The single writer of one auction's stream in this process. It keeps the folded state in memory, queues
 * requests, decides everything that arrived together against that state, appends the batch in ONE append
 * with the expected revision, and only then answers each request. A `WrongExpectedVersion` (another
 * process wrote) or any failed append makes it read what it missed from the stream and decide the batch
 * again, so acknowledgements always describe what is in the log:
 * - accepted: the bid's event was appended (or found in the stream for a repeated clientBidId);
 * - rejected: decided against the state at a revision that was the stream's last — when the batch
 *   appended nothing, a read of the stream confirms no event came in meanwhile, else it is decided again.
 */
export class AuctionActor {
  readonly streamId: string;
  private state: AuctionState = auctionDecider.initialState();
  /** Revision of the last event folded into `state`; -1n for a stream not (yet) read or not existing. */
  private revision = -1n;
  /** The state may be behind the stream (never read, or an append failed): read before deciding. */
  private stale = true;
  private readonly acceptedBids = new Map<string, BidAccepted>();
  private readonly rejectedBids = new Map<string, BidRejected>();
  private readonly queue: Job[] = [];
  private draining = false;
  private readonly maxBatch: number;
  private readonly maxAttempts: number;
  private readonly rememberedRejections: number;
  /** When this actor's turn began (performance.now()); undefined when it does not hold the turn. */
  private turnStartedAt?: number;
  private idleTimer?: NodeJS.Timeout;
  /** Another instance waits for the turn: hand it over after the batch in hand. */
  private othersWaiting = false;
  private asking?: Promise<void>;

  constructor(
    readonly auctionId: string,
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly options: AuctionActorOptions = {},
  ) {
    this.streamId = auctionStream(auctionId);
    this.maxBatch = options.maxBatch ?? 1_000;
    this.maxAttempts = options.maxAttempts ?? 50;
    this.rememberedRejections = options.rememberedRejections ?? 10_000;
  }

  private get writerLock(): WriterLock | undefined {
    return this.options.writerLock;
  }

  /**
   * Resolves with the acknowledgement once decided (and, if accepted, durable). Rejects on store failure, and with
   * the refusal of `admission`: a check the caller began when the request arrived (the bidder's session) and that
   * must pass before the bid is decided. The bid takes its place in the queue at once and the check runs while
   * the batches before it are written, instead of before it is queued; a bid whose check fails is never decided
   * nor written, and the bids behind it wait for its answer (the order is kept).
   */
  placeBid(request: BidRequest, admission?: Promise<unknown>): Promise<BidAck> {
    const receivedAt = this.clock.now();
    return this.enqueue<BidAck>((settle) => ({ kind: 'bid', request, receivedAt, admission, ...settle }));
  }

  /** Schedules or closes; resolves with the appended events, rejects with the DomainError of a refusal. */
  execute(command: ScheduleAuction | CloseAuction, meta: RequestMeta = {}): Promise<AuctionEvent[]> {
    const receivedAt = this.clock.now();
    return this.enqueue<AuctionEvent[]>((settle) => ({ kind: 'command', command, meta, receivedAt, ...settle }));
  }

  /** The state after reading whatever the stream holds beyond what this actor knows. */
  sync(): Promise<AuctionState> {
    return this.enqueue<AuctionState>((settle) => ({ kind: 'sync', ...settle }));
  }

  private enqueue<T>(job: (settle: Settle<T>) => Job): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(job({ resolve, reject }));
      if (!this.draining) void this.drain();
    });
  }

  /** Releases the turn; pending requests are still answered. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.turnStartedAt = undefined;
    await this.writerLock?.close();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    clearTimeout(this.idleTimer);
    try {
      while (this.queue.length > 0) {
        const batch = await admitted(this.queue.splice(0, this.maxBatch));
        if (batch.length === 0) continue;
        if (batch.some((job) => job.kind !== 'sync')) await this.takeTurnIfOpen();
        await this.process(batch);
        if (this.turnStartedAt !== undefined) await this.handOverIfAsked();
      }
    } finally {
      this.draining = false;
      if (this.turnStartedAt !== undefined)
        this.idleTimer = setTimeout(() => void (this.draining || this.endTurn()), this.options.idleTurnMs ?? 0).unref();
      if (this.queue.length === 0) this.options.onIdle?.();
    }
  }

  /** An auction nobody scheduled, with nothing pending: the service need not keep its actor. */
  get isIdleAndUnknown(): boolean {
    return this.isIdle && this.state.status === 'unscheduled';
  }

  /** A closed auction with nothing pending: its actor may retire (a later request reads the stream again). */
  get isIdleAndClosed(): boolean {
    return this.isIdle && this.state.status === 'closed';
  }

  private get isIdle(): boolean {
    return !this.draining && this.queue.length === 0;
  }

  /**
   * Waits for this auction's turn. Whatever another instance wrote before it is not read here: the first append
   * states the revision this actor knows, and a conflict makes it read what it missed and decide again (with
   * sticky routing the turn rarely moves, so a read on every turn would mostly find nothing). Only an open
   * auction needs turns (reading needs none, and bids on an unknown or closed one are all refused), so requests
   * for made-up auction ids never hold a lock connection.
   */
  private async takeTurnIfOpen(): Promise<void> {
    if (!this.writerLock || this.turnStartedAt !== undefined) return;
    if (this.revision < 0n) await this.catchUp().catch(() => undefined); // a failure is met again in `process`
    if (this.state.status !== 'open') return;
    this.othersWaiting = false;
    try {
      await this.writerLock.acquire();
      this.turnStartedAt = performance.now();
    } catch {
      // No turn in time (or no lock connection): write anyway; the expected revision keeps it correct.
    }
  }

  /**
   * A long turn goes on unless another instance waits for it. Whether one waits is asked every `turnMs`
   * without holding up the bids: the answer is acted on after a later batch.
   */
  private async handOverIfAsked(): Promise<void> {
    if (this.othersWaiting) return this.endTurn();
    if (this.asking || performance.now() - this.turnStartedAt! < (this.options.turnMs ?? 10)) return;
    this.asking = this.writerLock!.othersWaiting()
      .catch(() => true)
      .then((waiting) => {
        this.asking = undefined;
        if (waiting) this.othersWaiting = true;
        else if (this.turnStartedAt !== undefined) this.turnStartedAt = performance.now();
      });
  }

  private async endTurn(): Promise<void> {
    if (this.turnStartedAt === undefined) return;
    this.turnStartedAt = undefined;
    await this.writerLock?.release();
  }

  private async process(jobs: Job[]): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        if (this.stale || jobs.some((job) => job.kind === 'sync')) await this.catchUp();
      } catch (error) {
        return failAll(jobs, error);
      }
      for (const job of jobs) if (job.kind === 'sync') job.resolve(this.state);
      const decision = this.decide(jobs);
      try {
        if (decision.events.length > 0) {
          const expectedRevision = this.revision < 0n ? 'no_stream' : this.revision;
          const result = await this.store.appendToStream(this.streamId, decision.events, { expectedRevision });
          this.state = decision.state;
          this.revision = result.nextExpectedRevision;
          this.tellAppended(decision.events, result.nextExpectedRevision);
        } else if (decision.refused && (await this.catchUp()) > 0) {
          continue; // someone else wrote meanwhile: the refusals may no longer hold
        }
      } catch (error) {
        lastError = error;
        this.stale = true;
        // Requests that arrived meanwhile join the retry: under contention each append carries more.
        jobs.push(...this.queue.splice(0, Math.max(0, this.maxBatch - jobs.length)));
        continue;
      }
      this.remember(decision);
      for (const outcome of decision.outcomes) outcome();
      return;
    }
    failAll(jobs, lastError);
  }

  private tellAppended(events: EventToAppend[], lastRevision: bigint): void {
    if (!this.options.onAppended) return;
    const first = lastRevision - BigInt(events.length - 1);
    try {
      this.options.onAppended(
        events.map((event, i) => ({ type: event.type, data: event.data, streamRevision: first + BigInt(i) })),
      );
    } catch {
      // A listener's failure is not the bid's: the subscription still delivers the events.
    }
  }

  private decide(jobs: Job[]): Decision {
    const decision: Decision = {
      state: this.state,
      events: [],
      outcomes: [],
      accepted: new Map(),
      rejected: new Map(),
      refused: false,
    };
    for (const job of jobs) {
      if (job.kind === 'bid') this.decideBid(job, decision);
      if (job.kind === 'command') this.decideCommand(job, decision);
    }
    return decision;
  }

  private decideBid(job: BidJob, decision: Decision): void {
    const { bidderId, amount, clientBidId } = job.request;
    const key = bidKey(bidderId, clientBidId);
    const known =
      this.acceptedBids.get(key) ??
      decision.accepted.get(key) ??
      this.rejectedBids.get(key) ??
      decision.rejected.get(key);
    if (known) {
      decision.outcomes.push(() => job.resolve(known));
      return;
    }
    try {
      const events = auctionDecider.decide(
        { type: 'PlaceBid', auctionId: this.auctionId, bidderId, amount, clientBidId },
        decision.state,
        context(job.request, job.receivedAt),
      );
      decision.state = events.reduce(evolve, decision.state);
      decision.events.push(...this.toAppend(events, job.request, job.receivedAt));
      const ack = acceptedAck(events[0] as BidPlaced);
      decision.accepted.set(key, ack);
      decision.outcomes.push(() => job.resolve(ack));
    } catch (error) {
      if (!(error instanceof DomainError)) return void decision.outcomes.push(() => job.reject(error));
      const ack: BidRejected = {
        status: 'rejected',
        auctionId: this.auctionId,
        clientBidId,
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      };
      decision.rejected.set(key, ack);
      decision.refused = true;
      decision.outcomes.push(() => job.resolve(ack));
    }
  }

  private decideCommand(job: CommandJob, decision: Decision): void {
    try {
      const events = auctionDecider.decide(job.command, decision.state, context(job.meta, job.receivedAt));
      decision.state = events.reduce(evolve, decision.state);
      decision.events.push(...this.toAppend(events, job.meta, job.receivedAt));
      decision.outcomes.push(() => job.resolve(events));
    } catch (error) {
      decision.refused ||= error instanceof DomainError;
      decision.outcomes.push(() => job.reject(error));
    }
  }

  /** Reads the events this actor has not seen yet and folds them in; returns how many there were. */
  private async catchUp(): Promise<number> {
    const events = await this.store.readStream(this.streamId, { fromRevision: this.revision + 1n });
    for (const recorded of events) this.apply(recorded);
    this.stale = false;
    return events.length;
  }

  private apply(recorded: RecordedEvent): void {
    const event = asAuctionEvent(recorded);
    this.state = auctionDecider.evolve(this.state, event);
    this.revision = recorded.streamRevision;
    if (event.type === 'BidPlaced')
      this.acceptedBids.set(bidKey(event.data.bidderId, event.data.clientBidId), acceptedAck(event));
  }

  private remember(decision: Decision): void {
    for (const [key, ack] of decision.accepted) this.acceptedBids.set(key, ack);
    for (const [key, ack] of decision.rejected) {
      this.rejectedBids.set(key, ack);
      if (this.rejectedBids.size > this.rememberedRejections)
        this.rejectedBids.delete(this.rejectedBids.keys().next().value!);
    }
  }

  /** The request's own event carries its metadata; an anti-sniping extension is the platform's, caused by that bid. */
  private toAppend(events: AuctionEvent[], meta: RequestMeta, at: Date): EventToAppend[] {
    const occurredAt = at.toISOString();
    const correlationId = meta.correlationId ?? randomUUID();
    const first: EventMetadata = {
      actor: meta.actor ?? 'anonymous',
      correlationId,
      causationId: meta.causationId ?? correlationId,
      occurredAt,
    };
    if (meta.reason) first.reason = meta.reason;
    const appended: EventToAppend[] = [];
    for (const event of events) {
      const metadata: EventMetadata =
        appended.length === 0
          ? first
          : {
              actor: 'system',
              correlationId,
              causationId: appended[appended.length - 1].id,
              occurredAt,
              reason: 'anti_sniping',
            };
      appended.push({ id: randomUUID(), type: event.type, data: event.data, metadata });
    }
    return appended;
  }
}

const bidKey = (bidderId: string, clientBidId: string) => `${bidderId}\u0000${clientBidId}`;

const context = (meta: RequestMeta, now: Date) => ({ now, actor: meta.actor ?? 'anonymous' });

function acceptedAck(event: BidPlaced): BidAccepted {
  const { auctionId, clientBidId, sequence, amount, placedAt, abnormallyLow } = event.data;
  return { status: 'accepted', auctionId, clientBidId, sequence, amount, placedAt, abnormallyLow };
}

/** The jobs whose admission passed (or that have none), in order; the others are refused with its error. */
async function admitted(jobs: Job[]): Promise<Job[]> {
  const admissions = jobs.map((job) => (job.kind === 'bid' ? job.admission : undefined));
  if (admissions.every((admission) => admission === undefined)) return jobs;
  const answers = await Promise.allSettled(admissions.map((admission) => admission ?? Promise.resolve()));
  return jobs.filter((job, i) => {
    const answer = answers[i];
    if (answer.status === 'fulfilled') return true;
    job.reject(answer.reason);
    return false;
  });
}

function failAll(jobs: Job[], error: unknown): void {
  for (const job of jobs) job.reject(error);
}
