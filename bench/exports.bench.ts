import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { FETCH_SIZE } from '@licita/platform/table-export';
import { TenderExports } from '@licita/transparency/application/tender-export';
import { startApiProcess, type ApiProcess } from './api-process';
import { log, numberArg, resultOf, round, type Benchmark, type BenchRow } from './harness';
import { databaseFlags, projectedDatabase } from './projected-database';
import { copyPublicTender } from './seed/tender-copies';

const TARGET_SECONDS = 10;
const TARGET_RSS_MB = 50;
const COPY_PREFIX = 'bench-export-copy-';

/**
 * The export of the public procedures' search, all of it, as CSV and as XLSX through the built API in its own
 * process, against the same rows read by PostgreSQL alone with `COPY (the export's own SELECT) TO STDOUT`
 * in the same run. Rows: a generated history (`--tenders=N`, default 1,000, built by the real projections and
 * kept in the bench cache like the queries bench's) topped up to `--rows=N` (100,000) public rows with copies
 * of one of its procedures' rows (removed again at the end, so the cached database stays as built). Server
 * memory: the API process's resident set (VmRSS) sampled every 20 ms; growth is the peak during an export
 * over the resident set just before it, after a warm-up export of each format.
 */
export const exportsBenchmark: Benchmark = {
  name: 'exports',
  description: 'export of 100,000 procedures as CSV and XLSX, streamed: time, API RSS growth, vs COPY in PostgreSQL',
  async run(args) {
    const rows = numberArg(args, 'rows', 100_000);
    const flags = databaseFlags(args, { tenders: 1_000, mix: 'varied' });
    const { mix } = flags;
    const database = await projectedDatabase({ ...flags, projections: ['transparency', 'buying-units'], log });
    const db = new Client({ connectionString: database.url });
    await db.connect();
    let api: ApiProcess | undefined;
    try {
      await db.query('DELETE FROM transparency_tenders WHERE tender_id LIKE $1', [`${COPY_PREFIX}%`]);
      const publicRows = await topUp(db, rows);
      api = await startApiProcess({ ...database.env, EXPORT_MAX_ROWS: String(rows * 2) });
      log('exports: warming up (a small export of each format)…');
      for (const format of ['csv', 'xlsx'] as const) await exported(api, `format=${format}&maxValue=1000000`);
      const copy = await copyOut(db);
      const measured: BenchRow[] = [];
      for (const format of ['csv', 'xlsx'] as const) {
        log(`exports: ${format}…`);
        const result = await exported(api, `format=${format}`);
        measured.push(rowOf(`GET /api/transparency/tenders/export?format=${format}`, result, publicRows, copy));
      }
      return resultOf(
        this,
        [
          {
            export: 'COPY (same SELECT) TO STDOUT, CSV, in PostgreSQL (baseline)',
            rows: copy.rows,
            seconds: round(copy.seconds, 2),
            MB: round(copy.bytes / 1e6, 1),
            'rows/s': round(copy.rows / copy.seconds),
            'vs COPY': '1×',
            'API RSS growth MB': '',
            'first byte ms': '',
            target: '',
          },
          ...measured,
        ],
        `${publicRows.toLocaleString('en-US')} public procedures in transparency_tenders: ${database.summary.tenders.toLocaleString('en-US')} generated (mix ${mix}) by the seed generator and projected, the rest copies of one of their rows (bench/seed/tender-copies.ts). The API is dist/apps/api/main.js --role=api in its own process (LOG_LEVEL=warn); the client reads the response as fast as it comes and counts its bytes. The export reads through a server-side cursor (FETCH ${FETCH_SIZE}, the next one while a batch is written) in one REPEATABLE READ transaction after a capped count (EXPORT_MAX_ROWS); the baseline runs the export's own SELECT … ORDER BY under COPY … TO STDOUT (CSV) on one connection, read with pg-copy-streams.`,
        `Targets: under ${TARGET_SECONDS} s for ${rows.toLocaleString('en-US')} rows, API RSS growth under ${TARGET_RSS_MB} MB. RSS: VmRSS of the API process every 20 ms, the peak during the export minus the value just before it (after a warm-up export of each format, so modules are loaded).`,
      );
    } finally {
      await api?.stop();
      await db.query('DELETE FROM transparency_tenders WHERE tender_id LIKE $1', [`${COPY_PREFIX}%`]).catch(() => {});
      await db.end();
      await database.dispose();
    }
  },
};

