import { execSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { EventStore, EventToAppend } from '@licita/event-store/event-store.port';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@licita/platform/embedded-postgres';

export interface BenchRow {
  [column: string]: string | number;
}

export interface BenchResult {
  name: string;
  description: string;
  rows: BenchRow[];
  notes?: string[];
}

export interface Benchmark {
  name: string;
  description: string;
  run(args: string[]): Promise<BenchResult>;
}

/** A durable (fsync on) PostgreSQL in a temporary folder, so figures mean what production would see. */
export async function benchDatabase(): Promise<{ url: string; server: EmbeddedDatabase; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'licita-bench-'));
  const server = await startEmbeddedPostgres({ dataDir: dir, persistent: false, maxConnections: 300 });
  const url = new URL(server.url);
  url.pathname = '/bench';
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  return {
    url: url.toString(),
    server,
    dispose: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `work` on `workers` concurrent loops for `ms`; returns operations completed per second. */
export async function throughput(
  workers: number,
  ms: number,
  work: (worker: number) => Promise<number>,
): Promise<number> {
  const deadline = Date.now() + ms;
  const started = process.hrtime.bigint();
  const counts = await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      let done = 0;
      while (Date.now() < deadline) done += await work(worker);
      return done;
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return counts.reduce((a, b) => a + b, 0) / seconds;
}

export { percentile } from './bid-flood';

export function printTable(result: BenchResult): void {
  const columns = Object.keys(result.rows[0] ?? {});
  const cells = result.rows.map((row) => columns.map((c) => String(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n## ${result.name}: ${result.description}\n`);
  console.log(line(columns));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of cells) console.log(line(row));
  for (const note of result.notes ?? []) console.log(`\n${note}`);
}

export function writeResult(result: BenchResult): string {
  const dir = resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.name}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ ...result, machine: machine(), date: new Date().toISOString(), commit: commit() }, null, 2)}\n`,
  );
  return file;
}

function machine() {
  // Other work on the machine skews every figure: the load average (1, 5, 15 min) when the result was written.
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: loadavg().map((l) => round(l, 2)),
  };
}

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export const round = (value: number, digits = 0) => Number(value.toFixed(digits));

/** The value of `--name=value` among the arguments, if given. */
export const arg = (args: string[], name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

/** `--name=N` as a number; `fallback` when it is not given. */
export const numberArg = (args: string[], name: string, fallback: number) => Number(arg(args, name) ?? fallback);

/** Every `--name=number` flag a benchmark takes, from a table of their defaults. */
export function numberFlags<F extends Record<string, number>>(args: string[], defaults: F): F {
  return Object.fromEntries(
    Object.entries(defaults).map(([name, fallback]) => [name, numberArg(args, name, fallback)]),
  ) as F;
}

export type BenchDatabase = Awaited<ReturnType<typeof benchDatabase>>;

/** Runs `measure` on a fresh durable database, thrown away afterwards however `measure` ends. */
export async function onBenchDatabase<T>(measure: (database: BenchDatabase) => Promise<T>): Promise<T> {
  const database = await benchDatabase();
  try {
    return await measure(database);
  } finally {
    await database.dispose();
  }
}

/** The result of `bench`: its rows, and the notes that say how to read them. */
export const resultOf = (bench: Benchmark, rows: BenchRow[], ...notes: string[]): BenchResult => ({
  name: bench.name,
  description: bench.description,
  rows,
  notes,
});

const BID_DATA = {
  tenderId: 'tender-2026-000123',
  lotId: 'lot-1',
  amount: 12_345_600,
  currency: 'MXN',
  note: 'Oferta económica',
};
const BID_METADATA = {
  actor: 'account-supplier-42',
  correlationId: '9b1f0c4e-1d55-4c57-9d2f-4f1a7f3a2b10',
  occurredAt: '2026-03-01T18:00:00.000Z',
};

/** An event of the size of a bid, with a fresh id: what the append benchmarks write. */
export const sampleEvent = (): EventToAppend => ({
  id: randomUUID(),
  type: 'BidPlaced',
  data: BID_DATA,
  metadata: BID_METADATA,
});

/**
 * Appends/s through `store` for `seconds`: `writers` concurrent loops, each on a stream of its own named
 * `prefix-<uuid>`, appending `batch` events at a time with the expected revision it last got.
 */
export function appendThroughput(store: EventStore, writers: number, batch: number, seconds: number, prefix = 'bench') {
  const streams = Array.from({ length: writers }, () => ({ id: `${prefix}-${randomUUID()}`, revision: -1n }));
  return throughput(writers, seconds * 1000, async (w) => {
    const s = streams[w];
    const result = await store.appendToStream(s.id, Array.from({ length: batch }, sampleEvent), {
      expectedRevision: s.revision < 0n ? 'no_stream' : s.revision,
    });
    s.revision = result.nextExpectedRevision;
    return batch;
  });
}

/** A progress line on stdout (benchmarks that seed or wait say what they are doing). */
export const log = (line: string) => process.stdout.write(`${line}\n`);
