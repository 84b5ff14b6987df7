import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, isAlive } from '@licita/platform/embedded-postgres';
import { createTestDatabase } from '../support/test-database';
import { ensureWebBuilt } from '../web/browser';
import { buildOnce } from '../reliability/processes';

/** The built program, as `npm start` runs it: embedded PostgreSQL, migrations, HTTP, signals. */
const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/apps/api/main.js');
const MIGRATIONS_RUN = join(ROOT, 'dist/apps/api/cli/migrations-run.js');
// It includes initdb of a new cluster: 16 s of it seen under CI load, where 30 s in all was not always enough.
const READY_WITHIN_MS = 60_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<Exit>;
}

/**
 * `npm run build` is `nest build api && npm run build:web`: the API part from the run's shared `nest build api`
 * (test/reliability/processes.ts), the web part from the run's shared web build (the browser tests'
 * `ensureWebBuilt`, the same `vite build apps/web`, once per run and only when apps/web changed). A second vite build here (only seconds) emptied dist/web first (emptyOutDir), pulling the
 * files from under the browser tests running beside it.
 */
beforeAll(async () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  expect([scripts.build, scripts['build:web']]).toEqual([
    'nest build api && npm run build:web --silent',
    'vite build apps/web --logLevel warn',
  ]);
  await buildOnce(); // nest build api, once per run, shared with the reliability tests
  ensureWebBuilt();
}, 180_000);

