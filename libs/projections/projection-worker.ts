import type { EventFilter, EventStore, RecordedEvent } from '@licita/event-store';
import type { DataSource } from 'typeorm';
import type { Projection } from './projection';
import { deferIndexes, restoreIndexes } from './deferred-indexes';
import {
  advanceCheckpoint,
  clearFailure,
  lockCheckpoint,
  readCheckpoint,
  recordFailure,
  saveCheckpoint,
} from './projection-checkpoints';
import { type LockHolder, ProjectionLock } from './projection-lock';
import type { WindowRead } from './recent-events';
import { RateMeter, Wakeup, backoff, errorMessage } from './runner-support';

export type ProjectionState = 'stopped' | 'waiting_for_lock' | 'catching_up' | 'rebuilding' | 'live';

export interface ProjectionFailure {
  message: string;
  /** Failed attempts in a row at the current batch. */
  attempts: number;
  since: Date;
  nextRetryAt: Date;
}

export interface RebuildProgress {
  projection: string;
  /** Events applied since the reset. */
  eventsDone: number;
  /** Global position reached; with `headPosition`, the share of the log done. */
  position: bigint;
  /** The log's head when the rebuild started (or the position reached, if further). */
  headPosition: bigint;
  elapsedMs: number;
  eventsPerSecond: number;
}

export interface RebuildOptions {
  onProgress?: (progress: RebuildProgress) => void;
  /** Called once when another process holds the projection's lock and the rebuild waits for it. */
  onWaiting?: (holder: LockHolder | undefined) => void;
  /** Called with the lock held, just before the read model is reset. */
  onStart?: () => void;
}

export interface ProjectionLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface WorkerSettings {
  eventStore: EventStore;
  dataSource: DataSource;
  databaseUrl: string;
  applicationName: string;
  batchSize: number;
  rebuildBatchSize: number;
  lockRetryMs: number;
  pollIntervalMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
  idleCheckpointMs: number;
  logger: ProjectionLogger;
  now: () => number;
  /** The last position the runner's live feed delivered: final, so a caught-up worker may skip up to it. */
  liveFrontier: () => bigint;
  /** The live feed's last events (recent-events.ts); `undefined` when they do not reach back to `from`. */
  recentEvents: (from: bigint, maxCount: number, filter: EventFilter) => WindowRead | undefined;
}

/** The lock went (connection closed) or the runner is stopping: leave the batch loop. */
export class OwnershipLost extends Error {
  constructor(projection: string, reason: string) {
    super(`projection ${projection}: ${reason}`);
    this.name = 'OwnershipLost';
  }
}

/** The stored checkpoint is not where this worker left it: a runner that held the lock before wrote a last batch. */
export class CheckpointMoved extends Error {
  constructor(projection: string, expected: bigint, actual?: bigint) {
    super(
      `projection ${projection}: checkpoint moved${actual === undefined ? '' : ` to ${actual}`} by another runner (expected ${expected}); reading it again`,
    );
    this.name = 'CheckpointMoved';
  }
}

interface RebuildRequest extends RebuildOptions {
  resolve(result: RebuildProgress): void;
  reject(error: unknown): void;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/**
 * Runs one projection: waits for its advisory lock, then applies the log to it batch by batch, each batch and
 * the checkpoint in one transaction, and sleeps until woken (new events) or the poll interval passes.
 */
export class ProjectionWorker {
  state: ProjectionState = 'stopped';
  failure?: ProjectionFailure;
  /** The checkpoint as last written or read by this worker. */
  private position = 0n;
  /** ≥ position: nothing for this projection lies between `position` and here. */
  private scanned = 0n;
  private lastCheckpointAt = 0;
  private lastProgressLog = 0;
  private readonly lock: ProjectionLock;
  private readonly meter: RateMeter;
  private readonly wakeup = new Wakeup();
  private readonly rebuildRequests: RebuildRequest[] = [];
  private stopping = false;
  /** Indexes a rebuild left out may be waiting (set when this worker takes the projection over or rebuilds it). */
  private indexesDeferred = false;
  private stopped = Promise.resolve();
  private interrupt?: () => void;

