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

  it('gives every event its stream revision and a consecutive global position, streams in id order', async () => {
    await store.appendToStream('many-g', [event(0), event(1)], { expectedRevision: 'no_stream' });
    const before = await store.headPosition();
    const results = await store.appendToStreams([
      { streamId: 'many-h', events: [event(0), event(1), event(2)], expectedRevision: 'any' },
      { streamId: 'many-g', events: [event(2)], expectedRevision: 'stream_exists' },
      { streamId: 'many-f', events: [event(0)], expectedRevision: 'no_stream' },
    ]);
    expect(results).toEqual([
      { nextExpectedRevision: 2n, position: before + 5n },
      { nextExpectedRevision: 2n, position: before + 2n },
      { nextExpectedRevision: 0n, position: before + 1n },
    ]);
    const appended = await store.readAll({ fromPosition: before });
    expect(appended.map((e) => [e.streamId, e.streamRevision, e.data.n])).toEqual([
      ['many-f', 0n, 0],
      ['many-g', 2n, 2],
      ['many-h', 0n, 0],
      ['many-h', 1n, 1],
      ['many-h', 2n, 2],
    ]);
    // The streams moved on: the next append states the revisions the batch answered.
    await store.appendToStream('many-g', [event(3)], { expectedRevision: 2n });
    await store.appendToStream('many-h', [event(3)], { expectedRevision: 2n });
  });

  it('refuses a stale revision, a stream that must exist and does not, and an id twice in one batch', async () => {
    await store.appendToStream('many-i', [event(0), event(1)], { expectedRevision: 'no_stream' });
    const before = await store.headPosition();
    const twice = event(0);
    for (const batch of [
      [{ streamId: 'many-i', events: [event(2)], expectedRevision: 0n }],
      [{ streamId: 'many-j', events: [event(0)], expectedRevision: 'stream_exists' as const }],
      [{ streamId: 'many-k', events: [twice, twice], expectedRevision: 'no_stream' as const }],
    ])
      await expect(store.appendToStreams(batch)).rejects.toBeInstanceOf(BatchAppendConflict);
    // (The refused insert may have used positions: a gap, as a refused es_append leaves.)
    expect(await store.readAll({ fromPosition: before })).toEqual([]);
    expect((await store.readStream('many-i')).map((e) => e.data.n)).toEqual([0, 1]);
    await expect(
      store.appendToStreams([
        { streamId: 'many-l', events: [event(0)], expectedRevision: 'no_stream' },
        { streamId: 'many-l', events: [event(1)], expectedRevision: 0n },
      ]),
    ).rejects.toBeInstanceOf(RangeError);
  });

  it('serializes two batches racing for the same new streams: one wins, the other is refused whole', async () => {
    const batch = () => [
      { streamId: 'many-race-a', events: [event(0)], expectedRevision: 'no_stream' as const },
      { streamId: 'many-race-b', events: [event(0)], expectedRevision: 'no_stream' as const },
    ];
    const outcomes = await Promise.allSettled([store.appendToStreams(batch()), store.appendToStreams(batch())]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.any(BatchAppendConflict) });
    expect(await store.readStream('many-race-a')).toHaveLength(1);
    expect(await store.readStream('many-race-b')).toHaveLength(1);
  });
});
