import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { TENDER_VIEW_STATEMENT } from '@licita/tendering';
import { DETAIL_STATEMENT } from '@licita/transparency';
import { startApiProcess } from './api-process';
import { log, numberArg, percentile, resultOf, round, type Benchmark, type BenchRow } from './harness';
import { databaseFlags, projectedDatabase, QUERIED_PROJECTIONS } from './projected-database';
import { explain } from './queries.bench';

const TARGET_DETAIL_P95_MS = 15;
const IDS = 200;

/**
 * A procedure's detail at a scale: `GET /api/transparency/tenders/{id}` (the public record, its unit, opening
 * and timeline) and `GET /api/tenders/{id}` (tendering's view), each over the same 200 procedures drawn at random
 * (a fixed seed), one request after the other, beside the same statement sent straight to PostgreSQL in the same
 * run (`DETAIL_STATEMENT`, `TENDER_VIEW_STATEMENT`). EXPLAIN (ANALYZE, BUFFERS) of each statement for the first
 * procedure, the largest one (most timeline steps) and a median one goes to bench/results/detail-plans-<N>.txt.
 *
 * Flags: `--tenders=N` (the scale: a database `npm run bench:data -- --procedures N` built, or built here),
 * `--mix`, `--seed`, `--rounds=R` (each of the 200 ids R times; 2), `--fresh`.
 */
export const detailBenchmark: Benchmark = {
  name: 'detail',
  description: 'a procedure detail (transparency record, tender view): p95 through the API vs the same SQL, by scale',
  async run(args) {
    const flags = databaseFlags(args, { tenders: 100_000, mix: 'compranet' });
    const { tenders } = flags;
    const rounds = numberArg(args, 'rounds', 2);
    const database = await projectedDatabase({ ...flags, projections: QUERIED_PROJECTIONS, log });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const api = await startApiProcess(database.env);
    try {
      const ids = await sampleIds(client);
      const count = await client.query<{ n: string }>('SELECT count(*) AS n FROM transparency_tenders WHERE is_public');
      const endpoints: Array<{ label: string; path: (id: string) => string; sql: string }> = [
        {
          label: 'GET /api/transparency/tenders/{id}',
          path: (id) => `/api/transparency/tenders/${id}`,
          sql: DETAIL_STATEMENT,
        },
        { label: 'GET /api/tenders/{id}', path: (id) => `/api/tenders/${id}`, sql: TENDER_VIEW_STATEMENT },
      ];
      const rows: BenchRow[] = [];
      const plans: string[] = [];
      for (const endpoint of endpoints) {
        log(`detail: ${endpoint.label}…`);
        const viaApi = await timed(ids, rounds, async (id) => {
          const response = await fetch(`${api.url}${endpoint.path(id)}`);
          if (!response.ok) throw new Error(`${endpoint.path(id)}: ${response.status} ${await response.text()}`);
          await response.arrayBuffer();
        });
        const direct = await timed(ids, rounds, (id) => client.query(endpoint.sql, [id]));
        rows.push({
          endpoint: endpoint.label,
          'API p50 ms': round(viaApi.p50, 1),
          'API p95 ms': round(viaApi.p95, 1),
          'SQL p50 ms': round(direct.p50, 2),
          'SQL p95 ms': round(direct.p95, 2),
          'API / SQL (p95)': `${round(viaApi.p95 / direct.p95, 1)}×`,
          [`detail < ${TARGET_DETAIL_P95_MS} ms`]: viaApi.p95 < TARGET_DETAIL_P95_MS ? 'met' : 'missed',
        });
        for (const [which, id] of Object.entries(await planIds(client, ids))) {
          const plan = await explain(client, endpoint.sql, [id]);
          plans.push(`${endpoint.label}, ${which} (${id})\n  ${plan.text}`);
        }
      }
      const folder = join(__dirname, '..', '..', 'bench', 'results');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `detail-plans-${tenders}.txt`), `${plans.join('\n\n')}\n`);
      const missed = rows.filter((row) => row[`detail < ${TARGET_DETAIL_P95_MS} ms`] === 'missed');
      return {
        ...resultOf(
          this,
          rows,
          `${Number(count.rows[0].n).toLocaleString('en-US')} public procedures in the read model (${database.summary.tenders.toLocaleString('en-US')} generated, ${database.summary.events.toLocaleString('en-US')} events, ${database.summary.buyingUnits} buying units, ${database.summary.suppliers} suppliers), mix ${database.summary.mix}, seed ${database.summary.seed}; database ${database.provenance.reused ? `reused from ${database.folder}` : 'built in this run'}.`,
          `${IDS} procedures drawn at random (setseed), each requested ${rounds} times, one request after the other after ${WARM_UP} not measured; the API is dist/apps/api/main.js --role=api in its own process, the SQL is sent by one pg client in this process. Target: detail p95 < ${TARGET_DETAIL_P95_MS} ms.`,
          missed.length ? `Missed: ${missed.map((row) => row.endpoint).join('; ')}.` : 'Every target met.',
          `EXPLAIN (ANALYZE, BUFFERS) of each statement: bench/results/detail-plans-${tenders}.txt.`,
        ),
        name: `detail-${tenders}`,
      };
    } finally {
      await api.stop();
      await client.end();
      await database.dispose();
    }
  },
};

const WARM_UP = 10;

/** The same ids every run on the same database. */
async function sampleIds(client: Client): Promise<string[]> {
  await client.query('SELECT setseed(0.2026)');
  const { rows } = await client.query<{ id: string }>(
    // Ids a path may carry (a database replicated by an earlier bench:data named its copies `id~g`: not these).
    `SELECT tender_id AS id FROM transparency_tenders WHERE is_public AND tender_id ~ '^[A-Za-z0-9._:-]{1,200}$'
      ORDER BY random() LIMIT ${IDS}`,
  );
  return rows.map((row) => row.id);
}

/** The first sampled id, the one with the longest timeline, and a median one. */
async function planIds(client: Client, ids: string[]): Promise<Record<string, string>> {
  const { rows } = await client.query<{ id: string; steps: number }>(
    `SELECT tender_id AS id, count(*)::int AS steps FROM transparency_timeline WHERE tender_id = ANY($1::text[])
      GROUP BY 1 ORDER BY 2, 1`,
    [ids],
  );
  return {
    first: ids[0],
    ...(rows.length ? { longest: rows[rows.length - 1].id, median: rows[rows.length >> 1].id } : {}),
  };
}

async function timed(
  ids: string[],
  rounds: number,
  run: (id: string) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARM_UP; i++) await run(ids[i % ids.length]);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++)
    for (const id of ids) {
      const started = process.hrtime.bigint();
      await run(id);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}
