import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { ensureDefaultClassifier } from '@licita/classifier';
import { WrongExpectedVersion } from '@licita/event-store';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { loadConfig } from '@licita/platform/config';
import { openMigrated } from '@licita/platform/database';
import { TenderKeyStore } from '@licita/tendering/application/tender-keys';
import { ALL_MIGRATIONS } from '../migrations';
import { startApiProcess, type ApiProcess } from './api-process';
import { numberFlags, onBenchDatabase, percentile, resultOf, round, type Benchmark, type BenchRow } from './harness';
import { generateHistory, type StepSink } from './seed/generate';
import type { Step } from './seed/history';

/**
 * A busy stretch of operation, `--minutes=N` of wall time (default 30) with an accelerated clock: the seed
 * generator's simulation (buying units and suppliers registering, tenders through every procedure, proposals,
 * reverse auctions with their bids, awards, contracts: the real deciders) plays `--years` (default 0.5) of
 * procurement, each decision appended through the PostgreSQL event store with its expected revision, at about
 * `--rate` events/s (default 100); an API process (role api) serves public reads to 8 clients meanwhile, a
 * projector process runs the projections and the background jobs, and half-way the projector is stopped, the
 * `transparency` projection rebuilt from zero by the rebuild command, and the projector started again. Every
 * minute: events/s, append p99, read p99, connections in use, RSS of both processes, the largest projection lag.
 */
export const enduranceBenchmark: Benchmark = {
  name: 'endurance',
  description:
    'a busy day on the API and the projector for --minutes (default 30): throughput, p99, RSS, lag per minute',
  run: async (args) => {
    const flags = numberFlags(args, { minutes: 30, rate: 100, years: 0.5 });
    const samples = await onBenchDatabase((database) => endurance(database.url, flags));
    return resultOf(enduranceBenchmark, rows(samples), ...notes(samples, flags.minutes));
  },
};

/** The largest projection lag once the load stopped and the projector had a minute to catch up. */
let settledLag = -1;

/** Waits up to a minute for every projection to catch up; the largest lag left. */
async function settle(apiUrl: string): Promise<number> {
  let lag = await maxLag(apiUrl);
  for (let i = 0; i < 60 && lag !== 0; i++) {
    await new Promise((wait) => setTimeout(wait, 1_000));
    lag = await maxLag(apiUrl).catch(() => -1);
  }
  return lag;
}

interface Sample {
  minute: number;
  eventsPerSecond: number;
  appendP99Ms: number;
  readsPerSecond: number;
  readP99Ms: number;
  connections: number;
  apiRssMb: number;
  projectorRssMb: number;
  maxLag: number;
  note?: string;
}

async function endurance(url: string, options: { minutes: number; rate: number; years: number }): Promise<Sample[]> {
  const env = {
    DATABASE_URL: url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LICITA_MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
  };
  const config = loadConfig(env, []);
  const { dataSource } = await openMigrated({ url, poolSize: 4, migrations: ALL_MIGRATIONS, applicationName: 'bench' });
  const store = await PostgresEventStore.create({ connectionString: url, poolSize: 4, installSchema: false });
  await ensureDefaultClassifier(store);
  const api = await startApiProcess(env, { role: 'api' });
  let projector = await startProjector(env);
  const meter = new Meter();
  const endsAt = Date.now() + options.minutes * 60_000;
  meter.endsAt = endsAt; // the sink stops the generator then
  const sink = new PacedStoreSink(store, options.rate, meter);
  const reading = readLoad(api.url, meter, endsAt);
  const samples: Sample[] = [];
  const sampler = setInterval(
    () => void sample(samples, meter, url, api, projector.pid!).catch(() => undefined),
    60_000,
  );
  const rebuild = (async () => {
    await new Promise((half) => setTimeout(half, (options.minutes * 60_000) / 2));
    meter.note = await rebuildTransparency(env, () => stop(projector));
    projector = await startProjector(env);
  })();
  try {
    await generateHistory({
      databaseUrl: url,
      events: Math.round(options.rate * options.minutes * 60 * 1.2),
      years: options.years,
      seed: 20_261_206,
      keys: new TenderKeyStore(dataSource, config),
      sink: () => sink,
      until: new Date(Date.now() + options.years * 365 * 86_400_000),
    }).catch((error: unknown) => {
      if (!(error instanceof TimeUp)) throw error;
    });
    await reading;
    await rebuild;
    if (Date.now() - meter.since > 20_000) await sample(samples, meter, url, api, projector.pid!);
    settledLag = await settle(api.url);
    return samples;
  } finally {
    clearInterval(sampler);
    await Promise.allSettled([api.stop(), stop(projector), store.close(), dataSource.destroy()]);
  }
}

class TimeUp extends Error {}

/** Latencies and counts since the last sample. */
class Meter {
  appends: number[] = [];
  events = 0;
  reads: number[] = [];
  since = Date.now();
  note?: string;
  endsAt = Infinity;

  take(): { seconds: number; appends: number[]; events: number; reads: number[]; note?: string } {
    const taken = { seconds: (Date.now() - this.since) / 1000, ...this, appends: this.appends, reads: this.reads };
    this.appends = [];
    this.reads = [];
    this.events = 0;
    this.since = Date.now();
    this.note = undefined;
    return taken;
  }
}

