import { createReadStream, createWriteStream, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { createLogger, PinoLoggerService } from '@licita/platform/logger';
import type { ProjectionTransaction } from '@licita/projections/projection';
import { ProjectionRunner } from '@licita/projections/projection-runner';
import { createProjectorApp } from '../apps/projector/projector-app';
import { arg, log, numberArg, resultOf, round, type Benchmark, type BenchRow } from './harness';
import { seededDatabase } from './seeded-database';

/**
 * `--events=N` (default 1,000,000), `--projections=a,b` (default transparency,classifier,ocds,tender-views; `all`
 * for every one the application registers). Rebuild from zero of those projections over a history from the
 * seed generator, through the real runner of the projector app, one after the other. The ceiling of each is
 * reading the events it asks for through the store alone, in the same run. Where the time goes, per rebuild:
 * CPU seconds of this process and of the database server, the statements the database was running
 * (pg_stat_activity every 50 ms) and the functions this process spent its time in (V8's CPU profiler).
 */
export const projectionsBenchmark: Benchmark = {
  name: 'projections',
  description:
    'rebuild of every registered projection over a generated history (log events/s) vs reading its events alone',
  async run(args) {
    const events = numberArg(args, 'events', 1_000_000);
    const seedStarted = Date.now();
    log(`projections: seeding about ${events.toLocaleString('en-US')} events…`);
    const database = await seededDatabase(events, {
      seed: arg(args, 'seed') ? Number(arg(args, 'seed')) : undefined,
      log,
    });
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const logger = new PinoLoggerService(createLogger('warn'));
    const app = await createProjectorApp({ config: database.config, databaseUrl: database.url, logger, run: false });
    const store = await PostgresEventStore.create({
      connectionString: database.url,
      poolSize: 2,
      installSchema: false,
    });
    try {
      const runner = app.get(ProjectionRunner);
      const head = await store.headPosition();
      const wanted = (arg(args, 'projections') ?? DEFAULT_PROJECTIONS).split(',');
      const chosen = runner.projections.filter((p) => wanted.includes('all') || wanted.includes(p.name));
      const measured: Rebuilds = {
        rows: [],
        failures: [],
        profiles: [],
        copies: [],
        seconds: 0,
        readSeconds: 0,
        copySeconds: 0,
        copiedRows: 0,
        cpu: { node: 0, database: 0 },
      };
      for (const projection of chosen.sort((x, y) => x.name.localeCompare(y.name)))
        await rebuildOne(runner, store, database.url, projection, head, measured);
      const { rows, failures, profiles } = measured;
      rows.push({
        projection: `all ${rows.length}, one after the other`,
        'events applied': rows.reduce((sum, row) => sum + Number(row['events applied']), 0),
        seconds: round(measured.seconds, 1),
        'log events/s': round(Number(head) / measured.seconds),
        'read alone (log events/s)': round(Number(head) / measured.readSeconds),
        ratio: `${round((100 * measured.readSeconds) / measured.seconds)} %`,
        'rows written': measured.copiedRows,
        'COPY of those rows (s)': round(measured.copySeconds, 1),
        'vs COPY': `${round((100 * measured.copySeconds) / measured.seconds)} %`,
        'CPU s (here / database)': `${round(measured.cpu.node, 1)} / ${round(measured.cpu.database, 1)}`,
      });
      const s = database.summary;
      return resultOf(
        this,
        rows,
        ...failures,
        `Ceiling "vs COPY": once a projection is rebuilt, the rows it left in each table its reset empties are exported (COPY … TO STDOUT, into a file), then timed as one bare COPY … FROM STDIN per table into an equivalent table (CREATE TABLE … (LIKE … INCLUDING ALL): same columns, storage, indexes and constraints), committed; the ratio is the COPY's seconds over the rebuild's. ${measured.copies.join(' | ')}`,
        `Where the time goes during each rebuild: CPU seconds of this process and of the database server (every backend, autovacuum included); the share of 50 ms samples of pg_stat_activity per statement ("node" = none running); the share of this process's CPU profile per function (self time). ${profiles.join(' | ')}`,
        `History: ${s.events.toLocaleString('en-US')} events (${head.toLocaleString()} in the log with the CPV import) in ${s.streams.toLocaleString('en-US')} streams: ${s.tenders} tenders (${Object.entries(
          s.byProcedure,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(
            ', ',
          )}), ${s.auctions} auctions, ${s.contracts} contracts, ${s.suppliers} suppliers, ${s.buyingUnits} buying units; seeded in ${round(seedSeconds)} s (${round(s.events / s.seconds)} events/s, seed ${s.seed}).`,
        'Durable embedded PostgreSQL; the projector app of apps/projector (every registered projection, run: false) rebuilds each projection in turn with ProjectionRunner.rebuildProjection (as npm run projections:rebuild does), 20,000 events per batch. "log events/s": the whole log covered per second of rebuild (the filter skips what the projection does not read); ceiling: the same filtered reads through the store alone (readPage, 5,000 per page), just before. Targets: ≥ 20,000 log events/s, and the rebuild ≥ 50 % of the bare COPY of the rows it wrote.',
      );
    } finally {
      await store.close();
      await app.close();
      await database.dispose();
    }
  },
};

type Rebuilds = {
  rows: BenchRow[];
  failures: string[];
  profiles: string[];
  copies: string[];
  seconds: number;
  readSeconds: number;
  copySeconds: number;
  copiedRows: number;
  cpu: { node: number; database: number };
};

/** Reads the projection's events through the store alone, then rebuilds it while sampling where the time goes. */
async function rebuildOne(
  runner: ProjectionRunner,
  store: PostgresEventStore,
  databaseUrl: string,
  projection: ProjectionRunner['projections'][number],
  head: bigint,
  measured: Rebuilds,
): Promise<void> {
  log(`projections: ${projection.name}: reading its events alone, then rebuilding…`);
  const readStarted = process.hrtime.bigint();
  for (
    let from = 0n, page;
    (page = await store.readPage(from, 5_000, projection.filter)).scannedTo > from;
    from = page.scannedTo
  );
  const readSeconds = Number(process.hrtime.bigint() - readStarted) / 1e9;
  const sampler = await QuerySampler.start(databaseUrl);
  const cpu = await CpuMeter.start(databaseUrl);
  try {
    const result = await runner.rebuildProjection(projection.name);
    const [statements, spent] = [await sampler.stop(), await cpu.stop()];
    measured.profiles.push(
      `${projection.name}: CPU ${spent.node} s here, ${spent.database} s in the database. Database: ${statements}. Here: ${spent.functions}`,
    );
    const seconds = result.elapsedMs / 1000;
    log(`projections: ${projection.name}: rebuilt in ${round(seconds, 1)} s; COPY of the rows it wrote…`);
    const copied = await copyCeiling(databaseUrl, await tablesOf(projection));
    measured.seconds += seconds;
    measured.readSeconds += readSeconds;
    measured.copySeconds += copied.seconds;
    measured.copiedRows += copied.rows;
    const covered = Number(head) / seconds;
    const ceiling = Number(head) / readSeconds;
    measured.rows.push({
      projection: projection.name,
      'events applied': result.eventsDone,
      seconds: round(seconds, 1),
      'log events/s': round(covered),
      'read alone (log events/s)': round(ceiling),
      ratio: `${round((100 * covered) / ceiling)} %`,
      'rows written': copied.rows,
      'COPY of those rows (s)': round(copied.seconds, 1),
      'vs COPY': `${round((100 * copied.seconds) / seconds)} %`,
      'CPU s (here / database)': `${spent.node} / ${spent.database}`,
    });
    measured.cpu.node += spent.node;
    measured.cpu.database += typeof spent.database === 'number' ? spent.database : NaN;
    measured.copies.push(`${projection.name}: ${copied.detail}`);
  } catch (error) {
    await sampler.stop();
    await cpu.stop();
    measured.failures.push(`${projection.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const DEFAULT_PROJECTIONS = 'transparency,classifier,ocds,tender-views';

/** The tables a projection writes: those its reset empties (`TRUNCATE a, b`), asked of a transaction that only listens. */
async function tablesOf(projection: ProjectionRunner['projections'][number]): Promise<string[]> {
  const statements: string[] = [];
  const listener = {
    query: (sql: string) => {
      statements.push(sql);
      return Promise.resolve([]);
    },
  } as unknown as ProjectionTransaction;
  await projection.reset(listener);
  return statements.flatMap(
    (sql) =>
      /^\s*TRUNCATE\s+(?:TABLE\s+)?([^;]+)/i
        .exec(sql)?.[1]
        .split(',')
        .map((table) => table.trim().split(/\s+/)[0]) ?? [],
  );
}

/**
 * The ceiling: the rows the rebuild left in `tables`, exported to a file, then written by one bare `COPY … FROM
 * STDIN` per table into an equivalent table (same columns, storage, indexes, constraints), each committed.
 */
async function copyCeiling(url: string, tables: string[]): Promise<{ seconds: number; rows: number; detail: string }> {
  const client = new Client({ connectionString: url, application_name: 'bench-copy' });
  await client.connect();
  const parts: string[] = [];
  let [seconds, rows] = [0, 0];
  try {
    for (const table of tables) {
      const file = join(tmpdir(), `licita-bench-copy-${process.pid}-${table}.tsv`);
      const copy = `bench_copy_${table}`;
      try {
        await pipeline(client.query(copyTo(`COPY ${table} TO STDOUT`)), createWriteStream(file));
        await client.query(`DROP TABLE IF EXISTS ${copy}`);
        await client.query(`CREATE TABLE ${copy} (LIKE ${table} INCLUDING ALL)`);
        const started = process.hrtime.bigint();
        const writing = client.query(copyFrom(`COPY ${copy} FROM STDIN`));
        await pipeline(createReadStream(file), writing);
        const spent = Number(process.hrtime.bigint() - started) / 1e9;
        seconds += spent;
        rows += writing.rowCount;
        parts.push(`${table} ${writing.rowCount} rows, ${round(statSync(file).size / 1e6)} MB, ${round(spent, 1)} s`);
      } finally {
        await client.query(`DROP TABLE IF EXISTS ${copy}`);
        rmSync(file, { force: true });
      }
    }
  } finally {
    await client.end();
  }
  return { seconds, rows, detail: parts.join(', ') };
}

/**
 * CPU spent by this process (with V8's sampling profiler on, for the functions it spent it in) and by the
 * database server (its processes' CPU time from /proc: the server is local, started by the bench).
 */
class CpuMeter {
  private constructor(
    private readonly session: Session,
    private readonly serverPid: number | undefined,
    private readonly started: { node: NodeJS.CpuUsage; database: number },
  ) {}

  static async start(url: string): Promise<CpuMeter> {
    const serverPid = await postmasterPid(url);
    const session = new Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 1_000 });
    await post(session, 'Profiler.start');
    return new CpuMeter(session, serverPid, { node: process.cpuUsage(), database: serverCpuSeconds(serverPid) });
  }

  async stop(): Promise<{ node: number; database: number | string; functions: string }> {
    const node = process.cpuUsage(this.started.node);
    const database =
      this.serverPid === undefined ? 'unknown' : round(serverCpuSeconds(this.serverPid) - this.started.database, 1);
    const { profile } = (await post(this.session, 'Profiler.stop')) as { profile: CpuProfile };
    this.session.disconnect();
    return { node: round((node.user + node.system) / 1e6, 1), database, functions: topFunctions(profile, 6) };
  }
}

type CpuProfile = {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
};

const post = (session: Session, method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
  );

/** The functions with the most self time, as shares of the time this process was not idle. */
function topFunctions(profile: CpuProfile, count: number): string {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id);
    if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') return;
    const file = frame.url.replace(/^.*\/(dist|node_modules)\//, '').replace(/^node:/, '');
    const name = `${frame.functionName || '(anonymous)'}${file ? ` (${file}:${frame.lineNumber + 1})` : ''}`;
    self.set(name, (self.get(name) ?? 0) + profile.timeDeltas[i]);
    busy += profile.timeDeltas[i];
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, time]) => `${Math.round((100 * time) / Math.max(1, busy))} % ${name}`)
    .join('; ');
}

/** The server's main process: the parent of its checkpointer. */
async function postmasterPid(url: string): Promise<number | undefined> {
  const client = new Client({ connectionString: url, application_name: 'bench-sampler' });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'`,
    );
    return rows[0] ? Number(procStat(rows[0].pid)?.[1]) : undefined;
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

/** CPU seconds of the server: its children alive now, plus those that ended (counted in the parent's). */
function serverCpuSeconds(serverPid: number | undefined): number {
  if (serverPid === undefined) return 0;
  const main = procStat(serverPid);
  if (!main) return 0;
  let ticks = Number(main[11]) + Number(main[12]) + Number(main[13]) + Number(main[14]);
  for (const entry of readdirSync('/proc')) {
    const stat = /^\d+$/.test(entry) ? procStat(Number(entry)) : undefined;
    if (stat && Number(stat[1]) === serverPid) ticks += Number(stat[11]) + Number(stat[12]);
  }
  return ticks / 100; // USER_HZ
}

/** Fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime. */
function procStat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * A poor man's profiler: every 50 ms, which statement the database is running (none: the time is in Node —
 * decoding, folding, building the next statement). Enough to tell reading from writing from computing.
 */
class QuerySampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private busy = false;
  private timer?: NodeJS.Timeout;

  private constructor(private readonly client: Client) {}

  static async start(url: string): Promise<QuerySampler> {
    const client = new Client({ connectionString: url, application_name: 'bench-sampler' });
    await client.connect();
    const sampler = new QuerySampler(client);
    sampler.timer = setInterval(() => void sampler.sample(), 50);
    return sampler;
  }

  async stop(): Promise<string> {
    clearInterval(this.timer);
    while (this.busy) await new Promise((done) => setTimeout(done, 5));
    await this.client.end();
    return [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([query, count]) => `${Math.round((100 * count) / Math.max(1, this.samples))} % ${query}`)
      .join('; ');
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ q: string }>(
        `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS q FROM pg_stat_activity
         WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = current_database() AND application_name <> 'bench-sampler'`,
      );
      this.samples++;
      const seen = rows.length ? rows.map((row) => row.q) : ['node'];
      for (const query of new Set(seen)) this.counts.set(query, (this.counts.get(query) ?? 0) + 1);
    } catch {
      // the sampler stopped meanwhile
    } finally {
      this.busy = false;
    }
  }
}
