import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { EventToAppend } from '@licita/event-store/event-store.port';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { benchDatabase, round, throughput, type Benchmark, type BenchRow } from './harness';

const RAW_TABLE = `
CREATE TABLE raw_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id text NOT NULL, stream_revision bigint NOT NULL, event_id uuid NOT NULL, type text NOT NULL,
  data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (stream_id, stream_revision), UNIQUE (stream_id, event_id))`;

const data = {
  tenderId: 'tender-2026-000123',
  lotId: 'lot-1',
  amount: 12_345_600,
  currency: 'MXN',
  note: 'Oferta económica',
};
const metadata = {
  actor: 'account-supplier-42',
  correlationId: '9b1f0c4e-1d55-4c57-9d2f-4f1a7f3a2b10',
  occurredAt: '2026-03-01T18:00:00.000Z',
};
const event = (): EventToAppend => ({ id: randomUUID(), type: 'BidPlaced', data, metadata });

/**
 * Appends through our PostgreSQL event store (expected revision, idempotent ids, gap-safe order) against
 * plain INSERTs of the same rows into a table of the same shape, from the same process, in the same run.
 */
export const appendBenchmark: Benchmark = {
  name: 'append',
  description: 'events/s appended through the PostgreSQL event store vs raw INSERTs (same table shape, same run)',
  async run(args) {
    const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 4);
    const database = await benchDatabase();
    const store = await PostgresEventStore.create({ connectionString: database.url, poolSize: 70 });
    const raw = new Pool({ connectionString: database.url, max: 70 });
    await raw.query(RAW_TABLE);
    const rows: BenchRow[] = [];
    try {
      for (const batch of [1, 100]) {
        for (const writers of [1, 16, 64]) {
          const revisions = Array.from({ length: writers }, () => ({ stream: `bench-${randomUUID()}`, revision: -1n }));
          const ours = await throughput(writers, seconds * 1000, async (w) => {
            const s = revisions[w];
            const result = await store.appendToStream(s.stream, Array.from({ length: batch }, event), {
              expectedRevision: s.revision < 0n ? 'no_stream' : s.revision,
            });
            s.revision = result.nextExpectedRevision;
            return batch;
          });
          const rawRevisions = Array.from({ length: writers }, () => ({ stream: `raw-${randomUUID()}`, revision: 0 }));
          const plain = await throughput(writers, seconds * 1000, async (w) => {
            const s = rawRevisions[w];
            const events = Array.from({ length: batch }, event);
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
          rows.push({
            batch,
            writers,
            'event store (events/s)': round(ours),
            'raw INSERT (events/s)': round(plain),
            ratio: `${round((100 * ours) / plain)} %`,
          });
        }
      }
    } finally {
      await store.close();
      await raw.end();
      await database.dispose();
    }
    return {
      name: 'append',
      description: this.description,
      rows,
      notes: [
        `Each cell runs ${seconds} s against a durable (fsync on) embedded PostgreSQL; raw INSERTs use one statement per batch (unnest), as the store does. Target: ≥ 70 % of raw at 16 writers.`,
      ],
    };
  },
};