  constructor(
    readonly projection: Projection,
    private readonly settings: WorkerSettings,
  ) {
    this.lock = new ProjectionLock(
      settings.databaseUrl,
      projection.name,
      `${settings.applicationName}:${projection.name}`,
    );
    this.lock.onLost(() => {
      settings.logger.warn(
        `projection ${projection.name}: lost its lock (connection closed); stopping and waiting to take it back`,
      );
      this.poke();
    });
    this.meter = new RateMeter(settings.now);
  }

  get name(): string {
    return this.projection.name;
  }

  get owned(): boolean {
    return this.lock.isHeld;
  }

  get checkpoint(): bigint {
    return this.scanned;
  }

  get eventsPerSecond(): number {
    return this.meter.perSecond();
  }

  start(): void {
    this.stopping = false;
    this.stopped = this.run();
  }

  /** Finishes the batch in hand, releases the lock. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.stopped;
  }

  /** New events may be there. */
  wake(): void {
    this.wakeup.notify();
  }

  /** In a started runner: rebuild as soon as this worker holds the lock (now, or when it gets it). */
  requestRebuild(options: RebuildOptions = {}): Promise<RebuildProgress> {
    return new Promise((resolve, reject) => {
      this.rebuildRequests.push({ ...options, resolve, reject });
      this.poke();
    });
  }

  /** Without a running loop (the CLI): wait for the lock, rebuild, release. `stop()` interrupts it between batches. */
  rebuildOnce(options: RebuildOptions = {}): Promise<RebuildProgress> {
    this.stopping = false;
    const rebuilding = (async () => {
      if (!(await this.acquireLock(options.onWaiting)))
        throw new OwnershipLost(this.name, 'stopped before the rebuild could start');
      try {
        options.onStart?.();
        return await this.rebuild(options.onProgress);
      } finally {
        this.state = 'stopped';
        await this.lock.release();
      }
    })();
    this.stopped = rebuilding.then(
      () => undefined,
      () => undefined,
    );
    return rebuilding;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.state = 'waiting_for_lock';
      if (!(await this.acquireLock())) break;
      this.settings.logger.log(`projection ${this.name}: lock acquired, running here`);
      try {
        await this.whileOwned();
      } catch (error) {
        // whileOwned handles batch failures itself; anything else must not end the loop (nor the process).
        // A lost lock was logged when it happened.
        if (!(error instanceof OwnershipLost))
          this.settings.logger.error(`projection ${this.name}: ${errorMessage(error)}`);
      } finally {
        this.state = 'waiting_for_lock';
        // Another runner may move (or rebuild) it now: what this one knew counts for nothing until it reads it again.
        this.position = this.scanned = 0n;
        await this.lock.release();
      }
      // Lost it: give a standby runner the first chance to take over.
      if (!this.stopping) await this.pause(this.settings.lockRetryMs);
    }
    this.state = 'stopped';
    for (const request of this.rebuildRequests.splice(0))
      request.reject(new Error(`projection ${this.name}: the runner stopped`));
  }

  private owns(): boolean {
    return !this.stopping && this.lock.isHeld;
  }

  private async acquireLock(onWaiting?: RebuildOptions['onWaiting']): Promise<boolean> {
    let told = false;
    while (!this.stopping) {
      try {
        if (await this.lock.tryAcquire()) return true;
        if (onWaiting && !told) {
          told = true;
          onWaiting(await this.lock.holder());
        }
      } catch (error) {
        this.settings.logger.warn(`projection ${this.name}: cannot take its lock (${errorMessage(error)}); retrying`);
        await this.lock.release();
      }
      await this.pause(this.settings.lockRetryMs);
    }
    return false;
  }

