import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '@licita/platform/embedded-postgres';
import { NO_RATE_LIMITS, TEST_MASTER_KEY } from '../support/api-app';

/**
 * The built API and projector as child processes, for faults only a real process shows (SIGKILL), and the
 * program as `npm start` runs it (test/api/process.e2e-spec.ts). Built once per test run, by `nest build api`
 * into `dist/` as `npm run build` does: the first test file to ask builds while the others wait, so no build ever
 * rewrites files a child process of another file may be loading, and the run pays for one compilation (there
 * were two: this folder by tsc and tsc-alias, and dist/ again by the process test).
 */
const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, 'dist');
export const JWT_SECRET = 'faults-secret-that-is-long-enough-for-hs256';

/** The shared build folder (the name says which test file asked; every file gets the same build). */
export const buildFolder = (_name: string) => OUT;

/** Which test run a build belongs to (set by the global setup; a build from an earlier run is not trusted). */
const runId = () => process.env.LICITA_TEST_RUN ?? `pid-${process.ppid}`;

export async function buildOnce(outDir = OUT): Promise<void> {
  if (outDir !== OUT) throw new Error(`buildOnce builds ${OUT} (nest build api), not ${outDir}`);
  const marker = join(outDir, `.built-${runId()}`);
  if (existsSync(marker)) return;
  mkdirSync(outDir, { recursive: true });
  const lock = join(outDir, '.build.lock');
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { force: true });
      await new Promise((wait) => setTimeout(wait, 200));
      if (existsSync(marker)) return;
    }
  }
  try {
    if (!existsSync(marker)) {
      await promisify(execFile)(join(ROOT, 'node_modules/.bin/nest'), ['build', 'api'], { cwd: ROOT });
      writeFileSync(marker, new Date().toISOString());
    }
  } finally {
    rmSync(lock, { force: true });
  }
}

export interface Licita {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `api` (HTTP, role all unless told) or `projector`, on `databaseUrl`, logging JSON lines at warn, built in `outDir`. */
export async function spawnLicita(
  kind: 'api' | 'projector',
  databaseUrl: string,
  env: Record<string, string> = {},
  outDir = OUT,
): Promise<Licita> {
  const port = await freePort();
  const script = join(outDir, kind === 'api' ? 'apps/api/main.js' : 'apps/projector/main.js');
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      LICITA_MASTER_KEY: TEST_MASTER_KEY,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...NO_RATE_LIMITS,
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Ready within `withinMs`: 60 s by default, as the crash tests chose (under CI load a first start took over 30). */
export async function untilReady(licita: Licita, withinMs = 60_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  let exit: unknown;
  void licita.exited.then((value) => (exit = value));
  while (Date.now() < deadline && !exit) {
    const status = await fetch(`${licita.url}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`not ready within ${withinMs} ms (exit: ${JSON.stringify(exit)}):\n${licita.output()}`);
}

export async function kill(licita: Licita): Promise<void> {
  licita.child.kill('SIGKILL');
  await licita.exited;
}

export async function query<T = any>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Polls until `probe` gives a value; a probe that throws (a process restarting, a refused connection) is polled again. */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  withinMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resume) => setTimeout(resume, 100));
  }
}
