import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { ensureDefaultClassifier } from '@licita/classifier';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { loadConfig, type LicitaConfig } from '@licita/platform/config';
import { dataSourceOptions, runMigrationsExclusively } from '@licita/platform/database';
import { createLogger, PinoLoggerService } from '@licita/platform/logger';
import { ProjectionRunner } from '@licita/projections/projection-runner';
import { startEmbeddedPostgres } from '@licita/platform/embedded-postgres';
import { TenderKeyStore } from '@licita/tendering/application/tender-keys';
import { DataSource } from 'typeorm';
import { createProjectorApp } from '../apps/projector/projector-app';
import { ALL_MIGRATIONS } from '../migrations';
import { GENERATOR_VERSION, generateHistory, type GenerationSummary } from './seed/generate';
import { replicateReadModels } from './seed/replicate';
import { arg, numberArg } from './harness';
import { PROCEDURE_MIXES, type ProcedureMix } from './seed/history';

/** The read models the public search and detail read (the search, queries and bench:data databases). */
export const QUERIED_PROJECTIONS = ['transparency', 'tender-views', 'buying-units'];

/**
 * The flags every bench over a projected database takes — `--tenders=N`, `--mix`, `--seed=S`, `--fresh` — with
 * the bench's own defaults for the first two; an unknown mix is refused.
 */
export function databaseFlags(
  args: string[],
  defaults: { tenders: number; mix: ProcedureMix },
): Pick<ProjectedDatabaseOptions, 'tenders' | 'mix' | 'seed' | 'fresh'> {
  const mix = (arg(args, 'mix') ?? defaults.mix) as ProcedureMix;
  if (!(mix in PROCEDURE_MIXES)) throw new Error(`--mix must be one of ${Object.keys(PROCEDURE_MIXES).join(', ')}`);
  return {
    tenders: numberArg(args, 'tenders', defaults.tenders),
    mix,
    seed: numberArg(args, 'seed', 20_260_101),
    fresh: args.includes('--fresh'),
  };
}

export interface ProjectedDatabaseOptions {
  /** At least this many public tenders, from the seed generator. */
  tenders: number;
  mix: ProcedureMix;
  seed: number;
  /** The read models the benchmark reads, built by their projections (`projections:rebuild`). */
  projections: string[];
  /** Where the data folder is kept between runs (default LICITA_BENCH_CACHE, or licita-bench-cache in the temporary folder). */
  cacheDir?: string;
  /** Build it again even if a folder for the same options is there. */
  fresh?: boolean;
  /**
   * Not generated: the database of this many tenders (built first if need be) copied, its read models
   * replicated in SQL to `tenders` (see `replicateReadModels`). For a scale whose log would take hours.
   */
  replicateFrom?: number;
  log(line: string): void;
}

/** How the database came to be: built in this run, or reused from an earlier one (and when that built it). */
export interface Provenance {
  reused: boolean;
  builtAt: string;
  seedSeconds: number;
  /** The projections rebuilt side by side, one process each. */
  projectionSeconds: number;
  /** Projections rebuilt in this run because their version changed since (name: seconds). */
  refreshed: Record<string, number>;
  /** The read models are copies of a smaller scale's (`summary` is that scale's history). */
  replicatedFrom?: { tenders: number; copies: number; seconds: number };
}

export interface ProjectedDatabase {
  url: string;
  folder: string;
  /** The environment an API or projector process on this database needs (DATABASE_URL, its own secrets). */
  env: Record<string, string>;
  summary: GenerationSummary;
  provenance: Provenance;
  dispose(): Promise<void>;
}

type Manifest = {
  summary: GenerationSummary;
  secrets: { JWT_SECRET: string; LICITA_MASTER_KEY: string };
  builtAt: string;
  seedSeconds: number;
  projectionSeconds: number;
  replicatedFrom?: { tenders: number; copies: number; seconds: number };
};

/**
 * A durable embedded PostgreSQL holding a generated history (real deciders, bulk-written with the store's
 * invariants) and the read models `projections` built from it by the real projections, each rebuilt by
 * `projections:rebuild` in its own process at full speed. Building one for 200,000 tenders takes minutes, so
 * the data folder is kept under the cache folder, named by its options, and reused by the next run: migrations
 * added since are applied, and a projection whose version changed since is rebuilt. Nothing is written to it
 * by the reads, so a reused database is the one that was built.
 */
