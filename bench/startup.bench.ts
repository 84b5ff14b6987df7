import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres } from '@licita/platform/embedded-postgres';
import { arg, log, numberFlags, round, type Benchmark, type BenchRow } from './harness';

const ROOT = resolve(__dirname, '..', '..');
const SEED = 20_260_101;

/**
 * Time to `GET /health/ready` = 200 and the API's resident memory, on an empty data folder (`npm start` with its
 * build, node alone, node again on the kept folder) and on data folders holding a generated history of 10 k,
 * 100 k and 1 M events with every projection caught up (built once by the seed generator and the API's own
 * catch-up, kept under $LICITA_BENCH_CACHE). Ceilings in the same run: a bare Node HTTP server answering its first
 * request plus the embedded PostgreSQL started alone on the same folder.
 *
 * Flags: `--events=10000,100000,1000000` (the histories; `0` for none), `--idle=60` (seconds the API is left
 * idle after ready before its memory is read again), `--root=<checkout>` (start another checkout's built
 * `dist/`, e.g. main, on the same folders), `--empty=0` (skip the empty-folder rows), `--catch-up-minutes=N` (when
 * building a history folder, stop the catch-up after N minutes; the lag left is kept and shown in every row).
 */
export const startupBenchmark: Benchmark = {
  name: 'startup',
  description:
    'node dist/apps/api/main.js to GET /health/ready = 200 on empty and 10k/100k/1M-event data folders; RSS at ready and idle, vs bare node + the embedded PostgreSQL alone',
  async run(args) {
    const flags = numberFlags(args, { idle: 60, empty: 1, 'catch-up-minutes': 0 });
    const { idle, empty, 'catch-up-minutes': catchUpMinutes } = flags;
    const histories = (arg(args, 'events') ?? '10000,100000,1000000')
      .split(',')
      .map(Number)
      .filter((n) => n > 0);
    const root = resolve(arg(args, 'root') ?? ROOT);
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const { seconds: bare } = await timeToReady(
      ['node', '-e', "require('http').createServer((q, r) => r.end('ok')).listen(process.env.PORT, '127.0.0.1')"],
      '/',
    );
    const row = (what: string, start: Start | string, ceiling: number, target = '') => {
      if (typeof start === 'string') {
        rows.push({ start: what, seconds: 'failed', target, 'ceiling (s)': round(ceiling, 2), 'vs ceiling': '' });
        notes.push(`${what}: ${start} (its output is above)`);
        return;
      }
      rows.push({
        start: what,
        seconds: round(start.seconds, 2),
        target,
        'ceiling (s)': round(ceiling, 2),
        'vs ceiling': `${round(start.seconds / ceiling, 1)}×`,
        'RSS at ready (MB)': start.rssAtReady,
        [`RSS after ${idle} s idle (MB)`]: start.rssIdle ?? '',
        'lag at ready': start.lag ?? '',
      });
    };
    if (empty) {
      const postgres = await embeddedPostgresAlone();
      const ceiling = bare + postgres;
      const folder = mkdtempSync(join(tmpdir(), 'licita-startup-'));
      chmodSync(folder, 0o755); // the embedded server runs as the postgres user, who must reach the data folder
      try {
        // Not with --root: building writes that checkout's dist/.
        if (root === ROOT)
          row(
            'npm start (build + start), empty data folder',
            await attempt(['npm', 'start', '--silent'], join(folder, 'a'), { root }),
            ceiling,
            '< 15 s',
          );
        const api = ['node', 'dist/apps/api/main.js'];
        row('node dist/apps/api/main.js, empty data folder', await attempt(api, join(folder, 'b'), { root }), ceiling);
        row(
          'node dist/apps/api/main.js, same folder again',
          await attempt(api, join(folder, 'b'), { root, idleSeconds: idle }),
          ceiling,
          '< 5 s, RSS < 150 MB',
        );
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
      row('ceiling: embedded PostgreSQL alone (initdb + start)', { seconds: postgres, rssAtReady: '' }, ceiling);
    }
    for (const events of histories) {
      const { folder, lagLeft } = await historyFolder(events, catchUpMinutes);
      const postgres = await embeddedPostgresAlone(folder);
      const ceiling = bare + postgres;
      row(
        `node dist/apps/api/main.js, ${events.toLocaleString('en-US')} events (${lagLeft === 0 ? 'projected' : 'projections not caught up'})`,
        await attempt(['node', 'dist/apps/api/main.js'], folder, { root, idleSeconds: idle }),
        ceiling,
        '< 5 s, RSS < 150 MB',
      );
      row(
        `ceiling: embedded PostgreSQL alone on the ${events.toLocaleString('en-US')}-event folder`,
        {
          seconds: postgres,
          rssAtReady: '',
        },
        ceiling,
      );
    }
    row('ceiling: bare node HTTP server, first answer', { seconds: bare, rssAtReady: '' }, bare);
    return {
      name: 'startup',
      description: this.description,
      rows,
      notes: [
        ...notes,
        `Build started: ${root}. Each start is a child process polled every 50 ms until the path answers 200, then (after --idle) stopped with SIGTERM; RSS is the API process's VmRSS (MB) at ready and, for the rows that wait, the largest of samples every 5 s over the idle period (nothing calls it meanwhile). The ceiling of a row is the bare Node HTTP server's first answer plus the embedded PostgreSQL started alone on the same folder. "lag at ready": the largest projection lag /health/ready reported (it reports lag, it never waits for it). A history folder is built once (seed generator, then the API left running until every projection's lag is 0) and kept under $LICITA_BENCH_CACHE; its acts are issued by the scheduler in the background of every start (the bulk seed writes no ActIssued), so the starts compete with that work.`,
      ],
    };
  },
};

interface Start {
  seconds: number;
  rssAtReady: number | string;
  rssIdle?: number;
  lag?: number;
}

async function attempt(
  command: string[],
  dataDir: string,
  options: { root: string; idleSeconds?: number },
): Promise<Start | string> {
  try {
    return await timeToReady(command, '/health/ready', { LICITA_DATA_DIR: dataDir }, options);
  } catch (error) {
    return (error as Error).message;
  }
}

/** Seconds from spawning `command` until GET `path` answers 200 (and the memory then); the process group is then stopped. */
async function timeToReady(
  command: string[],
  path: string,
  env: Record<string, string> = {},
  options: { root?: string; idleSeconds?: number } = {},
): Promise<Start & { seconds: number }> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(command[0] === 'node' ? process.execPath : command[0], command.slice(1), {
    cwd: options.root ?? ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${command.join(' ')} exited with ${child.exitCode} before it was ready`);
      const response = await fetch(`http://127.0.0.1:${port}${path}`).catch(() => undefined);
      if (response?.status === 200) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const body = (await response.json().catch(() => ({}))) as { details?: { projector?: { lag?: number } } };
        const rssAtReady = command[0] === 'node' ? residentMb(child.pid) : '';
        let rssIdle: number | undefined;
        if (options.idleSeconds && command[0] === 'node') {
          const until = Date.now() + options.idleSeconds * 1000;
          rssIdle = 0;
          while (Date.now() < until) {
            await new Promise((done) => setTimeout(done, Math.min(5_000, until - Date.now())));
            rssIdle = Math.max(rssIdle, Number(residentMb(child.pid)) || 0);
          }
        }
        return { seconds, rssAtReady, rssIdle, lag: body.details?.projector?.lag };
      }
      await new Promise((done) => setTimeout(done, 50));
    }
  } finally {
    await stop(child);
  }
}

