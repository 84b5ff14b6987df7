import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '@licita/platform/embedded-postgres';
import { NO_RATE_LIMITS, TEST_MASTER_KEY } from '../support/api-app';

/**
 * The built API and projector as child processes, for faults only a real process shows (SIGKILL). They are built
 * into their own folder (`.tmp-faults-dist` unless told, ignored by git) so that a build here never rewrites the
 * files a process of another test file (test/api/process.e2e-spec.ts builds `dist/`) is loading. Another test
 * file spawning processes passes its own folder (`outDir`) to `buildOnce` and `spawnLicita`: jest runs files in
 * parallel, and a build rewrites changed files (without their aliases resolved, for a moment) while the other
 * file's child may be loading them.
 */
const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, '.tmp-faults-dist');
export const JWT_SECRET = 'faults-secret-that-is-long-enough-for-hs256';

/** A build folder of its own, `.tmp-<name>-dist` at the root (ignored by git). */
export const buildFolder = (name: string) => join(ROOT, `.tmp-${name}-dist`);

export async function buildOnce(outDir = OUT): Promise<void> {
  const run = promisify(execFile);
  await run(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      outDir,
      '--tsBuildInfoFile',
      join(outDir, '.tsbuildinfo'),
    ],
    { cwd: ROOT },
  );
  await run(
    process.execPath,
    [join(ROOT, 'node_modules/tsc-alias/dist/bin/index.js'), '-p', 'tsconfig.build.json', '--outDir', outDir],
    { cwd: ROOT },
  );
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

export async function untilReady(licita: Licita, withinMs = 30_000): Promise<void> {
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
