import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  BulkMonthsHandler,
  BulkPeriodRecords,
  BulkPeriodRecordsHandler,
} from '@licita/transparency/ocds/application/queries/bulk-query.handlers';
import { OcdsBulkReleases } from '@licita/transparency/ocds/application/queries/ocds.queries';
import { OcdsBulkReleasesHandler } from '@licita/transparency/ocds/application/queries/ocds-query.handlers';
import { parsePeriod, type BulkPeriod } from '@licita/transparency/ocds/domain/bulk-period';
import { flatTable } from '@licita/transparency/ocds/domain/flat-tables';
import { csvOf, zipOf } from '@licita/transparency/ocds/http/bulk.controller';
import { arg, log, numberArg, resultOf, round, type Benchmark, type BenchRow } from './harness';
import { projectedDatabase } from './projected-database';
import type { ProcedureMix } from './seed/history';

/**
 * The bulk CSV files (libs/transparency/ocds/http/bulk.controller.ts) over a generated history whose `ocds` read
 * model the real projection built: the zip of the busiest month and of the year, and one table alone, each
 * streamed to a byte counter exactly as the controller streams it to a response. Baseline in the same run: the
 * same period's releases as JSON text through the same kind of cursor (`/api/ocds/download?period=`), which
 * neither compiles nor flattens. Flags: `--tenders=N` (20000), `--mix=compranet|varied`, `--seed=S`, `--fresh`.
 */
export const bulkBenchmark: Benchmark = {
  name: 'bulk',
  description: 'bulk CSV zip and table of a month and a year, streamed, vs the same releases as JSON text',
  async run(args) {
    const database = await projectedDatabase({
      tenders: numberArg(args, 'tenders', 20_000),
      mix: (arg(args, 'mix') ?? 'compranet') as ProcedureMix,
      seed: numberArg(args, 'seed', 20_260_101),
      projections: ['ocds'],
      fresh: args.includes('--fresh'),
      log,
    });
    const db = await new DataSource({ type: 'postgres', url: database.url, poolSize: 4 }).initialize();
    try {
      const months = await new BulkMonthsHandler(db).execute();
      const busiest = months.reduce((a, b) => (b.procedures > a.procedures ? b : a));
      const month = parsePeriod(busiest.period) as BulkPeriod;
      const year = parsePeriod(busiest.period.slice(0, 4)) as BulkPeriod;
      const processesOf = (period: BulkPeriod) =>
        months.filter((m) => m.period.startsWith(period.key)).reduce((sum, m) => sum + m.procedures, 0);
      const records = new BulkPeriodRecordsHandler(db);
      const releases = new OcdsBulkReleasesHandler(db);
      const rows: BenchRow[] = [];
      for (const period of [month, year]) {
        const processes = processesOf(period);
        const baseline = await measure(async () => (await releases.execute(new OcdsBulkReleases(period))).releases);
        const zip = await measure(async () => zipOf(await records.execute(new BulkPeriodRecords(period)), new Date()));
        const items = await measure(async () =>
          csvOf(await records.execute(new BulkPeriodRecords(period)), flatTable('items')!),
        );
        for (const [what, m] of [
          ['releases as JSON text (baseline)', baseline],
          ['CSV zip, six tables', zip],
          ['items.csv alone', items],
        ] as const)
          rows.push({
            period: period.key,
            file: what,
            processes,
            seconds: round(m.seconds, 2),
            'processes/s': Math.round(processes / m.seconds),
            MB: round(m.bytes / 1e6, 1),
            'x baseline': round(m.seconds / baseline.seconds, 1),
            'RSS growth MB': round(m.rssGrowth / 1e6),
          });
      }
      const s = database.summary;
      return resultOf(
        this,
        rows,
        `History: ${s.events.toLocaleString('en-US')} events, ${s.tenders.toLocaleString('en-US')} tenders, mix ${s.mix}, seed ${s.seed}; the ocds read model built by its projection. The busiest month is ${busiest.period} (${busiest.procedures} processes, ${busiest.releases} releases).`,
        'Each file is read from one REPEATABLE READ snapshot through a server-side cursor (FETCH 500), compiled process by process (the zip: each table to a temporary file in the same pass, then deflated in turn) and written to a counting sink with back-pressure, in this process; RSS growth is the largest resident size seen during the row minus the size before it.',
      );
    } finally {
      await db.destroy();
      await database.dispose();
    }
  },
};

type Measured = { seconds: number; bytes: number; rssGrowth: number };

async function measure(open: () => Promise<AsyncIterable<string | Uint8Array>>): Promise<Measured> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let bytes = 0;
  const started = process.hrtime.bigint();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  await pipeline(Readable.from(await open()), sink);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  return { seconds, bytes, rssGrowth: Math.max(0, peak - before) };
}