/** Copies of the newest public procedure until `rows` are public; how many are. */
async function topUp(db: Client, rows: number): Promise<number> {
  const count = async () =>
    Number((await db.query('SELECT count(*) AS n FROM transparency_tenders WHERE is_public')).rows[0].n);
  const missing = rows - (await count());
  if (missing > 0) {
    const { rows: newest } = await db.query(
      'SELECT tender_id FROM transparency_tenders WHERE is_public ORDER BY published_at DESC LIMIT 1',
    );
    log(`exports: adding ${missing.toLocaleString('en-US')} copies of ${newest[0].tender_id}…`);
    await copyPublicTender(db, newest[0].tender_id, missing, COPY_PREFIX);
  }
  return count();
}

type Exported = { seconds: number; firstByteMs: number; bytes: number; lines: number; rssGrowthMb: number };

/** One export read to its end, with the API's resident set sampled meanwhile. */
async function exported(api: ApiProcess, query: string): Promise<Exported> {
  const before = rssMb(api.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(api.pid))), 20);
  const started = performance.now();
  try {
    const response = await fetch(`${api.url}/api/transparency/tenders/export?${query}`);
    if (response.status !== 200 || !response.body)
      throw new Error(`export answered ${response.status}: ${await response.text()}`);
    let firstByteMs = 0;
    let bytes = 0;
    let newlines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (bytes === 0) firstByteMs = performance.now() - started;
      bytes += chunk.byteLength;
      for (const byte of chunk) if (byte === 10) newlines++;
    }
    return {
      seconds: (performance.now() - started) / 1000,
      firstByteMs,
      bytes,
      lines: newlines,
      rssGrowthMb: peak - before,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** The export's own statement under COPY … TO STDOUT (CSV), read to the end. */
async function copyOut(db: Client): Promise<{ seconds: number; bytes: number; rows: number }> {
  const { select, from, orderBy, params } = new TenderExports().source({}, 'es');
  if (params.length > 0) throw new Error('COPY takes no parameters: the baseline is the unfiltered export');
  let bytes = 0;
  let rows = 0;
  const started = performance.now();
  await pipeline(
    db.query(copyTo(`COPY (SELECT ${select} ${from} ORDER BY ${orderBy}) TO STDOUT WITH (FORMAT csv, HEADER)`)),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 10) rows++;
        done();
      },
    }),
  );
  return { seconds: (performance.now() - started) / 1000, bytes, rows: rows - 1 };
}

function rowOf(name: string, result: Exported, rows: number, copy: { seconds: number; rows: number }): BenchRow {
  const met = result.seconds < TARGET_SECONDS && result.rssGrowthMb < TARGET_RSS_MB;
  // A CSV has one line per row after the header (what COPY counted too); an XLSX is compressed.
  if (name.endsWith('csv') && result.lines - 1 !== copy.rows)
    throw new Error(`the CSV export has ${result.lines - 1} rows, COPY ${copy.rows}`);
  return {
    export: name,
    rows,
    seconds: round(result.seconds, 2),
    MB: round(result.bytes / 1e6, 1),
    'rows/s': round(rows / result.seconds),
    'vs COPY': `${round(result.seconds / copy.seconds, 1)}×`,
    'API RSS growth MB': round(result.rssGrowthMb, 1),
    'first byte ms': round(result.firstByteMs),
    target: `< ${TARGET_SECONDS} s, < ${TARGET_RSS_MB} MB: ${met ? 'met' : 'missed'}`,
  };
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}
