import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '../../../test/support/test-database';
import { BatchAppendConflict } from '../event-store.errors';
import type { EventToAppend } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';

const event = (n: number): EventToAppend => ({
  id: randomUUID(),
  type: 'Counted',
  data: { n },
  metadata: { actor: 'system', correlationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' },
});

const database = useTestDatabase('es_append_many');

describe('the PostgreSQL event store: appendToStreams', () => {
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = await PostgresEventStore.create({ connectionString: database.url, poolSize: 2 });
  });
  afterAll(() => store.close());

  it('appends to several streams at once, each at its expected revision, results in the order given', async () => {
    await store.appendToStream('many-b', [event(0)], { expectedRevision: 'no_stream' });
    const results = await store.appendToStreams([
      { streamId: 'many-b', events: [event(1), event(2)], expectedRevision: 0n },
      { streamId: 'many-a', events: [event(0)], expectedRevision: 'no_stream' },
    ]);
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([2n, 0n]);
    expect((await store.readStream('many-b')).map((e) => e.data.n)).toEqual([0, 1, 2]);
    expect((await store.readStream('many-a')).map((e) => e.data.n)).toEqual([0]);
  });

  it('refuses the whole batch when one stream is not at its expected revision: nothing is appended', async () => {
    await store.appendToStream('many-c', [event(0)], { expectedRevision: 'no_stream' });
    const before = await store.headPosition();
    await expect(
      store.appendToStreams([
        { streamId: 'many-d', events: [event(0)], expectedRevision: 'no_stream' },
        { streamId: 'many-c', events: [event(1)], expectedRevision: 'no_stream' },
      ]),
    ).rejects.toBeInstanceOf(BatchAppendConflict);
    expect(await store.readStream('many-d')).toEqual([]);
    expect(await store.headPosition()).toBe(before);
  });

  it('refuses an event id a stream already holds (a retried batch is appended stream by stream)', async () => {
    const first = event(0);
    await store.appendToStream('many-e', [first], { expectedRevision: 'no_stream' });
    await expect(
      store.appendToStreams([{ streamId: 'many-e', events: [first], expectedRevision: 0n }]),
    ).rejects.toBeInstanceOf(BatchAppendConflict);
    expect(await store.readStream('many-e')).toHaveLength(1);
  });
});