export async function projectedDatabase(options: ProjectedDatabaseOptions): Promise<ProjectedDatabase> {
  const folderOf = (tenders: number) =>
    join(
      options.cacheDir ?? process.env.LICITA_BENCH_CACHE ?? join(tmpdir(), 'licita-bench-cache'),
      `${options.mix}-${tenders}-tenders-seed-${options.seed}-gen${GENERATOR_VERSION}`,
    );
  const folder = folderOf(options.tenders);
  const manifestFile = join(folder, 'manifest.json');
  const manifest =
    !options.fresh && existsSync(manifestFile)
      ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest)
      : undefined;
  if (!manifest) rmSync(folder, { recursive: true, force: true });
  if (!manifest && options.replicateFrom) return replicated(options, options.replicateFrom, folderOf);
  const server = await startEmbeddedPostgres({ dataDir: folder, persistent: true, maxConnections: 300 });
  try {
    const url = await databaseIn(server.url, 'bench');
    const secrets = manifest?.secrets ?? {
      JWT_SECRET: randomBytes(32).toString('hex'),
      LICITA_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    const env = { DATABASE_URL: url, ...secrets, LOG_LEVEL: 'warn' };
    if (manifest) {
      options.log(`reusing the database built ${manifest.builtAt} in ${folder} (--fresh builds it again)`);
      await migrate(url);
      // A projection rebuilt from the log would drop the copies: a replicated scale is built again instead.
      const refreshed = manifest.replicatedFrom ? {} : await refreshChangedProjections(url, env, options);
      await analyze(url);
      return {
        url,
        folder,
        env,
        summary: manifest.summary,
        provenance: { reused: true, ...manifest, refreshed },
        dispose: () => server.stop(),
      };
    }
    options.log(`building the database in ${folder} (kept for the next runs)…`);
    const seedStarted = Date.now();
    const summary = await seed(url, loadConfig(env, []), options);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const projectionStarted = Date.now();
    options.log(`rebuilding ${options.projections.join(', ')} from the log, side by side…`);
    await Promise.all(options.projections.map((name) => rebuild(env, name, options.log)));
    const projectionSeconds = (Date.now() - projectionStarted) / 1000;
    await analyze(url);
    const built: Manifest = { summary, secrets, builtAt: new Date().toISOString(), seedSeconds, projectionSeconds };
    writeFileSync(manifestFile, `${JSON.stringify(built, null, 2)}\n`);
    return {
      url,
      folder,
      env,
      summary,
      provenance: { reused: false, builtAt: built.builtAt, seedSeconds, projectionSeconds, refreshed: {} },
      dispose: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * The database of `from` tenders (built first if need be), its data folder copied to this scale's, and the read
 * models the queries read replicated there to `options.tenders` procedures (`replicateReadModels`).
 */
async function replicated(
  options: ProjectedDatabaseOptions,
  from: number,
  folderOf: (tenders: number) => string,
): Promise<ProjectedDatabase> {
  const copies = Math.round(options.tenders / from) - 1;
  if (copies < 1 || (copies + 1) * from !== options.tenders)
    throw new Error(`--replicate-from ${from}: ${options.tenders} must be a multiple of it, at least twice`);
  const source = await projectedDatabase({ ...options, tenders: from, replicateFrom: undefined, fresh: false });
  await source.dispose();
  const folder = folderOf(options.tenders);
  options.log(`copying ${source.folder} to ${folder}, then its read models × ${copies + 1} in SQL…`);
  // cp -a: the server's files keep their owner (the postgres user) and modes.
  execFileSync('cp', ['-a', source.folder, folder]);
  rmSync(join(folder, 'manifest.json'));
  rmSync(join(folder, 'pg', 'postmaster.pid'), { force: true });
  const server = await startEmbeddedPostgres({ dataDir: folder, persistent: true, maxConnections: 300 });
  try {
    const url = await databaseIn(server.url, 'bench');
    const started = Date.now();
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await replicateReadModels(client, copies, options.log);
    } finally {
      await client.end();
    }
    const replicatedFrom = { tenders: from, copies, seconds: (Date.now() - started) / 1000 };
    const manifest = JSON.parse(readFileSync(join(source.folder, 'manifest.json'), 'utf8')) as Manifest;
    const built: Manifest = { ...manifest, builtAt: new Date().toISOString(), replicatedFrom };
    writeFileSync(join(folder, 'manifest.json'), `${JSON.stringify(built, null, 2)}\n`);
    return {
      url,
      folder,
      env: { DATABASE_URL: url, ...manifest.secrets, LOG_LEVEL: 'warn' },
      summary: manifest.summary,
      provenance: { reused: false, ...built, refreshed: {} },
      dispose: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function databaseIn(serverUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withDataSource<T>(url: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await new DataSource(
    dataSourceOptions({ url, poolSize: 4, migrations: ALL_MIGRATIONS, applicationName: 'licita-bench' }),
  ).initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const migrate = (url: string) => withDataSource(url, (dataSource) => runMigrationsExclusively(dataSource));

/** Statistics as autovacuum would have them by the time anyone reads a database this size. */
const analyze = (url: string) => withDataSource(url, (dataSource) => dataSource.query('VACUUM ANALYZE'));

async function seed(url: string, config: LicitaConfig, options: ProjectedDatabaseOptions): Promise<GenerationSummary> {
  return withDataSource(url, async (dataSource) => {
    await runMigrationsExclusively(dataSource);
    const store = await PostgresEventStore.create({ connectionString: url, poolSize: 2 });
    await ensureDefaultClassifier(store).finally(() => store.close());
    let last = 0;
    return generateHistory({
      databaseUrl: url,
      tenders: options.tenders,
      mix: options.mix,
      seed: options.seed,
      keys: new TenderKeyStore(dataSource, config),
      onProgress: (p) => {
        if (Date.now() - last < 15_000) return;
        last = Date.now();
        const rate = Math.round(p.eventsWritten / Math.max(1, p.elapsedMs / 1000));
        options.log(
          `  seeding: ${p.eventsWritten.toLocaleString('en-US')} events (${rate.toLocaleString('en-US')}/s), ${p.tenders.toLocaleString('en-US')} tenders`,
        );
      },
    });
  });
}

/** The projections whose code version differs from their checkpoint's (or never run): rebuilt. */
async function refreshChangedProjections(
  url: string,
  env: Record<string, string>,
  options: ProjectedDatabaseOptions,
): Promise<Record<string, number>> {
  const app = await createProjectorApp({
    config: loadConfig(env, []),
    databaseUrl: url,
    logger: new PinoLoggerService(createLogger('warn')),
    run: false,
  });
  const statuses = await app
    .get(ProjectionRunner)
    .status()
    .finally(() => app.close());
  const stale = statuses.filter(
    (status) =>
      options.projections.includes(status.name) && (status.storedVersion !== undefined || status.position === 0n),
  );
  const refreshed: Record<string, number> = {};
  await Promise.all(
    stale.map(async ({ name }) => {
      options.log(`${name} changed since the database was built: rebuilding it`);
      const started = Date.now();
      await rebuild(env, name, options.log);
      refreshed[name] = Math.round((Date.now() - started) / 1000);
    }),
  );
  return refreshed;
}

/** `npm run projections:rebuild -- <name>` (the built CLI) in a child process; its progress lines go to `log`. */
function rebuild(env: Record<string, string>, name: string, log: (line: string) => void): Promise<void> {
  const cli = resolve(__dirname, '..', 'apps', 'projector', 'cli', 'rebuild.js');
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [cli, name], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    let lastLine = 0;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      for (const line of text.split('\n').filter(Boolean)) {
        if (line.startsWith('rebuilt') || Date.now() - lastLine > 15_000) {
          lastLine = Date.now();
          log(`  ${line}`);
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (errors += text));
    child.on('error', failed);
    child.on('exit', (code) =>
      code === 0 ? done() : failed(new Error(`projections:rebuild ${name} exited ${code}: ${errors.slice(-2_000)}`)),
    );
  });
}