  /** Holding the lock: bring the projection up to date, then follow the log until stopped or the lock is lost. */
  private async whileOwned(): Promise<void> {
    let ready = false;
    let attempts = 0;
    this.state = 'catching_up';
    while (this.owns()) {
      try {
        if (!ready) ready = await this.prepare();
        const request = this.rebuildRequests.shift();
        if (request) {
          request.onStart?.();
          await this.rebuild(request.onProgress).then(
            (result) => request.resolve(result),
            (error: unknown) => {
              request.reject(error);
              throw error;
            },
          );
        }
        await this.drain(this.settings.batchSize);
        await this.restoreDeferredIndexes();
        this.state = 'live';
        if (attempts > 0) await this.recovered(attempts);
        attempts = 0;
        await this.wakeup.wait(this.settings.pollIntervalMs);
      } catch (error) {
        if (error instanceof OwnershipLost) throw error;
        if (error instanceof CheckpointMoved) {
          this.settings.logger.warn(error.message);
          ready = false;
          continue;
        }
        attempts += 1;
        await this.failed(error, attempts);
      }
    }
  }

  /** Reads the checkpoint; a missing one or another version means building the read model from zero. */
  private async prepare(): Promise<boolean> {
    const stored = await readCheckpoint(this.settings.dataSource, this.name);
    if (stored?.version === this.projection.version) {
      this.position = this.scanned = stored.position;
      this.indexesDeferred = this.projection.rebuildWithoutIndexesOn !== undefined; // an interrupted rebuild may have left some out
      return true;
    }
    const why = stored ? `version ${stored.version} → ${this.projection.version}` : 'first run';
    this.settings.logger.log(`projection ${this.name}: ${why}, rebuilding from zero`);
    const progress = await this.rebuild((step) => this.logProgress(step));
    this.settings.logger.log(
      `projection ${this.name}: rebuilt, ${progress.eventsDone} events at ${progress.eventsPerSecond} events/s`,
    );
    return true;
  }

  /** Resets the read model and replays the log from zero in large batches. Needs the lock. */
  private async rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<RebuildProgress> {
    this.state = 'rebuilding';
    const started = this.settings.now();
    const head = await this.settings.eventStore.headPosition();
    await this.settings.dataSource.transaction(async (tx) => {
      await lockCheckpoint(tx, this.name); // waits for a batch another runner may still be committing
      await this.projection.reset(tx);
      const tables = this.projection.rebuildWithoutIndexesOn;
      if (tables) this.indexesDeferred = (await deferIndexes(tx, this.name, tables)).length > 0 || this.indexesDeferred;
      await saveCheckpoint(tx, this.name, 0n, this.projection.version);
    });
    this.position = this.scanned = 0n;
    let eventsDone = 0;
    const progress = (): RebuildProgress => {
      const elapsedMs = Math.max(1, this.settings.now() - started);
      const headPosition = head > this.scanned ? head : this.scanned;
      return {
        projection: this.name,
        eventsDone,
        position: this.scanned,
        headPosition,
        elapsedMs,
        eventsPerSecond: Math.round((eventsDone * 1000) / elapsedMs),
      };
    };
    await this.drain(this.settings.rebuildBatchSize, (count) => {
      eventsDone += count;
      onProgress?.(progress());
    });
    await this.restoreDeferredIndexes();
    this.state = 'catching_up';
    return progress();
  }

  /**
   * Applies batches until a read comes back short (caught up). The next batch is read while the current one
   * is applied. Throws `OwnershipLost` when the lock goes, `CheckpointMoved` when another runner wrote.
   */
  private async drain(batchSize: number, onBatch?: (count: number) => void): Promise<void> {
    let next = settle(this.read(this.scanned, batchSize));
    for (;;) {
      const read = await next;
      if (!read.ok) throw read.error;
      const { events, safe } = read.value;
      const full = events.length === batchSize;
      if (full) next = settle(this.read(events[events.length - 1].globalPosition, batchSize));
      if (!this.owns()) throw new OwnershipLost(this.name, this.stopping ? 'stopping' : 'lock lost');
      if (events.length) {
        await this.apply(events);
        onBatch?.(events.length);
      }
      if (!full) return this.skipTo(safe);
    }
  }

