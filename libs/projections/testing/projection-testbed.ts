import { randomUUID } from 'node:crypto';
import type { EventStore } from '@licita/event-store/event-store.port';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { CreateProjectionCheckpoints1763856000100 } from '../../../migrations/1763856000100-CreateProjectionCheckpoints';
import { NotifyProjectionCheckpoints1796669238136 } from '../../../migrations/1796669238136-NotifyProjectionCheckpoints';
import { CreateProjectionDeferredIndexes1763856700000 } from '../../../migrations/1763856700000-CreateProjectionDeferredIndexes';
import { createMigratedTestDatabase, createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../projection-runner';
import type { ProjectionLogger } from '../projection-worker';
import { EventCountsProjection } from './event-counts.projection';

/** What a separate projector process would have: its own pool, its own event-store client. */
export interface ProcessLike {
  dataSource: DataSource;
  eventStore: EventStore;
}

/** Logs kept in memory so tests can read what the runner said. */
export class MemoryLogger implements ProjectionLogger {
  readonly lines: string[] = [];
  log = (message: string) => void this.lines.push(`log ${message}`);
  warn = (message: string) => void this.lines.push(`warn ${message}`);
  error = (message: string) => void this.lines.push(`error ${message}`);
}

/** A fresh database with the checkpoint table and the test projection's tables, and an event store in it. */
export class ProjectionTestbed {
  private readonly processes: ProcessLike[] = [];
  private readonly runners: ProjectionRunner[] = [];
  private streamCount = 0;

  private constructor(
    readonly database: TestDatabase,
    readonly main: ProcessLike,
  ) {
    this.processes.push(main);
  }

  static async start(): Promise<ProjectionTestbed> {
    const database = await createTestDatabase('projections');
    const eventStore = await PostgresEventStore.create({ connectionString: database.url });
    const dataSource = await openDataSource(database.url);
    await dataSource.runMigrations();
    await EventCountsProjection.createTables(dataSource);
    return new ProjectionTestbed(database, { dataSource, eventStore });
  }

  get db(): DataSource {
    return this.main.dataSource;
  }

  /** Another "process": separate connections to the same database. */
  async process(): Promise<ProcessLike> {
    const eventStore = await PostgresEventStore.create({ connectionString: this.database.url, installSchema: false });
    const dataSource = await openDataSource(this.database.url);
    const process = { dataSource, eventStore };
    this.processes.push(process);
    return process;
  }

  /** A runner with short delays, so tests do not wait for production back-offs. */
  runner(
    projections: EventCountsProjection[],
    process: ProcessLike = this.main,
    options: Partial<ProjectionRunnerOptions> = {},
  ): ProjectionRunner {
    const runner = new ProjectionRunner({
      ...process,
      lockRetryMs: 50,
      pollIntervalMs: 200,
      retryInitialMs: 20,
      retryMaxMs: 200,
      idleCheckpointMs: 0,
      logger: new MemoryLogger(),
      ...options,
    }).register(...projections);
    this.runners.push(runner);
    return runner;
  }

  /** `count` events spread over streams `order-…`, cycling through `types`; returns the last position. */
  async append(
    count: number,
    types = ['OrderPlaced', 'OrderPaid', 'OrderShipped'],
    streamPrefix = 'order-',
  ): Promise<bigint> {
    let last = 0n;
    for (let done = 0; done < count;) {
      const size = Math.min(100, count - done);
      const events = Array.from({ length: size }, (_, i) => ({
        id: randomUUID(),
        type: types[(done + i) % types.length],
        data: { n: done + i },
        metadata: { actor: 'system', correlationId: randomUUID(), occurredAt: new Date().toISOString() },
      }));
      const result = await this.main.eventStore.appendToStream(`${streamPrefix}${++this.streamCount}`, events, {
        expectedRevision: 'no_stream',
      });
      last = result.position;
      done += size;
    }
    return last;
  }

  async checkpoint(name = 'event-counts'): Promise<bigint | undefined> {
    const rows: { position: string }[] = await this.db.query(
      'SELECT position::text AS position FROM projection_checkpoints WHERE name = $1',
      [name],
    );
    return rows[0] ? BigInt(rows[0].position) : undefined;
  }

  /** Ends the lock connection of a runner's projection (by its `applicationName`), as if its process had died. */
  async killLockConnection(applicationName: string, projection = 'event-counts'): Promise<number> {
    const rows: { killed: boolean }[] = await this.db.query(
      'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1',
      [`${applicationName}:${projection}`.slice(0, 63)],
    );
    return rows.filter((row) => row.killed).length;
  }

  /** The indexes of a table (primary key included), by name. */
  async indexesOf(table: string): Promise<string[]> {
    const rows: { indexname: string }[] = await this.db.query(
      'SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY indexname',
      [table],
    );
    return rows.map((row) => row.indexname);
  }

  /** Sessions of this database waiting for a lock another transaction holds. */
  async lockWaiters(): Promise<number> {
    const [row]: { waiting: number }[] = await this.db.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return row.waiting;
  }

  async close(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
    for (const process of this.processes) {
      await process.eventStore.close();
      if (process.dataSource.isInitialized) await process.dataSource.destroy();
    }
    await this.database.drop();
  }
}

/** A fresh database named after `name`, an event store in it, and a connection that has run `migrations`. */
export async function aMigratedDatabase(
  name: string,
  migrations: DataSourceOptions['migrations'],
): Promise<{ database: TestDatabase; store: EventStore; db: DataSource }> {
  const { database, db } = await createMigratedTestDatabase(name, migrations);
  const store = await PostgresEventStore.create({ connectionString: database.url });
  return { database, store, db };
}

function openDataSource(url: string): Promise<DataSource> {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: [
      CreateProjectionCheckpoints1763856000100,
      NotifyProjectionCheckpoints1796669238136,
      CreateProjectionDeferredIndexes1763856700000,
    ],
    logging: false,
  }).initialize();
}

/**
 * Positions (bigints) as numbers, for expectations: a failed one holding a bigint cannot be sent from a Jest worker
 * to the runner (Jest sends test results as JSON: "Do not know how to serialize a BigInt"), and its message is lost.
 */
export function numbers(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(numbers);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, numbers(inner)]));
}

/** Polls until `check` returns a value that is not false/undefined; fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== undefined && result !== false) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
