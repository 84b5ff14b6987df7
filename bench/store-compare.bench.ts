import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { EVENT_STORE_SCHEMA_SQL } from '@licita/event-store/postgres/postgres-event-store.schema';
import {
  appendThroughput,
  numberArg,
  onBenchDatabase,
  resultOf,
  round,
  sampleEvent,
  type Benchmark,
  type BenchRow,
} from './harness';

/**
 * The store's schema with guarantees switched off, each in a PostgreSQL schema of its own. The real
 * PostgresEventStore runs against each through `search_path`, so the client code path is the same and only
 * the SQL differs. The variants live here, never in the library.
 */
const GUARANTEES = {
  expectedRevision: {
    // No stream row to create, lock, check and move on: the revision comes from the events themselves, unchecked.
    from: /IF p_expected = -1 THEN\n {4}-- A new stream[\s\S]*?\n {2}END IF;\n {2}RETURN QUERY/,
    to: 'v_current := coalesce((SELECT max(e.stream_revision) FROM es_events e WHERE e.stream_id = p_stream), -1);\n  RETURN QUERY',
  },
  idempotentIds: { from: /\nCREATE UNIQUE INDEX IF NOT EXISTS es_events_stream_event_id_key\n[^\n]*\n/, to: '\n' },
  gapSafeOrder: { from: /PERFORM pg_advisory_xact_lock_shared\(7150300, 0\);/, to: '' },
} as const;

type Guarantee = keyof typeof GUARANTEES;

export const VARIANTS: Array<{ name: string; schema: string; off: Guarantee[] }> = [
  { name: 'every guarantee on (the store)', schema: 'v_all', off: [] },
  { name: 'without expected revision', schema: 'v_no_expected', off: ['expectedRevision'] },
  { name: 'without idempotent ids', schema: 'v_no_idempotency', off: ['idempotentIds'] },
  { name: 'without gap-safe order', schema: 'v_no_gap_safety', off: ['gapSafeOrder'] },
  { name: 'none of them', schema: 'v_none', off: ['expectedRevision', 'idempotentIds', 'gapSafeOrder'] },
];

export function variantSql(off: Guarantee[]): string {
  return off.reduce((sql, guarantee) => {
    const { from, to } = GUARANTEES[guarantee];
    if (!from.test(sql))
      throw new Error(`store-compare: the schema changed, cannot switch off ${guarantee}; update the variant`);
    return sql.replace(from, to);
  }, EVENT_STORE_SCHEMA_SQL);
}

const withSchema = (url: string, schema: string) => {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
};

const EVENT_COLUMNS =
  'global_position::text, stream_id, stream_revision::text, event_id, type, data, metadata, recorded_at';

/**
 * What each guarantee of the PostgreSQL event store costs: appends/s at 1 and 16 writers (single events and
 * batches of 100) with every guarantee, each one off, and all off; and a subscriber's catch-up events/s with
 * the gap-safe frontier (the store's readAll) and without it (a plain ordered scan).
 */
export const storeCompareBenchmark: Benchmark = {
  name: 'store-compare',
  description:
    'what each guarantee of the PostgreSQL event store costs: appends/s and catch-up events/s with it on and off',
  async run(args) {
    const seconds = numberArg(args, 'seconds', 3);
    const rounds = numberArg(args, 'rounds', 3);
    const catchUp = numberArg(args, 'catch-up', 200_000);
    const rows = await onBenchDatabase(async (database) => {
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      try {
        for (const variant of VARIANTS)
          await admin.query(
            `CREATE SCHEMA ${variant.schema}; SET search_path = ${variant.schema}; ${variantSql(variant.off)}`,
          );
        return [
          ...(await appendRows(admin, database.url, seconds, rounds)),
          ...(await catchUpRows(database.url, catchUp)),
        ];
      } finally {
        await admin.end();
      }
    });
    return resultOf(
      this,
      rows,
      `Durable embedded PostgreSQL; each append cell runs ${seconds} s, ${rounds} rounds (variants in turn, rotated order, a CHECKPOINT before each run; median figures, and the median and each round of the ratio), through PostgresEventStore.appendToStream (each writer its own stream, stating its expected revision) against the store's schema with a guarantee switched off in the SQL (expected revision: no es_streams row lock and check; idempotent ids: no unique index on (the stream's hash, event_id); gap-safe order: no shared advisory lock "an append in flight" before the first position). "vs all on": the store's figure as a share of the variant's — the price of the guarantee.`,
      `Catch-up: the whole log of the store's schema (${catchUp.toLocaleString('en-US')} events added to what the append cells wrote) read from position 0: through the store's subscribeToAll (pages of 1,000 up to the safe frontier), its readAll (pages of 5,000), and the store's page statement bounded by max(global_position) instead of the frontier.`,
    );
  },
};