function run(script: string, env: Record<string, string>, cwd = ROOT): Omit<Running, 'port'> {
  const child = spawn(process.execPath, [script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<Exit>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  return { child, output: () => output, exited };
}

async function startLicita(dataDir: string, env: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  return { ...run(MAIN, { PORT: String(port), LICITA_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env }), port };
}

async function untilReady(licita: Running): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  let exit: Exit | undefined;
  void licita.exited.then((value) => (exit = value));
  while (Date.now() < deadline && !exit) {
    const status = await fetch(`http://127.0.0.1:${licita.port}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`not ready within ${READY_WITHIN_MS} ms (exit: ${JSON.stringify(exit)}):\n${licita.output()}`);
}

/** postmaster.pid: pid, data dir, start time, port, … */
function postgresOf(dataDir: string): { pid: number; port: number } {
  const lines = readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

async function inEmbeddedDatabase<T>(dataDir: string, sql: string): Promise<T[]> {
  // The superuser's password is generated at the first start and kept in the data folder (#16 point 2).
  const { superuser } = JSON.parse(readFileSync(join(dataDir, 'database-credentials.json'), 'utf8')) as {
    superuser: string;
  };
  const client = new Client({
    connectionString: `postgres://licita:${encodeURIComponent(superuser)}@127.0.0.1:${postgresOf(dataDir).port}/licita`,
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const dataDirs: string[] = [];
const emptyDataDir = () => {
  dataDirs.push(mkdtempSync(join(tmpdir(), 'licita-process-')));
  return dataDirs[dataDirs.length - 1];
};

afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A data folder as a first start leaves it (cluster made, migrations applied, stopped cleanly), copied: the tests
 * after the first need a running instance, not a first start, and each first start (initdb of a new cluster,
 * every migration) cost several seconds. The first test, which starts on an empty folder, leaves its folder here.
 */
let stoppedAfterFirstStart: string | undefined;
async function startedDataDir(): Promise<string> {
  if (!stoppedAfterFirstStart) {
    const first = emptyDataDir();
    const licita = await startLicita(first);
    await untilReady(licita);
    licita.child.kill('SIGTERM');
    expect(await licita.exited).toEqual({ code: 0, signal: null });
    stoppedAfterFirstStart = first;
  }
  const copy = emptyDataDir();
  // `cp -a`: the cluster's files keep their owner (the system `postgres` user when run as root) and modes.
  execFileSync('cp', ['-a', `${stoppedAfterFirstStart}/.`, copy]);
  return copy;
}

describe('the API process', () => {
  it('starts on an empty data folder, is ready within 30 s, and SIGTERM stops it and its database with exit code 0', async () => {
    const dataDir = emptyDataDir();
    const licita = await startLicita(dataDir);
    await untilReady(licita);
    const postgres = postgresOf(dataDir);
    // Every projection catches up with what a first start records (the shipped classifiers) as the application's
    // own role, and none reports a failure. (Staging a batch of tenders needs TEMPORARY on the database, which this
    // empty folder has no tender to show: test/security/embedded-database.e2e-spec.ts checks that grant.)
    expect(await projectionsCaughtUp(licita.port)).toEqual([]);

    licita.child.kill('SIGTERM');

    expect(await licita.exited).toEqual({ code: 0, signal: null });
    expect(isAlive(postgres.pid)).toBe(false);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(licita.output()).toContain('Licita is ready at http://localhost:');
    stoppedAfterFirstStart ??= dataDir;
  }, 120_000);

  it('lets a command-line tool share the database of a running instance instead of restarting it', async () => {
    const dataDir = await startedDataDir();
    const licita = await startLicita(dataDir);
    await untilReady(licita);
    const postgres = postgresOf(dataDir);

    const tool = run(MIGRATIONS_RUN, { LICITA_DATA_DIR: dataDir });

    expect(await tool.exited).toEqual({ code: 0, signal: null });
    expect(tool.output()).toContain('migrations: nothing to apply');
    expect(postgresOf(dataDir).pid).toBe(postgres.pid);
    expect((await fetch(`http://127.0.0.1:${licita.port}/health/ready`)).status).toBe(200);
    licita.child.kill('SIGTERM');
    expect(await licita.exited).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('comes back on the same data after a SIGKILL left its database running', async () => {
    const dataDir = await startedDataDir();
    const killed = await startLicita(dataDir);
    await untilReady(killed);
    await inEmbeddedDatabase(dataDir, 'CREATE TABLE kept_between_runs (id int)');
    const orphan = postgresOf(dataDir);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(isAlive(orphan.pid)).toBe(true);

    const restarted = await startLicita(dataDir);
    await untilReady(restarted);

    expect(isAlive(orphan.pid)).toBe(false);
    expect(await inEmbeddedDatabase(dataDir, `SELECT to_regclass('kept_between_runs') AS kept`)).toEqual([
      { kept: 'kept_between_runs' },
    ]);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toEqual({ code: 0, signal: null });
  }, 150_000);
});

/** The statuses of GET `path` every 50 ms until `until` holds for one or `withinMs` passes. */
async function watchStatus(port: number, path: string, until: (status: number) => boolean, withinMs: number) {
  const seen: number[] = [];
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const status = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status,
      () => 0,
    );
    seen.push(status);
    if (until(status)) break;
    await new Promise((done) => setTimeout(done, 50));
  }
  return seen;
}

describe('when its embedded PostgreSQL dies (#16 point 12)', () => {
  // The instance that cannot start its database again waits out every restart backoff before it exits: started
  // here, it waits while the tests up to its own run, which then awaits it (last in the file).
  beforeAll(() => {
    void settledGivingUp();
  });

  it('starts it again with backoff: not ready while it is down, ready and serving on the same data once it is back', async () => {
    const dataDir = await startedDataDir();
    const licita = await startLicita(dataDir);
    await untilReady(licita);
    await inEmbeddedDatabase(dataDir, 'CREATE TABLE kept_across_the_crash (id int)');
    const dead = postgresOf(dataDir);

    process.kill(dead.pid, 'SIGKILL');
    // Ready again only counts with a new server: the killed server's backends may answer a pooled connection for
    // a moment after their postmaster died, so the first poll can still say 200.
    const restarted = () => {
      try {
        return postgresOf(dataDir).pid !== dead.pid;
      } catch {
        return false; // postmaster.pid not written yet
      }
    };
    const statuses = await watchStatus(licita.port, '/health/ready', (status) => status === 200 && restarted(), 30_000);

    expect(statuses.some((status) => status === 503)).toBe(true);
    expect(statuses[statuses.length - 1]).toBe(200);
    const back = postgresOf(dataDir);
    expect(back.pid).not.toBe(dead.pid);
    expect(isAlive(back.pid)).toBe(true);
    expect(await inEmbeddedDatabase(dataDir, `SELECT to_regclass('kept_across_the_crash') AS kept`)).toEqual([
      { kept: 'kept_across_the_crash' },
    ]);
    expect((await fetch(`http://127.0.0.1:${licita.port}/api/feed`)).status).toBe(200);
    licita.child.kill('SIGTERM');
    expect(await licita.exited).toEqual({ code: 0, signal: null });
  }, 150_000);
});

it('refuses a bad configuration with one line per problem on stderr, exit code 2 and no stack trace', async () => {
  const licita = run(MAIN, { PORT: 'eighty', EVENT_STORE: 'kafka', LICITA_DATA_DIR: emptyDataDir() });
  expect(await licita.exited).toEqual({ code: 2, signal: null });
  expect(licita.output()).toBe(
    'licita: invalid configuration:\n' +
      '  - PORT must be an integer from 0 to 65535, got "eighty"\n' +
      '  - EVENT_STORE must be one of postgres, eventstoredb, got "kafka"\n',
  );
});

it('npm run migrations:run applies the pending migrations to DATABASE_URL, then finds nothing to do', async () => {
  const database = await createTestDatabase('migrations');
  const env = {
    DATABASE_URL: database.url,
    JWT_SECRET: 'a-jwt-secret-of-at-least-thirty-two-chars',
    LICITA_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
  };
  try {
    const first = run(MIGRATIONS_RUN, env);
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.output()).toMatch(/^migrations: applied CreateEventStore\d+, /);
    const second = run(MIGRATIONS_RUN, env);
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.output()).toBe('migrations: nothing to apply\n');
  } finally {
    await database.drop();
  }
});

it('starts from the build output alone (dist/, package.json, node_modules), with the classifier data it imports', async () => {
  // What the container image holds: no sources, no libs/classifier/data beside it.
  const app = mkdtempSync(join(tmpdir(), 'licita-image-'));
  cpSync(join(ROOT, 'dist'), join(app, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
  const database = await createTestDatabase('image');
  const port = await freePort();
  const licita = {
    ...run(
      join(app, 'dist/apps/api/main.js'),
      {
        PORT: String(port),
        DATABASE_URL: database.url,
        JWT_SECRET: 'a-jwt-secret-of-at-least-thirty-two-chars',
        LICITA_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
        LOG_LEVEL: 'warn',
      },
      app,
    ),
    port,
  };
  try {
    await untilReady(licita);
    // The CPV 2008 classifier is imported from dist/ on the first start (in the background once ready).
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await fetch(`http://127.0.0.1:${port}/api/classifier/30000000-9`)).status;
      if (status !== 200) await new Promise((done) => setTimeout(done, 200));
    }
    expect(status).toBe(200);
  } finally {
    licita.child.kill('SIGTERM');
    await licita.exited;
    await database.drop();
    rmSync(app, { recursive: true, force: true });
  }
});

/**
 * An instance whose embedded PostgreSQL is killed after a setting it refuses at start was added: every restart
 * attempt fails. Its exit (or 'running' if it has not exited within 60 s) and its output.
 */
let givingUp: Promise<{ exited: unknown; output: string }> | undefined;
async function startGivingUp(): Promise<{ exited: unknown; output: string }> {
  const dataDir = await startedDataDir();
  // As many attempts as the default backoff, with short waits: the default's ~24 s prove nothing more here.
  const licita = await startLicita(dataDir, { LICITA_PG_RESTART_BACKOFF_MS: Array(8).fill(100).join(',') });
  await untilReady(licita);
  // A setting PostgreSQL refuses at start (read only then): every restart attempt fails.
  appendFileSync(join(dataDir, 'pg', 'postgresql.conf'), '\nshared_buffers = not-a-size\n');

  process.kill(postgresOf(dataDir).pid, 'SIGKILL');
  let timer: NodeJS.Timeout | undefined;
  const exited = await Promise.race([
    licita.exited,
    new Promise((done) => (timer = setTimeout(() => done('running'), 60_000))),
  ]);
  clearTimeout(timer);
  if (exited === 'running') licita.child.kill('SIGKILL');
  return { exited, output: licita.output() };
}
// Settled here so that a failure is reported by its test, not as an unhandled rejection before it.
const settledGivingUp = () =>
  (givingUp ??= startGivingUp()).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('when its embedded PostgreSQL dies (#16 point 12)', () => {
  it('exits non-zero when it cannot start it again, so a supervisor restarts the process; never alive forever', async () => {
    const settled = await settledGivingUp();
    if ('error' in settled) throw settled.error;
    const { exited, output } = settled.value;

    expect(exited).toEqual({ code: 1, signal: null });
    expect(output).toContain('did not come back after 8 attempts');
  }, 150_000);
});

/** The projections still behind or failing after up to 90 s (name: lag, failure), from /health/ready. */
async function projectionsCaughtUp(port: number): Promise<string[]> {
  type Projection = { name: string; lag: number; failing?: string };
  let behind: string[] = ['not asked yet'];
  for (const deadline = Date.now() + 90_000; behind.length > 0 && Date.now() < deadline;) {
    const body = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as {
      details?: { projector?: { projections?: Projection[] } };
    };
    const projections = body.details?.projector?.projections ?? [];
    behind = projections
      .filter((p) => p.lag > 0 || p.failing)
      .map((p) => `${p.name}: lag ${p.lag}${p.failing ? `, failing: ${p.failing}` : ''}`);
    if (projections.length === 0) behind = ['no projections reported'];
    if (behind.length > 0) await new Promise((resume) => setTimeout(resume, 500));
  }
  return behind;
}
