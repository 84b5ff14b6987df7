import type { EventFilter, RecordedEvent } from '@licita/event-store/event-store.port';
import type { Projection, ProjectionTransaction } from '../projection';

export interface EventCount {
  type: string;
  count: number;
}

export interface EventCountsOptions {
  name?: string;
  version?: number;
  filter?: EventFilter;
  /** Recorded with every applied event, to tell two runners apart. */
  appliedBy?: string;
  rebuildWithoutIndexesOn?: string[];
}

/**
 * A test projection: counts events per type (the read model) and logs every event it applies with who
 * applied it (`applied_events`, deliberately without a unique key, so a double apply shows as a duplicate
 * instead of an error). Hooks let a test make a batch fail or hang half-way.
 */
export class EventCountsProjection implements Projection {
  readonly name: string;
  readonly version: number;
  readonly filter: EventFilter;
  readonly appliedBy: string;
  readonly rebuildWithoutIndexesOn?: string[];
  /** When it returns true for an event, the batch throws after writing the events before it. */
  failOn?: (event: RecordedEvent) => boolean;
  /** Awaited after the batch is written and before it returns (a slow or stuck handler). */
  hold?: () => Promise<void>;
  batches = 0;

  constructor(options: EventCountsOptions = {}) {
    this.name = options.name ?? 'event-counts';
    this.version = options.version ?? 1;
    this.filter = options.filter ?? {};
    this.appliedBy = options.appliedBy ?? 'runner';
    this.rebuildWithoutIndexesOn = options.rebuildWithoutIndexesOn;
  }

  static async createTables(db: { query(sql: string): Promise<unknown> }): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS test_event_counts (type text PRIMARY KEY, count bigint NOT NULL);
      CREATE TABLE IF NOT EXISTS test_applied_events (position bigint NOT NULL, type text NOT NULL, applied_by text NOT NULL);
      CREATE INDEX IF NOT EXISTS test_applied_events_type ON test_applied_events (type, position)`);
  }

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    this.batches += 1;
    const failing = this.failOn ? events.findIndex(this.failOn) : -1;
    const applied = failing >= 0 ? events.slice(0, failing) : events;
    await this.write(applied, tx);
    if (failing >= 0) throw new Error(`cannot count event at position ${events[failing].globalPosition}`);
    await this.hold?.();
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE test_event_counts, test_applied_events');
  }

  /** Bulk writes: one statement per table, whatever the batch size. */
  private async write(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    if (events.length === 0) return;
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    await tx.query(
      `INSERT INTO test_event_counts (type, count) SELECT * FROM unnest($1::text[], $2::bigint[])
       ON CONFLICT (type) DO UPDATE SET count = test_event_counts.count + EXCLUDED.count`,
      [[...counts.keys()], [...counts.values()]],
    );
    await tx.query(
      `INSERT INTO test_applied_events (position, type, applied_by) SELECT p, t, $3 FROM unnest($1::bigint[], $2::text[]) AS e(p, t)`,
      [events.map((event) => event.globalPosition.toString()), events.map((event) => event.type), this.appliedBy],
    );
  }
}

export async function readEventCounts(db: { query(sql: string): Promise<any> }): Promise<EventCount[]> {
  const rows: { type: string; count: string }[] = await db.query(
    'SELECT type, count::text AS count FROM test_event_counts ORDER BY type',
  );
  return rows.map((row) => ({ type: row.type, count: Number(row.count) }));
}

export interface AppliedSummary {
  applied: number;
  distinct: number;
  byRunner: Record<string, number>;
}

export async function readApplied(db: { query(sql: string): Promise<any> }): Promise<AppliedSummary> {
  const [totals]: { applied: number; distinct: number }[] = await db.query(
    'SELECT count(*)::int AS applied, count(DISTINCT position)::int AS distinct FROM test_applied_events',
  );
  const runners: { applied_by: string; applied: number }[] = await db.query(
    'SELECT applied_by, count(*)::int AS applied FROM test_applied_events GROUP BY applied_by ORDER BY applied_by',
  );
  return { ...totals, byRunner: Object.fromEntries(runners.map((row) => [row.applied_by, row.applied])) };
}
