import { Command, type ICommand } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import { DomainError, ManualClock } from '@licita/shared';
import { DataSource } from 'typeorm';
import { CreateScheduledCommands1763856210000 } from '../../migrations/1763856210000-CreateScheduledCommands';
import { IndexPendingScheduledCommandsByKeyPrefix1796700512000 } from '../../migrations/1796700512000-IndexPendingScheduledCommandsByKeyPrefix';
import { createMigratedTestDatabase, type TestDatabase } from '../../test/support/test-database';
import {
  CommandScheduler,
  type ScheduledCommandHandler,
  type ScheduledJob,
  type ScheduledJobCommand,
} from './command-scheduler';
import {
  cancelPendingScheduledCommands,
  cancelScheduledCommand,
  completeScheduledCommand,
  deleteScheduledCommandsOf,
  listScheduledCommands,
  scheduleCommand,
} from './scheduled-commands';

/** Records every run; `fail` makes the next runs throw it. */
class RecordingHandler implements ScheduledCommandHandler {
  readonly runs: Array<{ key: string; now: string; actor: string; idempotencyKey?: string }> = [];
  fail?: () => Error;
  hold?: Promise<void>;

  constructor(readonly kind = 'CloseSomething') {}

  async run(job: ScheduledJob, context: { now: Date; actor: string; idempotencyKey?: string }): Promise<void> {
    this.runs.push({
      key: job.key,
      now: context.now.toISOString(),
      actor: context.actor,
      idempotencyKey: context.idempotencyKey,
    });
    await this.hold;
    if (this.fail) throw this.fail();
  }
}

let database: TestDatabase;
let db: DataSource;
const clock = new ManualClock('2026-03-01T12:00:00.000Z');

