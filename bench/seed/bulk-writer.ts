import type { Pool } from 'pg';
import { APPEND_NOTIFY_CHANNEL } from '@licita/event-store/postgres/postgres-event-store.schema';
import { APPENDS_IN_FLIGHT_LOCK } from '@licita/event-store/postgres/safe-frontier';
import type { Step } from './history';

type StreamChange = { expected: number; revision: number };

/**
 * Writes a generated history into the PostgreSQL event store's tables in large transactions, with the
 * invariants `es_append` keeps, so the result is indistinguishable from appends through the store:
 * - every stream's revisions run 0, 1, 2… in the order the deciders produced them;
 * - expected revisions hold: a stream seen for the first time must not exist (`no_stream`: plain INSERT into
 *   `es_streams`), a stream written by an earlier chunk must still be at the revision that chunk left
 *   (`UPDATE … WHERE revision = expected`, every row must match), else the chunk rolls back;
 * - global positions follow the order of the steps (one INSERT … ORDER BY ordinality per chunk);
 * - gap-safe order: each transaction takes the shared "append in flight" lock before its first position, as
 *   `es_append` does, so `SafeFrontier` readers (a running Licita) never skip a position of a chunk in flight.
 * One chunk is written while the next is generated; chunks commit one after the other.
 */
export class BulkEventWriter {
  private readonly revisions = new Map<string, number>();
  private changes = new Map<string, StreamChange>();
  private rows: string[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  eventsWritten = 0;

  constructor(
    private readonly pool: Pool,
    private readonly chunkSize = 5_000,
  ) {}

  /** Buffers a step; returns once the buffer is handed to the database (not necessarily committed). */
  async add(step: Step): Promise<void> {
    let revision = this.revisions.get(step.streamId) ?? -1;
    const change = this.changes.get(step.streamId) ?? { expected: revision, revision };
    for (const event of step.events) {
      revision++;
      this.rows.push(
        JSON.stringify({ s: step.streamId, r: revision, i: event.id, t: event.type, d: event.data, m: event.metadata }),
      );
    }
    change.revision = revision;
    this.changes.set(step.streamId, change);
    this.revisions.set(step.streamId, revision);
    if (this.rows.length >= this.chunkSize) await this.flush();
  }

  /** Starts writing what is buffered once the previous chunk committed. */
  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    const changes = this.changes;
    this.rows = [];
    this.changes = new Map();
    await this.inFlight;
    this.inFlight = this.write(rows, changes);
    this.inFlight.catch(() => undefined); // surfaced by the next flush or close
  }

  /** Writes the rest and waits for every chunk to commit. */
  async close(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  get streams(): number {
    return this.revisions.size;
  }

  private async write(rows: string[], changes: Map<string, StreamChange>): Promise<void> {
    const created = [...changes].filter(([, change]) => change.expected < 0);
    const continued = [...changes].filter(([, change]) => change.expected >= 0);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock_shared($1, $2)', [...APPENDS_IN_FLIGHT_LOCK]);
      if (created.length > 0) {
        await client.query(
          'INSERT INTO es_streams (stream_id, revision) SELECT * FROM unnest($1::text[], $2::bigint[])',
          [created.map(([stream]) => stream), created.map(([, change]) => change.revision)],
        );
      }
      if (continued.length > 0) {
        const { rowCount } = await client.query(
          `UPDATE es_streams s SET revision = e.revision
           FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS e(stream_id, expected, revision)
           WHERE s.stream_id = e.stream_id AND s.revision = e.expected`,
          [
            continued.map(([stream]) => stream),
            continued.map(([, change]) => change.expected),
            continued.map(([, change]) => change.revision),
          ],
        );
        if (rowCount !== continued.length)
          throw new Error(
            `seed: ${continued.length - (rowCount ?? 0)} streams were written by someone else meanwhile (wrong expected revision)`,
          );
      }
      await client.query(
        `INSERT INTO es_events (stream_id, stream_revision, event_id, type, data, metadata)
         SELECT e->>'s', (e->>'r')::bigint, (e->>'i')::uuid, e->>'t', e->'d', e->'m'
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
         ORDER BY x.ord`,
        [`[${rows.join(',')}]`],
      );
      await client.query('COMMIT');
      this.eventsWritten += rows.length;
      await client.query(`NOTIFY ${APPEND_NOTIFY_CHANNEL}`); // wakes the subscriptions of a running Licita
      client.release();
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      throw error;
    }
  }
}
