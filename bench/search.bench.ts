import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { listTotal, DEFAULT_LIST_TOTAL_BOUND } from '@licita/platform/list-total';
import { searchStatement, totalStatement, withSupplierIds, type TenderSearch } from '@licita/transparency';
import { startApiProcess } from './api-process';
import { log, numberArg, percentile, resultOf, round, type Benchmark, type BenchRow } from './harness';
import { databaseFlags, projectedDatabase, QUERIED_PROJECTIONS } from './projected-database';
import { explain } from './queries.bench';

const TARGET_SEARCH_P95_MS = 50;
const TARGET_TOTAL_P95_MS = 100;

/**
 * Every search filter of the public list on its own (and a text query, and none), over the 200,000-tender
 * history the queries bench builds (the same cached database): for each, the p95 of `GET
 * /api/transparency/tenders?…` (a page of 20 and its total, through the built API in its own process, one
 * client, requests one after the other) beside the p95 of the same statements sent straight to PostgreSQL in the
 * same run (`withSupplierIds` where a supplier is named, `searchStatement`, then `listTotal` over `totalStatement`: what the API runs), and of the total alone.
 * The ratio is the API's price over the bare statements. EXPLAIN (ANALYZE, BUFFERS) of each page and total
 * statement goes to bench/results/search-plans.txt.
 *
 * Flags: `--tenders=N` (200000), `--mix`, `--seed` as the queries bench; `--rounds=R` requests per filter (200).
 */
export const searchBenchmark: Benchmark = {
  name: 'search',
  description:
    'each public search filter alone, and the total: p95 through the API vs the same SQL straight on PostgreSQL',
  async run(args) {
    const flags = databaseFlags(args, { tenders: 200_000, mix: 'compranet' });
    const { tenders } = flags;
    const rounds = numberArg(args, 'rounds', 200);
    const database = await projectedDatabase({ ...flags, projections: QUERIED_PROJECTIONS, log });
    const client = new Client({ connectionString: database.url });
    await client.connect();
    // What the API's DataSource gives listTotal: the rows.
    const rowsOf = { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows };
    // --plans-only: the EXPLAINs alone (no API, no timing), to compare plans across scales on a busy machine.
    const plansOnly = args.includes('--plans-only');
    const api = plansOnly ? undefined : await startApiProcess(database.env);
    try {
      const searches = await searchesOver(client);
      const rows: BenchRow[] = [];
      const plans: string[] = [];
      for (const [label, search] of searches) {
        log(`search: ${label}…`);
        const query = new URLSearchParams(
          Object.entries(search).map(([k, v]): [string, string] => [k, String(v)]),
        ).toString();
        // As the API: a supplier's words looked up first (timed below with the statements), then its ids.
        const resolved = await withSupplierIds(rowsOf, search);
        const page = searchStatement(resolved);
        const total = totalStatement(resolved);
        const pagePlan = await explain(client, page.sql, page.params);
        const countSql = `SELECT count(*) FROM (${total.sql} LIMIT ${DEFAULT_LIST_TOTAL_BOUND + 1}) AS bounded`;
        const totalPlan = await explain(client, countSql, total.params);
        plans.push(`${label}\n  page:  ${pagePlan.text}\n  total: ${totalPlan.text}`);
        if (!api) {
          rows.push({
            filter: label,
            'page ms': round(pagePlan.ms, 2),
            'page buffers': pagePlan.buffers,
            'total ms': round(totalPlan.ms, 2),
            'total buffers': totalPlan.buffers,
          });
          continue;
        }
        const url = `${api.url}/api/transparency/tenders?${query}`;
        let lastTotal = { value: 0, exact: true };
        const viaApi = await timed(rounds, async () => {
          const response = await fetch(url);
          if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
          lastTotal = ((await response.json()) as { total: typeof lastTotal }).total;
        });
        const direct = await timed(rounds, async () => {
          if (search.supplier) await withSupplierIds(rowsOf, search);
          await client.query(page.sql, page.params);
          await listTotal(rowsOf, total.sql, total.params, DEFAULT_LIST_TOTAL_BOUND);
        });
        const pageOnly = await timed(rounds, () => client.query(page.sql, page.params));
        const totalOnly = await timed(rounds, () =>
          listTotal(rowsOf, total.sql, total.params, DEFAULT_LIST_TOTAL_BOUND),
        );
        rows.push({
          filter: label,
          total: `${lastTotal.exact ? '' : '≈ '}${lastTotal.value.toLocaleString('en-US')}`,
          'API p50 ms': round(viaApi.p50, 1),
          'API p95 ms': round(viaApi.p95, 1),
          'SQL page+total p95 ms': round(direct.p95, 1),
          'API / SQL (p95)': `${round(viaApi.p95 / direct.p95, 1)}×`,
          'SQL page p95 ms': round(pageOnly.p95, 1),
          'SQL total p95 ms': round(totalOnly.p95, 1),
          'search < 50 ms': viaApi.p95 < TARGET_SEARCH_P95_MS ? 'met' : 'missed',
          'total < 100 ms': totalOnly.p95 < TARGET_TOTAL_P95_MS ? 'met' : 'missed',
        });
      }
      const folder = join(__dirname, '..', '..', 'bench', 'results');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `search-plans-${tenders}.txt`), `${plans.join('\n\n')}\n`);
      if (!api)
        return {
          ...resultOf(
            this,
            rows,
            `EXPLAIN (ANALYZE, BUFFERS) alone (--plans-only), after one run of each statement; the plans: bench/results/search-plans-${tenders}.txt.`,
          ),
          name: `search-plans-${tenders}`,
        };
      const missed = rows.filter((row) => row['search < 50 ms'] === 'missed' || row['total < 100 ms'] === 'missed');
      const result = resultOf(
        this,
        rows,
        `${database.summary.tenders.toLocaleString('en-US')} tenders (${database.summary.buyingUnits} buying units, ${database.summary.suppliers} suppliers), mix ${database.summary.mix}, seed ${database.summary.seed}; database ${database.provenance.reused ? `reused from ${database.folder}` : 'built in this run'}.`,
        `${rounds} requests per filter, one after the other, after ${WARM_UP} not measured; the API is dist/apps/api/main.js --role=api in its own process (pool of 10), the SQL is sent by one pg client in this process. "SQL page+total" is what the API runs for one request: the page statement, then the total (count over at most ${DEFAULT_LIST_TOTAL_BOUND + 1} rows, and past that the planner's estimate). Targets: search p95 < ${TARGET_SEARCH_P95_MS} ms, total p95 < ${TARGET_TOTAL_P95_MS} ms.`,
        missed.length ? `Missed: ${missed.map((row) => row.filter).join('; ')}.` : 'Every target met.',
        `EXPLAIN (ANALYZE, BUFFERS) of each page and total statement: bench/results/search-plans-${tenders}.txt.`,
      );
      return { ...result, name: `search-${tenders}` };
    } finally {
      await api?.stop();
      await client.end();
      await database.dispose();
    }
  },
};

