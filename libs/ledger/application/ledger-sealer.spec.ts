import { generateKeyPairSync } from 'node:crypto';
import { EventStoreDbEventStore } from '@licita/event-store/eventstoredb/eventstoredb-event-store';
import { FakeEventStoreDb, type FakeEvent } from '@licita/event-store/eventstoredb/testing/fake-eventstoredb-server';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import type { EventStore } from '@licita/event-store/event-store.port';
import { ProjectionRunner } from '@licita/projections/projection-runner';
import { eventually, MemoryLogger } from '@licita/projections/testing/projection-testbed';
import { ManualClock } from '@licita/shared';
import { DataSource } from 'typeorm';
import { CreateProjectionCheckpoints1763856000100 } from '../../../migrations/1763856000100-CreateProjectionCheckpoints';
import { NotifyProjectionCheckpoints1796669238136 } from '../../../migrations/1796669238136-NotifyProjectionCheckpoints';
import { CreateLedger1763856600000 } from '../../../migrations/1763856600000-CreateLedger';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { type LoggedEvent, publicFormOf } from '../domain/public-form';
import { spkiOf } from '../verification/checkpoint';
import { consistencyPath } from '../verification/merkle';
import { BUNDLE_FORMAT, type LedgerBundle, verifyBundle } from '../verification/verify-bundle';
import { LedgerKey } from './ledger-key';
import { LedgerSealer } from './ledger-sealer.projection';
import { readCheckpoints, readEntries, withStoredTree } from './ledger-tables';

/**
 * The sealer reads the log through the event-store port, so either adapter carries the chain the same way:
 * here it seals a log served by EventStoreDB (the in-process gRPC stand-in, sparse commit positions) and one in
 * PostgreSQL, into the same ledger tables, and the result verifies like any export.
 */
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const config = {
  ledger: {
    key: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    checkpointEveryEvents: 3,
    checkpointEveryMinutes: 10,
  },
};

let database: TestDatabase;
let dataSource: DataSource;
const closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  database = await createTestDatabase('ledger');
  dataSource = await new DataSource({
    type: 'postgres',
    url: database.url,
    migrations: [
      CreateProjectionCheckpoints1763856000100,
      NotifyProjectionCheckpoints1796669238136,
      CreateLedger1763856600000,
    ],
    logging: false,
  }).initialize();
  await dataSource.runMigrations();
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await dataSource.destroy();
  await database.drop();
});

async function sealWith(store: EventStore, count: number): Promise<void> {
  const runner = new ProjectionRunner({
    dataSource,
    eventStore: store,
    databaseUrl: database.url,
    pollIntervalMs: 50,
    lockRetryMs: 50,
    logger: new MemoryLogger(),
  });
  runner.register(new LedgerSealer(config, new LedgerKey(config), new ManualClock('2026-03-02T16:00:00.000Z')));
  await runner.start();
  closers.push(() => runner.stop());
  await eventually(`${count} events sealed`, async () => (await readEntries(dataSource, -1n, 1_000)).length === count);
}

/** What the export would say, from the ledger tables and the events as the test knows them. */
async function bundleOf(events: LoggedEvent[]): Promise<LedgerBundle> {
  const entries = await readEntries(dataSource, -1n, 1_000);
  const checkpoints = await readCheckpoints(dataSource, 0, 1_000);
  const consistency = [];
  for (let i = 1; i < checkpoints.length; i++) {
    const [from, to] = [checkpoints[i - 1].treeSize, checkpoints[i].treeSize];
    consistency.push({
      from,
      to,
      path: (await withStoredTree(dataSource, (node) => consistencyPath(node, from, to))).map((hash) =>
        hash.toString('hex'),
      ),
    });
  }
  return {
    format: BUNDLE_FORMAT,
    publicKey: spkiOf(publicKey).toString('base64'),
    checkpoints,
    consistency,
    entries: entries.map((entry) => ({
      leafIndex: entry.leafIndex,
      position: entry.position.toString(),
      leafHash: entry.leafHash,
      chainHash: entry.chainHash,
      event: publicFormOf(events.find((event) => event.globalPosition === entry.position) as LoggedEvent),
    })),
  };
}

const tenderEvent = (i: number) => ({
  type: ['TenderPublished', 'QuestionAnswered', 'AccountCreated'][i % 3],
  data: { tenderId: 't1', n: i },
  metadata: { actor: 'account-b1', correlationId: `c-${i}`, occurredAt: '2026-03-02T16:00:00.000Z' },
});

/** Events `from` to `to` (excluded), each the first of a stream `tender-<i>` of its own. */
async function appendTenderEvents(store: PostgresEventStore, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++)
    await store.appendToStream(`tender-${i}`, [{ id: `00000000-0000-4000-8000-00000000000${i}`, ...tenderEvent(i) }], {
      expectedRevision: 'no_stream',
    });
}

describe('the sealer', () => {
  it('seals a log served by EventStoreDB, at its commit positions, into a ledger that verifies', async () => {
    const fake = await FakeEventStoreDb.start();
    closers.push(() => fake.stop());
    const logged: FakeEvent[] = Array.from({ length: 7 }, (_, i) => ({
      position: BigInt(1_000 + i * 417),
      streamId: i % 3 === 2 ? 'account-a1' : 'tender-t1',
      revision: BigInt(i),
      ...tenderEvent(i),
    }));
    fake.append(...logged);
    const store = EventStoreDbEventStore.connect(fake.url);
    closers.push(() => store.close());
    await sealWith(store, 7);

    // The stand-in makes up event ids on every read: the ids are the ones the sealer saw, kept with each entry.
    const ids: Array<{ position: string; event_id: string }> = await dataSource.query(
      'SELECT position::text AS position, event_id FROM ledger_entries',
    );
    const events = logged.map((event) => ({
      id: ids.find((row) => row.position === event.position.toString())?.event_id as string,
      type: event.type,
      streamId: event.streamId,
      streamRevision: event.revision as bigint,
      globalPosition: event.position,
      recordedAt: new Date('2026-01-15T16:00:00.123Z'),
      data: event.data as object,
      metadata: event.metadata as object,
    }));
    const bundle = await bundleOf(events);
    expect(bundle.entries.map((entry) => entry.position)).toEqual(logged.map((event) => event.position.toString()));
    expect(bundle.checkpoints.map((checkpoint) => [checkpoint.treeSize, checkpoint.position])).toEqual([
      [3, '1834'],
      [6, '3085'],
    ]);
    expect(verifyBundle(bundle)).toMatchObject({ ok: true, events: 7, checkpoints: 2 });
  });

  it('seals a PostgreSQL log the same way, across batches and a restart, each event once', async () => {
    const store = await PostgresEventStore.create({ connectionString: database.url });
    closers.push(() => store.close());
    await appendTenderEvents(store, 0, 4);
    await sealWith(store, 4);
    await closers.pop()?.(); // the runner stops, as in a restart
    await appendTenderEvents(store, 4, 8);
    await sealWith(store, 8);

    const bundle = await bundleOf(await store.readAll());
    expect(bundle.entries.map((entry) => entry.leafIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(bundle.checkpoints.map((checkpoint) => checkpoint.treeSize)).toEqual([3, 6]);
    expect(verifyBundle(bundle)).toMatchObject({ ok: true, events: 8 });
  });
});