/**
 * Appends/s of each variant, batch by batch and writers by writers, against the store with all guarantees on.
 * Each cell is measured `rounds` times, the variants in turn and in a rotated order each round, every run after a
 * CHECKPOINT (so none inherits another's dirty pages or starts half-way to a checkpoint's full-page writes); a
 * cell's figure is the median of its runs and "vs all on" the median of the rounds' ratios (each ratio between
 * runs seconds apart). WAL bytes per event are the server's own count (pg_current_wal_insert_lsn), which the
 * machine's load does not move.
 */
async function appendRows(admin: Client, url: string, seconds: number, rounds: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const batch of [1, 100]) {
    for (const writers of [1, 16]) {
      const perSecond = VARIANTS.map((): number[] => []);
      const walPerEvent = VARIANTS.map((): number[] => []);
      for (let turn = 0; turn < rounds; turn++) {
        for (let k = 0; k < VARIANTS.length; k++) {
          const i = (k + turn) % VARIANTS.length;
          const store = await PostgresEventStore.create({
            connectionString: withSchema(url, VARIANTS[i].schema),
            poolSize: writers + 2,
            installSchema: false,
          });
          await admin.query('CHECKPOINT');
          const from = await walPosition(admin);
          const events = await appendThroughput(store, writers, batch, seconds);
          const walBytes = await walSince(admin, from);
          perSecond[i].push(events);
          walPerEvent[i].push(walBytes / (events * seconds));
          await store.close();
        }
      }
      VARIANTS.forEach((variant, i) =>
        rows.push({
          workload: `append, batch ${batch}, ${writers} writer${writers > 1 ? 's' : ''}`,
          variant: variant.name,
          'events/s': round(median(perSecond[i])),
          'vs all on': `${round(median(perSecond[0].map((all, r) => (100 * all) / perSecond[i][r])))} %`,
          'rounds (vs all on)': perSecond[0].map((all, r) => `${round((100 * all) / perSecond[i][r])}`).join(' / '),
          'WAL bytes/event': round(median(walPerEvent[i])),
        }),
      );
    }
  }
  return rows;
}

const walPosition = async (admin: Client): Promise<string> =>
  String((await admin.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0].lsn);

const walSince = async (admin: Client, from: string): Promise<number> =>
  Number(
    (
      await admin.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1)::text AS bytes', [
        from,
      ])
    ).rows[0].bytes,
  );

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function catchUpRows(url: string, events: number): Promise<BenchRow[]> {
  const store = await PostgresEventStore.create({
    connectionString: withSchema(url, 'v_all'),
    poolSize: 20,
    installSchema: false,
  });
  const pool = new Pool({ connectionString: withSchema(url, 'v_all'), max: 4 });
  try {
    const fill = Array.from({ length: 16 }, () => `catch-up-${randomUUID()}`);
    await Promise.all(
      fill.map(async (stream) => {
        for (let revision = -1n; revision < BigInt(events / 16) - 1n;) {
          revision = (
            await store.appendToStream(stream, Array.from({ length: 100 }, sampleEvent), {
              expectedRevision: revision < 0n ? 'no_stream' : revision,
            })
          ).nextExpectedRevision;
        }
      }),
    );
    await pool.query('VACUUM ANALYZE es_events');
    const total = Number((await pool.query('SELECT count(*) FROM es_events')).rows[0].count);

    const timed = async (read: () => Promise<number>) => {
      const started = process.hrtime.bigint();
      const count = await read();
      return count / (Number(process.hrtime.bigint() - started) / 1e9);
    };
    const subscription = await timed(async () => {
      let count = 0;
      const feed = store.subscribeToAll();
      for await (const _ of feed) if (++count >= total) break;
      await feed.close();
      return count;
    });
    const readAll = await timed(async () => {
      let count = 0;
      for (
        let from = 0n, page;
        (page = await store.readAll({ fromPosition: from, maxCount: 5_000 })).length;
        from = page[page.length - 1].globalPosition
      )
        count += page.length;
      return count;
    });
    const plain = await timed(async () => {
      let count = 0;
      // The store's statement, bounded by max(global_position) instead of the safe frontier.
      const head = (await pool.query('SELECT max(global_position)::text AS head FROM es_events')).rows[0].head;
      const sql = `SELECT ${EVENT_COLUMNS} FROM es_events WHERE global_position > $1 AND global_position <= $2 ORDER BY es_events.global_position LIMIT 1000`;
      for (
        let from = '0', page;
        (page = (await pool.query(sql, [from, head])).rows).length;
        from = page[page.length - 1].global_position
      ) {
        count += page.length;
      }
      return count;
    });
    const row = (variant: string, perSecond: number) => ({
      workload: `catch-up from 0, ${total.toLocaleString('en-US')} events`,
      variant,
      'events/s': round(perSecond),
      'vs all on': `${round((100 * subscription) / perSecond)} %`,
      'rounds (vs all on)': '',
      'WAL bytes/event': '',
    });
    return [
      row('subscribeToAll, safe frontier (the store)', subscription),
      row('readAll, pages of 5,000 (the store)', readAll),
      row('same pages, bounded by max(global_position), no frontier', plain),
    ];
  } finally {
    await pool.end();
    await store.close();
  }
}
