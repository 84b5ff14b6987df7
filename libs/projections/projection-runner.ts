import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { EventStore, Subscription } from '@licita/event-store';
import type { DataSource } from 'typeorm';
import type { Projection } from './projection';
import { readCheckpoints } from './projection-checkpoints';
import { RecentEvents } from './recent-events';
import {
  type ProjectionFailure,
  type ProjectionLogger,
  type ProjectionState,
  ProjectionWorker,
  type RebuildOptions,
  type RebuildProgress,
  type WorkerSettings,
} from './projection-worker';
import { errorMessage, matchesFilter, sleep } from './runner-support';

export interface ProjectionRunnerOptions {
  dataSource: DataSource;
  eventStore: EventStore;
  /** For the advisory-lock connections; defaults to the DataSource's `url`. */
  databaseUrl?: string;
  /** Events per transaction while following the log (default 1000). */
  batchSize?: number;
  /**
   * Events per transaction in a rebuild (default 20,000). Larger batches mean fewer rewrites of each read-model
   * row (a tender's row is written once per batch its events fall in: 5.4 times per tender at 5,000 on the
   * seeded history, 2.8 at 20,000), which halved the rebuild's database time.
   */
  rebuildBatchSize?: number;
  /** How often a runner without the lock tries to take it (default 1000 ms). */
  lockRetryMs?: number;
  /** How often an idle projection looks at the log without a wake-up (default 1000 ms). */
  pollIntervalMs?: number;
  /** Back-off after a failed batch: first delay, doubled per attempt up to the max (default 500 ms → 30 s). */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /**
   * The last events of the live feed kept for the projections to read (default 10,000): a projection at most this
   * far behind reads them there, one further behind reads the log.
   */
  recentEvents?: number;
  /** At most this often a caught-up projection stores a checkpoint moved past events it does not handle. */
  idleCheckpointMs?: number;
  /** Names this process in `pg_stat_activity` (`<name>:<projection>` on each lock connection). */
  applicationName?: string;
  logger?: ProjectionLogger;
  now?: () => number;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  /** This runner's view: `waiting_for_lock` when another process runs it. */
  state: ProjectionState;
  /** Whether this runner holds the projection's lock. */
  owned: boolean;
  /** The stored checkpoint (or this runner's, when it is further). */
  position: bigint;
  headPosition: bigint;
  /** headPosition - position, never negative. */
  lag: number;
  /** Applied by this runner over the last 10 s. */
  eventsPerSecond: number;
  /** Set while batches fail and are retried; from this runner, or the failure last stored by the owner. */
  failure?: ProjectionFailure | { message: string; since: Date };
  /** The version in the checkpoint table, when it differs from the code's (a rebuild is due). */
  storedVersion?: number;
}

/**
 * Runs every registered projection whose advisory lock this process can take, each on its own loop:
 * catch up from the checkpoint in batches, then follow the log. One feed (`subscribeToAll`, unfiltered,
 * from the head) reads the log for all of them: it keeps its last events (`RecentEvents`) and wakes the
 * projections an event concerns, which take their next batch from there; a projection further behind than the
 * window (catching up, rebuilding) reads with `readAll` from its own checkpoint.
 */
export class ProjectionRunner {
  private readonly workers = new Map<string, ProjectionWorker>();
  private readonly settings: WorkerSettings;
  private feed?: Subscription;
  private frontier = 0n;
  private readonly recent: RecentEvents;
  private readonly waker = new Waker();
  private started = false;