/** VmRSS of a process in MB (Linux), or '' where /proc is not there. */
function residentMb(pid: number | undefined): number | string {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? round(kb / 1024) : '';
  } catch {
    return '';
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(-child.pid, 'SIGTERM'); // the group: npm and the node it started
  await Promise.race([exited, new Promise((done) => setTimeout(done, 20_000))]);
}

/** The embedded PostgreSQL started alone: on a new folder (initdb + start), or on an existing data folder. */
async function embeddedPostgresAlone(existing?: string): Promise<number> {
  const dir = existing ?? mkdtempSync(join(tmpdir(), 'licita-startup-pg-'));
  const started = process.hrtime.bigint();
  const server = await startEmbeddedPostgres({ dataDir: dir, persistent: existing !== undefined });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await server.stop();
  if (!existing) rmSync(dir, { recursive: true, force: true });
  return seconds;
}

type Manifest = {
  events: number;
  seed: number;
  builtAt: string;
  seedSeconds: number;
  catchUpSeconds: number;
  /** The largest projection lag when the catch-up was cut short by --catch-up-minutes (0: every one caught up). */
  lagLeft: number;
};

/**
 * A data folder as `npm start` keeps it, with a history of about `events` events (seed generator) and every
 * projection caught up (the API itself, left running until /health/ready reports lag 0). Built once, kept under
 * $LICITA_BENCH_CACHE (`startup-<events>-events-seed-<seed>/data`, with a manifest).
 */
