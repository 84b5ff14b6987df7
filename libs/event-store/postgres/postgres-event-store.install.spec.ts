import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { CreateEventStore1763856000000 } from '../../../migrations/1763856000000-CreateEventStore';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { anEvent } from '../conformance/event-store.conformance';
import { IdempotencyConflict } from '../event-store.errors';
import { PostgresEventStore } from './postgres-event-store';

/**
 * The schema install raced at start-up: API and projector processes start together on a fresh database, and in
 * each of them the start-up migration (on its own transaction) runs beside the store's own install. Each test
 * takes a fresh database; N stores start at once.
 */
const N = 6;

let database: TestDatabase;
let admin: Client;
const stores: PostgresEventStore[] = [];

beforeEach(async () => {
  database = await createTestDatabase('install');
  admin = new Client({ connectionString: database.url });
  await admin.connect();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await admin.end();
  await database.drop();
});

/** N stores created at once; each settles to the store or to the error it failed with. */
const startStores = () =>
  Promise.all(
    Array.from({ length: N }, () =>
      PostgresEventStore.create({ connectionString: database.url, poolSize: 2 }).then(
        (store) => (stores.push(store), store),
        (error: Error) => error,
      ),
    ),
  );

/** How many connections of the stores wait on a lock (advisory or a row of the catalogue) right now. */
async function storesWaitingOnALock(): Promise<number> {
  const { rows } = await admin.query<{ waiting: number }>(
    `SELECT count(*)::int AS waiting FROM pg_stat_activity
     WHERE datname = current_database() AND application_name = 'licita-event-store' AND wait_event_type = 'Lock'`,
  );
  return rows[0].waiting;
}

async function until(condition: () => Promise<boolean>, withinMs = 15_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await new Promise((wait) => setTimeout(wait, 20));
  }
}

async function expectEveryStoreAppends(started: Array<PostgresEventStore | Error>): Promise<void> {
  expect(started.filter((result) => result instanceof Error).map((error) => String(error))).toEqual([]);
  for (const store of started as PostgresEventStore[])
    await store.appendToStream(`install-${randomUUID()}`, [anEvent('Installed')], { expectedRevision: 'no_stream' });
  const { rows } = await admin.query<{ count: number }>('SELECT count(*)::int AS count FROM es_events');
  expect(rows[0].count).toBe(N);
}

it(`${N} stores starting while the start-up migration's transaction has installed the schema but not committed: all start`, async () => {
  const dataSource = await new DataSource({ type: 'postgres', url: database.url, logging: false }).initialize();
  let migration: QueryRunner | undefined = dataSource.createQueryRunner();
  try {
    // What TypeORM does with `transaction: 'each'`: the migration's install inside a transaction left open here.
    await migration.startTransaction();
    await new CreateEventStore1763856000000().up(migration);
    const starting = startStores();
    // Every store has found the schema missing and now waits: on the install lock, or (when that lock was already
    // free again) on the catalogue rows of the migration's uncommitted tables.
    await until(async () => (await storesWaitingOnALock()) === N);
    await migration.commitTransaction();
    await migration.release();
    migration = undefined;
    await expectEveryStoreAppends(await starting);
  } finally {
    if (migration?.isTransactionActive) await migration.rollbackTransaction();
    await migration?.release();
    await dataSource.destroy();
  }
});

it(`${N} stores and the real start-up migration on a fresh database at once: all start, the migration applies`, async () => {
  const dataSource = await new DataSource({
    type: 'postgres',
    url: database.url,
    logging: false,
    migrations: [CreateEventStore1763856000000],
    migrationsTableName: 'migrations',
  }).initialize();
  try {
    const [started, applied] = await Promise.all([
      startStores(),
      dataSource.runMigrations({ transaction: 'each' }).catch((error: Error) => error),
    ]);
    expect(applied).toEqual([expect.objectContaining({ name: 'CreateEventStore1763856000000' })]);
    await expectEveryStoreAppends(started);
  } finally {
    await dataSource.destroy();
  }
});

it('a database with the earlier idempotency constraint on (stream_id, event_id) gets the narrower index and keeps its guarantee', async () => {
  const first = await PostgresEventStore.create({ connectionString: database.url, poolSize: 2 });
  stores.push(first);
  await admin.query('DROP INDEX es_events_stream_event_id_key');
  await admin.query('ALTER TABLE es_events ADD CONSTRAINT es_events_stream_event_id_key UNIQUE (stream_id, event_id)');
  const stream = `install-${randomUUID()}`;
  const events = [anEvent('Installed'), anEvent('Renamed')];
  const appended = await first.appendToStream(stream, events, { expectedRevision: 'no_stream' });

  const upgraded = await PostgresEventStore.create({ connectionString: database.url, poolSize: 2 });
  stores.push(upgraded);
  const { rows } = await admin.query<{ definition: string; constraints: number }>(
    `SELECT pg_get_indexdef('es_events_stream_event_id_key'::regclass) AS definition,
            (SELECT count(*)::int FROM pg_constraint WHERE conname = 'es_events_stream_event_id_key') AS constraints`,
  );
  expect(rows[0].definition).toContain('hashtextextended(stream_id, (0)::bigint), event_id');
  expect(rows[0].constraints).toBe(0);
  // A retry is still the earlier append; an id reused beside a new one is refused.
  await expect(upgraded.appendToStream(stream, events, { expectedRevision: 'any' })).resolves.toEqual(appended);
  await expect(
    upgraded.appendToStream(stream, [events[0], anEvent('Changed')], { expectedRevision: 'any' }),
  ).rejects.toThrow(IdempotencyConflict);
  expect((await upgraded.readStream(stream)).map((e) => e.id)).toEqual(events.map((e) => e.id));
});