/** Appends each step through the store (its expected revision stated), paced at `rate` events/s. */
class PacedStoreSink implements StepSink {
  eventsWritten = 0;
  private readonly revisions = new Map<string, bigint>();
  private readonly started = Date.now();

  constructor(
    private readonly store: PostgresEventStore,
    private readonly rate: number,
    private readonly meter: Meter,
  ) {}

  get streams(): number {
    return this.revisions.size;
  }

  async add(step: Step): Promise<void> {
    if (Date.now() >= this.meter.endsAt) throw new TimeUp('the time is up');
    const ahead = this.eventsWritten / this.rate - (Date.now() - this.started) / 1000;
    if (ahead > 0) await new Promise((wait) => setTimeout(wait, ahead * 1000));
    const known = this.revisions.get(step.streamId);
    const begun = performance.now();
    try {
      const { nextExpectedRevision } = await this.store.appendToStream(step.streamId, step.events, {
        expectedRevision: known ?? 'no_stream',
      });
      this.revisions.set(step.streamId, nextExpectedRevision);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
      throw new Error(`endurance: ${step.streamId} was written by someone else`, { cause: error });
    }
    this.meter.appends.push(performance.now() - begun);
    this.meter.events += step.events.length;
    this.eventsWritten += step.events.length;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const READS = [
  '/api/transparency/tenders?limit=20',
  '/api/transparency/tenders?status=active&limit=20',
  '/api/transparency/statistics',
  '/api/transparency/red-flags',
  '/api/suppliers?limit=20',
  '/api/classifier?q=equipo',
];

/** 8 clients reading the public pages in turn until the end, each waiting 100 ms between reads. */
async function readLoad(url: string, meter: Meter, endsAt: number): Promise<void> {
  const client = async (n: number) => {
    for (let i = n; Date.now() < endsAt; i++) {
      const begun = performance.now();
      const response = await fetch(url + READS[i % READS.length]).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.ok) meter.reads.push(performance.now() - begun);
      await new Promise((wait) => setTimeout(wait, 100));
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, n) => client(n)));
}

async function sample(samples: Sample[], meter: Meter, url: string, api: ApiProcess, projectorPid: number) {
  const taken = meter.take();
  const [connections, lag] = await Promise.all([connectionsIn(url), maxLag(api.url)]);
  samples.push({
    minute: samples.length + 1,
    eventsPerSecond: round(taken.events / taken.seconds),
    appendP99Ms: p99(taken.appends),
    readsPerSecond: round(taken.reads.length / taken.seconds, 1),
    readP99Ms: p99(taken.reads),
    connections,
    apiRssMb: rssMb(api.pid),
    projectorRssMb: rssMb(projectorPid),
    maxLag: lag,
    ...(taken.note ? { note: taken.note } : {}),
  });
}

/** The 99th percentile of the latencies (0 when there were none). */
const p99 = (latencies: number[]) =>
  latencies.length
    ? round(
        percentile(
          [...latencies].sort((a, b) => a - b),
          99,
        ),
        1,
      )
    : 0;

async function connectionsIn(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()',
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

async function maxLag(apiUrl: string): Promise<number> {
  const report = (await (await fetch(`${apiUrl}/health/ready`)).json()) as {
    details?: { projector?: { lag?: number } };
  };
  return report.details?.projector?.lag ?? -1;
}

function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

function startProjector(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [resolve(__dirname, '..', 'apps', 'projector', 'main.js')], {
    env: { ...process.env, ...env, PROJECTOR_PORT: '0' },
    stdio: 'ignore',
  });
  return Promise.resolve(child);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

/** Stops the projector, rebuilds `transparency` from zero with the rebuild command, and says how long it took. */
async function rebuildTransparency(env: Record<string, string>, stopProjector: () => Promise<void>): Promise<string> {
  await stopProjector();
  const begun = Date.now();
  const child = spawn(
    process.execPath,
    [resolve(__dirname, '..', 'apps', 'projector', 'cli', 'rebuild.js'), 'transparency'],
    {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    },
  );
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  return `transparency rebuilt from zero in ${round((Date.now() - begun) / 1000)} s (exit ${code})`;
}

function rows(samples: Sample[]): BenchRow[] {
  return samples.map((s) => ({
    metric: `minute ${s.minute}${s.note ? ` (${s.note})` : ''}`,
    value: s.eventsPerSecond,
    unit: 'events/s',
    detail: `append p99 ${s.appendP99Ms} ms, ${s.readsPerSecond} reads/s p99 ${s.readP99Ms} ms, ${s.connections} connections, RSS api ${s.apiRssMb} MB / projector ${s.projectorRssMb} MB, lag ${s.maxLag}`,
  }));
}

function notes(samples: Sample[], minutes: number): string[] {
  const warm = samples.slice(Math.min(5, samples.length - 1));
  const first = warm[0];
  const last = samples[samples.length - 1];
  if (!first || !last) return [`${minutes} minutes: no sample`];
  return [
    `API RSS after warm-up (minute ${first.minute} → ${last.minute}): ${first.apiRssMb} → ${last.apiRssMb} MB; projector ${first.projectorRssMb} → ${last.projectorRssMb} MB (restarted half-way for the rebuild)`,
    `connections in use: ${Math.min(...samples.map((s) => s.connections))}–${Math.max(...samples.map((s) => s.connections))}`,
    `largest projection lag in the last minute of load: ${last.maxLag} events; a minute after the load stopped: ${settledLag}`,
  ];
}