async function historyFolder(events: number, catchUpMinutes: number): Promise<{ folder: string; lagLeft: number }> {
  const home = join(
    process.env.LICITA_BENCH_CACHE ?? join(tmpdir(), 'licita-bench-cache'),
    `startup-${events}-events-seed-${SEED}`,
  );
  const data = join(home, 'data');
  const manifestFile = join(home, 'manifest.json');
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    log(
      `startup: reusing the ${events}-event folder built ${manifest.builtAt} (${home}; projection lag left ${manifest.lagLeft ?? 0})`,
    );
    return { folder: data, lagLeft: manifest.lagLeft ?? 0 };
  }
  log(`startup: building a data folder with ${events} events in ${home} (kept for the next runs)…`);
  rmSync(home, { recursive: true, force: true });
  mkdirSync(data, { recursive: true });
  chmodSync(home, 0o755);
  chmodSync(data, 0o755);
  const started = Date.now();
  await untilCaughtUp(data, 0); // migrations, secrets, classifiers: what a first start makes
  await run(
    [process.execPath, 'dist/bench/seed/seed-generate.js', '--events', String(events), '--seed', String(SEED)],
    { LICITA_DATA_DIR: data, LOG_LEVEL: 'warn' },
  );
  const seeded = Date.now();
  const lagLeft = await untilCaughtUp(data, catchUpMinutes);
  const manifest: Manifest = {
    events,
    seed: SEED,
    builtAt: new Date().toISOString(),
    seedSeconds: Math.round((seeded - started) / 1000),
    catchUpSeconds: Math.round((Date.now() - seeded) / 1000),
    lagLeft,
  };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { folder: data, lagLeft };
}

/**
 * The API on `dataDir` until /health/ready answers with every projection's lag at 0 (or `minutes` have passed, when
 * not 0); then stopped. The largest lag left.
 */
async function untilCaughtUp(dataDir: string, minutes: number): Promise<number> {
  const deadline = minutes > 0 ? Date.now() + minutes * 60_000 : Infinity;
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', LICITA_DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  let last = 0;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} while catching up`);
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
      const body = (await response?.json().catch(() => undefined)) as
        { status?: string; details?: { projector?: { lag?: number } } } | undefined;
      const lag = body?.details?.projector?.lag;
      if (response?.status === 200 && body?.status === 'ok' && lag === 0) return 0;
      if (lag !== undefined && Date.now() > deadline) return lag;
      if (Date.now() - last > 30_000 && lag !== undefined) {
        last = Date.now();
        log(`  catching up: lag ${lag.toLocaleString('en-US')} events`);
      }
      await new Promise((done) => setTimeout(done, 2_000));
    }
  } finally {
    await stop(child);
  }
}

function run(command: string[], env: Record<string, string>): Promise<void> {
  return new Promise((done, failed) => {
    const child = spawn(command[0], command.slice(1), {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', failed);
    child.on('exit', (code) => (code === 0 ? done() : failed(new Error(`${command.join(' ')} exited ${code}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}
