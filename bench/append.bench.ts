import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import {
  appendThroughput,
  numberArg,
  onBenchDatabase,
  resultOf,
  round,
  sampleEvent,
  throughput,
  type Benchmark,
  type BenchRow,
} from './harness';

const RAW_TABLE = `
CREATE TABLE raw_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id text NOT NULL, stream_revision bigint NOT NULL, event_id uuid NOT NULL, type text NOT NULL,
  data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (stream_id, stream_revision), UNIQUE (stream_id, event_id))`;

/**
 * Appends through our PostgreSQL event store (expected revision, idempotent ids, gap-safe order) against
 * plain INSERTs of the same rows into a table of the same shape, from the same process, in the same run.
 */
export const appendBenchmark: Benchmark = {
  name: 'append',
  description: 'events/s appended through the PostgreSQL event store vs raw INSERTs (same table shape, same run)',
  async run(args) {
    const seconds = numberArg(args, 'seconds', 4);
    const rows = await onBenchDatabase(async (database) => {
      const store = await PostgresEventStore.create({ connectionString: database.url, poolSize: 70 });
      const raw = new Pool({ connectionString: database.url, max: 70 });
      try {
        await raw.query(RAW_TABLE);
        return await appendRows(store, raw, seconds);
      } finally {
        await store.close();
        await raw.end();
      }
    });
    return resultOf(
      this,
      rows,
      `Each cell runs ${seconds} s against a durable (fsync on) embedded PostgreSQL; raw INSERTs use one statement per batch (unnest), as the store does. Target: ≥ 70 % of raw at 16 writers.`,
    );
  },
};

async function appendRows(store: PostgresEventStore, raw: Pool, seconds: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const batch of [1, 100]) {
    for (const writers of [1, 16, 64]) {
      const ours = await appendThroughput(store, writers, batch, seconds);
      const plain = await rawInsertThroughput(raw, writers, batch, seconds);
      rows.push({
        batch,
        writers,
        'event store (events/s)': round(ours),
        'raw INSERT (events/s)': round(plain),
        ratio: `${round((100 * ours) / plain)} %`,
      });
    }
  }
  return rows;
}

/** The same rows as plain INSERTs, one statement per batch. */
function rawInsertThroughput(raw: Pool, writers: number, batch: number, seconds: number) {
  const rawRevisions = Array.from({ length: writers }, () => ({ stream: `raw-${randomUUID()}`, revision: 0 }));
  return throughput(writers, seconds * 1000, async (w) => {
    const s = rawRevisions[w];
    const events = Array.from({ length: batch }, sampleEvent);
    await raw.query(
      `INSERT INTO raw_events (stream_id, stream_revision, event_id, type, data, metadata)
       SELECT $1, $2::bigint + e.ord - 1, e.id, e.type, e.data, e.metadata
       FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS e(id, type, data, metadata, ord)`,
      [
        s.stream,
        s.revision,
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
      ],
    );
    s.revision += batch;
    return batch;
  });
}