  /** From the live feed's window when it reaches back to `from` (no query), else from the log. */
  private async read(from: bigint, maxCount: number): Promise<WindowRead> {
    const recent = this.settings.recentEvents(from, maxCount, this.projection.filter);
    if (recent) return recent;
    const safe = this.settings.liveFrontier(); // sampled before the read, so the read covers it
    const events = await this.settings.eventStore.readAll({
      fromPosition: from,
      maxCount,
      filter: this.projection.filter,
    });
    return { events, safe };
  }

  /** One transaction: lock the checkpoint row, check it is ours, apply the batch, move the checkpoint. */
  private async apply(events: RecordedEvent[]): Promise<void> {
    const last = events[events.length - 1].globalPosition;
    await this.settings.dataSource.transaction(async (tx) => {
      const checkpoint = await lockCheckpoint(tx, this.name);
      if (checkpoint !== this.position) throw new CheckpointMoved(this.name, this.position, checkpoint);
      const fresh = events.filter((event) => event.globalPosition > checkpoint);
      if (fresh.length) await this.projection.handle(fresh, tx, { from: checkpoint ?? 0n, to: last });
      await saveCheckpoint(tx, this.name, last, this.projection.version);
    });
    this.position = this.scanned = last;
    this.lastCheckpointAt = this.settings.now();
    this.meter.record(events.length);
  }

  /**
   * Caught up: no event for us up to `safe`; remember it, and store it at most every `idleCheckpointMs` so the
   * stored lag (what another process, such as the API, reports) settles to 0 on a quiet system: a skip not
   * stored now is stored on a later pass (the idle loop comes back at least every poll interval).
   */
  private async skipTo(safe: bigint): Promise<void> {
    if (safe > this.scanned) this.scanned = safe;
    if (this.scanned <= this.position) return;
    if (this.settings.now() - this.lastCheckpointAt < this.settings.idleCheckpointMs) return;
    if (!(await advanceCheckpoint(this.settings.dataSource, this.name, this.position, this.scanned)))
      throw new CheckpointMoved(this.name, this.position);
    this.position = this.scanned;
    this.lastCheckpointAt = this.settings.now();
  }

  /** Caught up: builds the indexes a rebuild (this one, or one interrupted elsewhere) left out, in one transaction. */
  private async restoreDeferredIndexes(): Promise<void> {
    if (!this.indexesDeferred) return;
    const started = this.settings.now();
    const restored = await this.settings.dataSource.transaction(async (tx) => {
      await lockCheckpoint(tx, this.name);
      return restoreIndexes(tx, this.name);
    });
    this.indexesDeferred = false;
    if (restored.length > 0)
      this.settings.logger.log(
        `projection ${this.name}: indexes built again in ${this.settings.now() - started} ms: ${restored.join(', ')}`,
      );
  }

  private async failed(error: unknown, attempts: number): Promise<void> {
    const delay = backoff(attempts, this.settings.retryInitialMs, this.settings.retryMaxMs);
    const message = errorMessage(error);
    const now = this.settings.now();
    this.failure = {
      message,
      attempts,
      since: this.failure?.since ?? new Date(now),
      nextRetryAt: new Date(now + delay),
    };
    this.settings.logger.error(
      `projection ${this.name}: batch after position ${this.scanned} failed (attempt ${attempts}), retrying in ${delay} ms: ${message}`,
    );
    await recordFailure(this.settings.dataSource, this.name, message).catch(() => undefined);
    await this.pause(delay);
  }

  private async recovered(attempts: number): Promise<void> {
    this.settings.logger.log(`projection ${this.name}: recovered after ${attempts} failed attempts`);
    this.failure = undefined;
    await clearFailure(this.settings.dataSource, this.name);
  }

  private logProgress(progress: RebuildProgress): void {
    const now = this.settings.now();
    if (now - this.lastProgressLog < 5_000) return;
    this.lastProgressLog = now;
    this.settings.logger.log(
      `projection ${this.name}: rebuilding, position ${progress.position}/${progress.headPosition}, ${progress.eventsPerSecond} events/s`,
    );
  }

  /** Sleeps `ms`, cut short by stop, a lost lock or a rebuild request. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interrupt = done;
    });
  }

  private poke(): void {
    this.wakeup.notify();
    this.interrupt?.();
  }
}
