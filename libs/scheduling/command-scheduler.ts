import { randomUUID } from 'node:crypto';
import type { ICommand } from '@nestjs/cqrs';
import type { CommandContext, JsonObject } from '@licita/event-store';
import type { Sql } from '@licita/projections';
import { DomainError, type Clock } from '@licita/shared';
import type { DataSource } from 'typeorm';
import type { ScheduledCommandDbRow } from './scheduled-commands';

export interface ScheduledJob {
  id: string;
  key: string;
  kind: string;
  target: string;
  payload: JsonObject;
  dueAt: Date;
  /** Failed runs before this one. */
  attempts: number;
}

/**
 * The jobs of one kind as commands (the preferred shape): `command` turns the job into a command class carrying
 * the job's `context`, and the poller executes it on the CommandBus, where the command's one `@CommandHandler`
 * decides it. The command's handler must be idempotent: a job may run again after a crash between the
 * command's append and the job being marked done (the context's `idempotencyKey` is stable per job and due
 * time, so the same events get the same ids). A DomainError fails the job for good; any other error is
 * retried with back-off.
 */
export interface ScheduledJobCommand {
  readonly kind: string;
  command(job: ScheduledJob, context: CommandContext): ICommand;
}

/**
 * The older shape, still accepted: `run` does the work itself (same rules as above). Prefer
 * `ScheduledJobCommand`, so the work is a command on the bus like any other.
 */
export interface ScheduledCommandHandler {
  readonly kind: string;
  run(job: ScheduledJob, context: CommandContext): Promise<void>;
}

/** What runs the jobs of one kind. */
export type ScheduledJobRunner = ScheduledJobCommand | ScheduledCommandHandler;

/** Executes a command on the CommandBus (`(command) => commandBus.execute(command)`). */
export type CommandDispatch = (command: ICommand) => Promise<unknown>;

export interface CommandSchedulerOptions {
  /** How often the loop looks for due jobs (real time; default 1000 ms). */
  pollIntervalMs?: number;
  /** A job failing this many times is marked `failed` (default 10). */
  maxAttempts?: number;
  /** Back-off after a failure, in the injected clock's time: first delay, doubled per attempt up to the max (default 5 s → 1 h). */
  retryInitialMs?: number;
  retryMaxMs?: number;
  onError?: (message: string) => void;
  /** Runs the commands of `ScheduledJobCommand`s: the app's CommandBus (`SchedulingModule` wires it). */
  dispatch?: CommandDispatch;
}

export interface RunReport {
  done: number;
  failed: number;
  retried: number;
}

/**
 * The durable scheduler's poller: takes due jobs from `scheduled_commands` one at a time, each in its own
 * transaction with `FOR UPDATE SKIP LOCKED`, runs its handler and records the outcome in the same
 * transaction. Several processes may poll the same table: a job is run by one of them, and a process that
 * dies mid-job releases it (the transaction rolls back) for the next poll. "Due" means `due_at <= clock.now()`
 * for the injected clock, so tests move time by hand.
 */
export class CommandScheduler {
  private readonly handlers = new Map<string, ScheduledJobRunner>();
  private readonly settings: Required<Omit<CommandSchedulerOptions, 'onError' | 'dispatch'>>;
  private running?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private wake?: () => void;
  private stopped = true;
  /** Set by `stop`: `runDue` ends after the job in hand. */
  private stopping = false;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly options: CommandSchedulerOptions = {},
  ) {
    this.settings = {
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      maxAttempts: options.maxAttempts ?? 10,
      retryInitialMs: options.retryInitialMs ?? 5_000,
      retryMaxMs: options.retryMaxMs ?? 3_600_000,
    };
  }

  register(...handlers: ScheduledJobRunner[]): this {
    for (const handler of handlers) {
      if (this.handlers.has(handler.kind)) throw new Error(`two scheduled-command handlers for ${handler.kind}`);
      this.handlers.set(handler.kind, handler);
    }
    return this;
  }

  get kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /** Runs every job due now, one after another; returns what happened. */
  async runDue(): Promise<RunReport> {
    const report: RunReport = { done: 0, failed: 0, retried: 0 };
    if (this.handlers.size === 0) return report;
    for (;;) {
      // Stopping waits for the job in hand only, not for every job due (a backlog would hold the shutdown).
      if (this.stopping) return report;
      const outcome = await this.runOne();
      if (outcome === 'none') return report;
      report[outcome] += 1;
    }
  }

  /** Polls in the background until `stop`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.running = this.loop();
  }

  /** Waits for the job in hand, then stops polling. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.runDue();
      } catch (error) {
        this.options.onError?.(`scheduler: polling failed: ${message(error)}`);
      }
      if (this.stopped) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.settings.pollIntervalMs);
      });
    }
  }

  private async runOne(): Promise<keyof RunReport | 'none'> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const now = this.clock.now();
      const sql: Sql = runner;
      const [row] = await sql.query<ScheduledCommandDbRow[]>(
        `SELECT id::text AS id, key, kind, target, payload, due_at, attempts FROM scheduled_commands
         WHERE status = 'pending' AND next_run_at <= $1 AND kind = ANY ($2::text[])
         ORDER BY next_run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [now.toISOString(), this.kinds],
      );
      if (!row) {
        await runner.commitTransaction();
        return 'none';
      }
      const job: ScheduledJob = {
        id: row.id,
        key: row.key,
        kind: row.kind,
        target: row.target,
        payload: row.payload,
        dueAt: row.due_at,
        attempts: row.attempts,
      };
      const outcome = await this.execute(job, now);
      await runner.query(
        `UPDATE scheduled_commands SET status = $2, attempts = attempts + 1, last_error = $3, next_run_at = COALESCE($4, next_run_at), done_at = $5, updated_at = now()
         WHERE id = $1`,
        [
          job.id,
          outcome.status,
          outcome.error ?? null,
          outcome.retryAt?.toISOString() ?? null,
          outcome.status === 'done' ? now.toISOString() : null,
        ],
      );
      await runner.commitTransaction();
      return outcome.status === 'done' ? 'done' : outcome.status === 'failed' ? 'failed' : 'retried';
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async execute(
    job: ScheduledJob,
    now: Date,
  ): Promise<{ status: 'done' | 'failed' | 'pending'; error?: string; retryAt?: Date }> {
    const context: CommandContext = {
      actor: 'system',
      correlationId: randomUUID(),
      causationId: `scheduled:${job.key}`,
      now,
      idempotencyKey: `scheduled|${job.key}|${job.dueAt.toISOString()}`,
    };
    try {
      await this.runJob(job, context);
      return { status: 'done' };
    } catch (error) {
      const attempts = job.attempts + 1;
      this.options.onError?.(`scheduler: ${job.kind} ${job.key} failed (attempt ${attempts}): ${message(error)}`);
      if (error instanceof DomainError || attempts >= this.settings.maxAttempts)
        return { status: 'failed', error: message(error) };
      const delay = Math.min(this.settings.retryInitialMs * 2 ** (attempts - 1), this.settings.retryMaxMs);
      return { status: 'pending', error: message(error), retryAt: new Date(now.getTime() + delay) };
    }
  }

  private runJob(job: ScheduledJob, context: CommandContext): Promise<unknown> {
    const runner = this.handlers.get(job.kind)!;
    if ('run' in runner) return runner.run(job, context);
    if (!this.options.dispatch) throw new Error(`scheduler: no CommandBus to run ${job.kind}`);
    return this.options.dispatch(runner.command(job, context));
  }
}

function message(error: unknown): string {
  if (error instanceof DomainError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