const WARM_UP = 10;

async function timed(rounds: number, run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARM_UP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** One search per filter, with real values from the read models (the same every run: the seeded history). */
async function searchesOver(client: Client): Promise<Array<[string, TenderSearch]>> {
  const one = async <T>(sql: string): Promise<T> => ((await client.query(sql)).rows[0] ?? {}) as T;
  const numbered = await one<{ number: string }>(
    `SELECT number FROM transparency_tenders WHERE is_public AND number IS NOT NULL ORDER BY tender_id LIMIT 1`,
  );
  const unit = await one<{ id: string; state: string; municipality: string }>(
    `SELECT t.buying_unit_id AS id, bu.state_code AS state, bu.municipality_code AS municipality
       FROM transparency_tenders t JOIN buying_units bu USING (buying_unit_id)
      WHERE t.is_public AND bu.municipality_code IS NOT NULL GROUP BY 1, 2, 3 ORDER BY count(*) DESC, 1 LIMIT 1`,
  );
  const supplier = await one<{ name: string; rfc: string; id: string }>(
    `SELECT s.legal_name AS name, s.rfc, s.supplier_id AS id FROM transparency_suppliers s
      WHERE s.supplier_id = (SELECT supplier_id FROM transparency_awards GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1 OFFSET 10)`,
  );
  const division = await one<{ code: string }>(
    `SELECT code FROM transparency_tenders, unnest(classifier_codes) AS code WHERE is_public AND code ~ '^[0-9]{2}000000-' ORDER BY tender_id LIMIT 1`,
  );
  const published = await one<{ at: Date }>(
    'SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY published_at) AS at FROM transparency_tenders WHERE is_public',
  );
  const month = (from: Date) => ({
    from: from.toISOString(),
    to: new Date(from.getTime() + 30 * 86_400_000).toISOString(),
  });
  const publishedMonth = month(published.at);
  const numberPrefix = numbered.number?.split('-').slice(0, 2).join('-') ?? 'LA-';
  return [
    ['(no filter)', {}],
    [`number=${numberPrefix} (prefix)`, { number: numberPrefix.toLowerCase() }],
    [`number=${numbered.number} (exact)`, { number: numbered.number }],
    ['q=adquisicion', { q: 'adquisicion' }],
    ['q=tomografo (rare)', { q: 'tomografo' }],
    ['buyingUnitId', { buyingUnitId: unit.id }],
    ['buyingUnit=salud (name words)', { buyingUnit: 'salud' }],
    [`supplier=name`, { supplier: supplier.name }],
    [`supplier=RFC`, { supplier: supplier.rfc }],
    ['supplierId', { supplierId: supplier.id }],
    [`classifierCode=${division.code}`, { classifierCode: division.code }],
    [`stateCode=${unit.state}`, { stateCode: unit.state }],
    [
      `stateCode=${unit.state}&municipalityCode=${unit.municipality}`,
      { stateCode: unit.state, municipalityCode: unit.municipality },
    ],
    ['procedureType=invitation', { procedureType: 'invitation' }],
    ['status=completed', { status: 'completed' }],
    ['status=active.tendering', { status: 'active.tendering' }],
    ['minValue..maxValue (1M..50M MXN)', { minValue: 100_000_000, maxValue: 5_000_000_000 }],
    ['minAwardedValue (≥ 10M MXN)', { minAwardedValue: 1_000_000_000 }],
    ['publishedFrom..To (30 days)', { publishedFrom: publishedMonth.from, publishedTo: publishedMonth.to }],
    ['deadlineFrom..To (30 days)', { deadlineFrom: publishedMonth.from, deadlineTo: publishedMonth.to }],
  ];
}