beforeAll(async () => {
  ({ database, db } = await createMigratedTestDatabase('scheduling', [
    CreateScheduledCommands1763856210000,
    IndexPendingScheduledCommandsByKeyPrefix1796700512000,
  ]));
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

beforeEach(async () => {
  await db.query('TRUNCATE scheduled_commands');
  clock.set('2026-03-01T12:00:00.000Z');
});

const schedule = (key: string, dueAt: string, kind = 'CloseSomething') =>
  scheduleCommand(db, 'test-source', { key, kind, target: `thing-${key}`, payload: { key }, dueAt });
const statusOf = async (key: string) => (await listScheduledCommands(db, key))[0];

describe('the poller', () => {
  it('stops after the job in hand, leaving the rest of a backlog due for the next start', async () => {
    const handler = new RecordingHandler();
    let release!: () => void;
    handler.hold = new Promise((done) => (release = done));
    const scheduler = new CommandScheduler(db, clock, { pollIntervalMs: 10 }).register(handler);
    for (const key of ['b1', 'b2', 'b3']) await schedule(key, '2026-03-01T11:00:00.000Z');
    scheduler.start();
    while (handler.runs.length === 0) await new Promise((wait) => setTimeout(wait, 5));
    const stopped = scheduler.stop();
    release();
    await stopped;
    expect(handler.runs.map((run) => run.key)).toEqual(['b1']);
    expect((await statusOf('b2')).status).toBe('pending');
  });

  it('runs a job when the clock reaches its due time, not before, and marks it done', async () => {
    const handler = new RecordingHandler();
    const scheduler = new CommandScheduler(db, clock).register(handler);
    await schedule('a', '2026-03-01T13:00:00.000Z');

    expect(await scheduler.runDue()).toEqual({ done: 0, failed: 0, retried: 0 });
    clock.set('2026-03-01T13:00:00.000Z');
    expect(await scheduler.runDue()).toEqual({ done: 1, failed: 0, retried: 0 });
    expect(await scheduler.runDue()).toEqual({ done: 0, failed: 0, retried: 0 });

    expect(handler.runs).toEqual([
      {
        key: 'a',
        now: '2026-03-01T13:00:00.000Z',
        actor: 'system',
        idempotencyKey: 'scheduled|a|2026-03-01T13:00:00.000Z',
      },
    ]);
    expect(await statusOf('a')).toMatchObject({
      status: 'done',
      attempts: 1,
      doneAt: new Date('2026-03-01T13:00:00.000Z'),
    });
  });

  it('runs due jobs in due order and leaves kinds it has no handler for', async () => {
    const handler = new RecordingHandler();
    await schedule('late', '2026-03-01T11:30:00.000Z');
    await schedule('early', '2026-03-01T11:00:00.000Z');
    await schedule('other-kind', '2026-03-01T10:00:00.000Z', 'SomethingElse');

    await new CommandScheduler(db, clock).register(handler).runDue();

    expect(handler.runs.map((run) => run.key)).toEqual(['early', 'late']);
    expect(await statusOf('other-kind')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('runs each job once when several processes poll at the same time (FOR UPDATE SKIP LOCKED)', async () => {
    for (let i = 0; i < 30; i++) await schedule(`job-${String(i).padStart(2, '0')}`, '2026-03-01T11:00:00.000Z');
    const handlers = [new RecordingHandler(), new RecordingHandler(), new RecordingHandler()];
    const sources = await Promise.all(
      handlers.map(() => new DataSource({ type: 'postgres', url: database.url, logging: false }).initialize()),
    );
    try {
      const reports = await Promise.all(
        handlers.map((handler, i) => new CommandScheduler(sources[i], clock).register(handler).runDue()),
      );

      const keys = handlers.flatMap((handler) => handler.runs.map((run) => run.key));
      expect(keys).toHaveLength(30);
      expect(new Set(keys).size).toBe(30);
      expect(reports.reduce((sum, report) => sum + report.done, 0)).toBe(30);
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
    }
  });

  it('retries a failing job later in clock time, and fails it for good after maxAttempts', async () => {
    const handler = new RecordingHandler();
    handler.fail = () => new Error('event store unavailable');
    const scheduler = new CommandScheduler(db, clock, { retryInitialMs: 60_000, maxAttempts: 3 }).register(handler);
    await schedule('flaky', '2026-03-01T12:00:00.000Z');

    expect(await scheduler.runDue()).toEqual({ done: 0, failed: 0, retried: 1 });
    expect(await scheduler.runDue()).toEqual({ done: 0, failed: 0, retried: 0 });
    expect(await statusOf('flaky')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'event store unavailable',
    });

    clock.advance(60_000);
    expect(await scheduler.runDue()).toEqual({ done: 0, failed: 0, retried: 1 });
    clock.advance(120_000);
    expect(await scheduler.runDue()).toEqual({ done: 0, failed: 1, retried: 0 });
    expect(await statusOf('flaky')).toMatchObject({ status: 'failed', attempts: 3 });
    expect(handler.runs).toHaveLength(3);
  });

  it('fails a job at once when its handler refuses it with a DomainError', async () => {
    const handler = new RecordingHandler();
    handler.fail = () => new DomainError('supplier.not_found', 'no such supplier', 'not_found');
    await schedule('refused', '2026-03-01T12:00:00.000Z');

    expect(await new CommandScheduler(db, clock).register(handler).runDue()).toEqual({
      done: 0,
      failed: 1,
      retried: 0,
    });
    expect(await statusOf('refused')).toMatchObject({
      status: 'failed',
      lastError: 'supplier.not_found: no such supplier',
    });
  });

  it('releases a job whose process dies mid-run: the transaction rolls back and another poller runs it', async () => {
    await schedule('crash', '2026-03-01T12:00:00.000Z');
    const dying = await new DataSource({
      type: 'postgres',
      url: database.url,
      applicationName: 'dying-poller',
      logging: false,
    }).initialize();
    const stuck = new RecordingHandler();
    let release!: () => void;
    stuck.hold = new Promise((resolve) => (release = resolve));
    const first = new CommandScheduler(dying, clock)
      .register(stuck)
      .runDue()
      .catch((error: unknown) => error);
    while (stuck.runs.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    const other = new RecordingHandler();
    expect(await new CommandScheduler(db, clock).register(other).runDue()).toEqual({ done: 0, failed: 0, retried: 0 }); // locked: skipped
    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dying-poller'`);
    release();
    await first;
    await dying.destroy().catch(() => undefined);

    expect(await new CommandScheduler(db, clock).register(other).runDue()).toEqual({ done: 1, failed: 0, retried: 0 });
    expect(await statusOf('crash')).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('polls in the background until stopped', async () => {
    const handler = new RecordingHandler();
    const scheduler = new CommandScheduler(db, clock, { pollIntervalMs: 20 }).register(handler);
    scheduler.start();
    try {
      await schedule('background', '2026-03-01T12:30:00.000Z');
      clock.advance(30 * 60_000);
      for (let i = 0; i < 200 && handler.runs.length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await scheduler.stop();
    }
    expect(handler.runs.map((run) => run.key)).toEqual(['background']);
  });
});

describe('jobs derived by projections', () => {
  it('moves a job scheduled again with another due time, and keeps a done job done for the same time', async () => {
    const handler = new RecordingHandler();
    const scheduler = new CommandScheduler(db, clock).register(handler);
    await schedule('auction-1', '2026-03-01T12:00:00.000Z');
    await scheduler.runDue();
    await schedule('auction-1', '2026-03-01T12:00:00.000Z'); // a replay of the same event
    expect(await statusOf('auction-1')).toMatchObject({ status: 'done' });

    await schedule('auction-1', '2026-03-01T12:05:00.000Z'); // extended
    expect(await statusOf('auction-1')).toMatchObject({ status: 'pending', attempts: 0 });
    clock.set('2026-03-01T12:05:00.000Z');
    await scheduler.runDue();
    expect(handler.runs.map((run) => run.now)).toEqual(['2026-03-01T12:00:00.000Z', '2026-03-01T12:05:00.000Z']);
  });

  it('does not run a cancelled job, and a job completed by its event is not run either', async () => {
    const handler = new RecordingHandler();
    await schedule('lifted', '2026-03-01T11:00:00.000Z');
    await schedule('recorded', '2026-03-01T11:00:00.000Z');
    await cancelScheduledCommand(db, 'lifted');
    await completeScheduledCommand(db, 'recorded', '2026-03-01T11:00:00.000Z');

    expect(await new CommandScheduler(db, clock).register(handler).runDue()).toEqual({
      done: 0,
      failed: 0,
      retried: 0,
    });
    expect((await listScheduledCommands(db)).map((job) => [job.key, job.status])).toEqual([
      ['lifted', 'cancelled'],
      ['recorded', 'done'],
    ]);
  });

  it('cancels the pending jobs of a key prefix only: not done ones, not keys LIKE’s wildcards would also match', async () => {
    await schedule('tender-clock:t_1:questions', '2026-03-01T11:00:00.000Z');
    await schedule('tender-clock:t_1:objection:lot-1', '2026-03-01T11:00:00.000Z');
    await schedule('tender-clock:t_1:submission', '2026-03-01T11:00:00.000Z');
    await completeScheduledCommand(db, 'tender-clock:t_1:submission', '2026-03-01T11:00:00.000Z');
    await schedule('tender-clock:tX1:questions', '2026-03-01T11:00:00.000Z'); // `_` would match X
    await schedule('tender-clock:t_10:questions', '2026-03-01T11:00:00.000Z'); // no separator after t_1
    await schedule('tender-clock:t%:questions', '2026-03-01T11:00:00.000Z');

    await cancelPendingScheduledCommands(db, 'tender-clock:t_1:');
    await cancelPendingScheduledCommands(db, 'tender-clock:t%');
    expect(Object.fromEntries((await listScheduledCommands(db)).map((job) => [job.key, job.status]))).toEqual({
      'tender-clock:t_1:questions': 'cancelled',
      'tender-clock:t_1:objection:lot-1': 'cancelled',
      'tender-clock:t_1:submission': 'done',
      'tender-clock:tX1:questions': 'pending',
      'tender-clock:t_10:questions': 'pending',
      'tender-clock:t%:questions': 'cancelled',
    });
    await expect(cancelPendingScheduledCommands(db, '')).rejects.toThrow(RangeError);
  });

  it('finds a prefix’s pending jobs through the pending keys’ index, not a scan of every job', async () => {
    const runner = db.createQueryRunner();
    try {
      await runner.startTransaction();
      // A history's worth of jobs, most of them past (the shape a long-running platform has).
      await runner.query(
        `INSERT INTO scheduled_commands (key, kind, target, due_at, next_run_at, source, status)
         SELECT 'tender-clock:t-' || n || ':questions', 'AdvanceTenderClock', 'tender-' || n, now(), now(), 'tender-clock',
                CASE WHEN n % 5 = 0 THEN 'pending' ELSE 'done' END
         FROM generate_series(1, 20000) AS n`,
      );
      await runner.query('ANALYZE scheduled_commands');
      const plan = (
        (await runner.query(
          `EXPLAIN UPDATE scheduled_commands SET status = 'cancelled' WHERE key LIKE $1 AND status = 'pending'`,
          ['tender-clock:t-1:%'],
        )) as Array<{ 'QUERY PLAN': string }>
      )
        .map((row) => row['QUERY PLAN'])
        .join('\n');
      expect(plan).toContain('scheduled_commands_pending_key_prefix');
      expect(plan).toMatch(/Index Cond: \(\(key ~>=~ 'tender-clock:t-1:'::text\)/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('lets a projection reset delete only its own jobs', async () => {
    await schedule('mine', '2026-03-01T11:00:00.000Z');
    await scheduleCommand(db, 'another-projection', {
      key: 'theirs',
      kind: 'CloseSomething',
      target: 't',
      dueAt: '2026-03-01T11:00:00.000Z',
    });
    await deleteScheduledCommandsOf(db, 'test-source');
    expect((await listScheduledCommands(db)).map((job) => job.key)).toEqual(['theirs']);
  });
});

class CloseSomething extends Command<void> {
  constructor(
    readonly thing: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

describe('a job kind that is a command', () => {
  const closeSomething: ScheduledJobCommand = {
    kind: 'CloseSomething',
    command: (job, context) => new CloseSomething(job.target, context),
  };

  it('is executed on the command bus with the job context, and its refusal fails the job for good', async () => {
    const dispatched: ICommand[] = [];
    const dispatch = (command: ICommand) => {
      dispatched.push(command);
      if (dispatched.length > 1) return Promise.reject(new DomainError('thing.already_closed', 'closed'));
      return Promise.resolve();
    };
    const scheduler = new CommandScheduler(db, clock, { dispatch }).register(closeSomething);
    await schedule('a', '2026-03-01T11:00:00.000Z');
    await schedule('b', '2026-03-01T11:30:00.000Z');

    expect(await scheduler.runDue()).toEqual({ done: 1, failed: 1, retried: 0 });
    expect(dispatched[0]).toBeInstanceOf(CloseSomething);
    expect(dispatched[0]).toMatchObject({
      thing: 'thing-a',
      context: { actor: 'system', idempotencyKey: 'scheduled|a|2026-03-01T11:00:00.000Z' },
    });
    expect((await listScheduledCommands(db)).map((job) => [job.key, job.status])).toEqual([
      ['a', 'done'],
      ['b', 'failed'],
    ]);
  });
});