  constructor(private readonly options: ProjectionRunnerOptions) {
    const databaseUrl = options.databaseUrl ?? urlOf(options.dataSource);
    if (!databaseUrl)
      throw new Error('ProjectionRunner needs databaseUrl (the DataSource has no url) for its lock connections');
    const recent = (this.recent = new RecentEvents(options.recentEvents ?? 10_000));
    this.settings = {
      eventStore: options.eventStore,
      dataSource: options.dataSource,
      databaseUrl,
      applicationName:
        options.applicationName ?? `licita-projector:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      batchSize: options.batchSize ?? 1_000,
      rebuildBatchSize: options.rebuildBatchSize ?? 20_000,
      lockRetryMs: options.lockRetryMs ?? 1_000,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      retryInitialMs: options.retryInitialMs ?? 500,
      retryMaxMs: options.retryMaxMs ?? 30_000,
      idleCheckpointMs: options.idleCheckpointMs ?? 1_000,
      logger: options.logger ?? new Logger('ProjectionRunner'),
      now: options.now ?? Date.now,
      liveFrontier: () => this.frontier,
      recentEvents: (from, maxCount, filter) => recent.read(from, maxCount, filter),
    };
  }

  /** Adds projections; before `start`. Names must be unique. */
  register(...projections: Projection[]): this {
    if (this.started) throw new Error('register projections before starting the runner');
    for (const projection of projections) {
      if (this.workers.has(projection.name)) throw new Error(`two projections are named ${projection.name}`);
      this.workers.set(projection.name, new ProjectionWorker(projection, this.settings));
    }
    return this;
  }

  get projections(): Projection[] {
    return [...this.workers.values()].map((worker) => worker.projection);
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Starts every projection's loop in the background; returns at once. */
  start(): Promise<void> {
    if (this.started) return Promise.resolve();
    this.started = true;
    this.followLog();
    for (const worker of this.workers.values()) worker.start();
    return Promise.resolve();
  }

  /** Lets batches in hand finish, releases the locks; also interrupts a rebuild started without `start`. */
  async stop(): Promise<void> {
    this.started = false;
    this.recent.pause();
    await this.feed?.close();
    this.feed = undefined;
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
  }

  /**
   * Resets the projection's read model and replays the whole log into it, under its lock. In a started runner
   * the projection's own loop does it when it holds the lock; otherwise (the CLI) this call waits for the lock
   * (`onWaiting` says who holds it), rebuilds and lets it go.
   */
  async rebuildProjection(name: string, options: RebuildOptions = {}): Promise<RebuildProgress> {
    const worker = this.workers.get(name);
    if (!worker)
      throw new Error(`no projection named ${name} (known: ${[...this.workers.keys()].join(', ') || 'none'})`);
    return this.started ? worker.requestRebuild(options) : worker.rebuildOnce(options);
  }

  /**
   * Where this runner has brought a projection it holds the lock of: every event it reads up to here is applied
   * and committed (its checkpoint, or a skip over events it does not read not stored yet). `undefined` when another
   * process runs it (or nobody does), and while it is rebuilt (its read model emptied before its position is).
   */
  appliedHere(name: string): bigint | undefined {
    const worker = this.workers.get(name);
    return worker?.owned && worker.state !== 'rebuilding' ? worker.checkpoint : undefined;
  }

  /** Every registered projection, including those another process runs (their position comes from the table). */
  async status(): Promise<ProjectionStatus[]> {
    const [head, stored] = await Promise.all([
      this.options.eventStore.headPosition(),
      readCheckpoints(this.options.dataSource, [...this.workers.keys()]),
    ]);
    const byName = new Map(stored.map((checkpoint) => [checkpoint.name, checkpoint]));
    return [...this.workers.values()].map((worker) => {
      const checkpoint = byName.get(worker.name);
      const storedPosition = checkpoint?.position ?? 0n;
      const position = worker.owned && worker.checkpoint > storedPosition ? worker.checkpoint : storedPosition;
      const storedFailure = checkpoint?.lastError && {
        message: checkpoint.lastError.message,
        since: checkpoint.lastError.at,
      };
      return {
        name: worker.name,
        version: worker.projection.version,
        state: worker.state,
        owned: worker.owned,
        position,
        headPosition: head,
        lag: head > position ? Number(head - position) : 0,
        eventsPerSecond: worker.eventsPerSecond,
        failure: worker.failure ?? storedFailure ?? undefined,
        storedVersion: checkpoint && checkpoint.version !== worker.projection.version ? checkpoint.version : undefined,
      };
    });
  }

  /**
   * The shared feed: every event it delivers goes into the window of recent events and wakes the projections it
   * concerns; its positions are final. While it is down the window says nothing and the projections read the log.
   */
  private followLog(): void {
    void (async () => {
      while (this.started) {
        try {
          const from = this.frontier > 0n ? this.frontier : await this.options.eventStore.headPosition();
          // The head is a safe frontier: workers that are caught up may skip to it before the next event comes.
          if (from > this.frontier) this.frontier = from;
          const feed = (this.feed = this.options.eventStore.subscribeToAll({ fromPosition: from }));
          this.recent.follow(from);
          for await (const event of feed) {
            this.recent.add(event);
            this.frontier = event.globalPosition;
            for (const worker of this.workers.values())
              if (matchesFilter(event, worker.projection.filter)) this.waker.wakeSoon(worker);
          }
        } catch (error) {
          if (this.started)
            this.settings.logger.warn(
              `projection runner: the live feed failed (${errorMessage(error)}); polling until it is back`,
            );
        } finally {
          this.recent.pause();
        }
        if (this.started) await sleep(this.settings.lockRetryMs);
      }
    })();
  }
}

/**
 * Wakes them once the feed has handed over the events it read together: the events of a page come one by one, and a
 * projection woken at the first would take it alone into a transaction, then the next (one batch per append, not
 * one per event, as when each read the log itself).
 */
class Waker {
  private readonly due = new Set<ProjectionWorker>();
  private scheduled = false;

  wakeSoon(worker: ProjectionWorker): void {
    this.due.add(worker);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (const due of this.due) due.wake();
      this.due.clear();
    });
  }
}

function urlOf(dataSource: DataSource): string | undefined {
  return (dataSource.options as { url?: string }).url;
}
