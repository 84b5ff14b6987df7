import { DataSource, type DataSourceOptions, type Migration } from 'typeorm';
import type { LicitaConfig } from './config';
import { EMBEDDED_APP_ROLE, EMBEDDED_OWNER_ROLE, handOverToApplication, prepareEmbeddedRoles } from './database-roles';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';

export const EMBEDDED_DATABASE_NAME = 'licita';
const MIGRATIONS_LOCK = 7_150_002;

/** The PostgreSQL the process works against: the configured one, or the embedded one it started. */
export interface Database {
  /** What the application connects as: DATABASE_URL, or the embedded `licita_app` role. */
  readonly url: string;
  /** What runs the migrations: DATABASE_MIGRATIONS_URL (else DATABASE_URL), or the embedded `licita_owner` role. */
  readonly migrationsUrl: string;
  /** Present when this process started the server (no DATABASE_URL). */
  readonly embedded?: EmbeddedDatabase;
  /** Stops the embedded server; nothing for an external one. */
  stop(): Promise<void>;
}

/**
 * With DATABASE_URL, that database. Without it, an embedded server with its data under LICITA_DATA_DIR
 * (kept between runs), a `licita` database owned by the `licita_owner` role and used as `licita_app`
 * (libs/platform/database-roles.ts), both created on first use, also in a data folder of an older version.
 *
 * With `migrations`, when the migrating role is not the application's (embedded, or DATABASE_MIGRATIONS_URL),
 * the migrations run here as the owner and the application role gets its share (`handOverToApplication`); the
 * application's own start-up migration then finds nothing to do.
 */
export async function openDatabase(
  config: Pick<LicitaConfig, 'databaseUrl' | 'databaseMigrationsUrl' | 'dataDir'>,
  log: (message: string) => void,
  options: {
    migrations?: DataSourceOptions['migrations'];
    /** The embedded server died and could not be restarted (see `startEmbeddedPostgres`). */
    onDatabaseLost?: (error: Error) => void;
  } = {},
): Promise<Database> {
  if (config.databaseUrl) {
    const database = {
      url: config.databaseUrl,
      migrationsUrl: config.databaseMigrationsUrl ?? config.databaseUrl,
      stop: () => Promise.resolve(),
    };
    if (options.migrations && database.migrationsUrl !== database.url)
      await migrateAsOwner(database, options.migrations, log);
    return database;
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    persistent: true,
    handleSignals: false,
    log,
    onGaveUp: options.onDatabaseLost,
  });
  const database = {
    url: roleUrl(embedded, EMBEDDED_APP_ROLE, embedded.credentials.app),
    migrationsUrl: roleUrl(embedded, EMBEDDED_OWNER_ROLE, embedded.credentials.owner),
    embedded,
    stop: () => embedded.stop(),
  };
  try {
    await prepareEmbeddedRoles(embedded.url, EMBEDDED_DATABASE_NAME, embedded.credentials);
    if (options.migrations) await migrateAsOwner(database, options.migrations, log);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${embedded.port} (data in ${config.dataDir})`);
  return database;
}

function roleUrl(embedded: EmbeddedDatabase, role: string, password: string): string {
  const url = new URL(embedded.url);
  url.username = role;
  url.password = password;
  url.pathname = `/${EMBEDDED_DATABASE_NAME}`;
  return url.toString();
}

/** The pending migrations as the owner, then the application role's share, in the migrations' lock. */
async function migrateAsOwner(
  database: Pick<Database, 'url' | 'migrationsUrl'>,
  migrations: DataSourceOptions['migrations'],
  log: (message: string) => void,
): Promise<void> {
  const appRole = decodeURIComponent(new URL(database.url).username);
  // Two: the lock's connection stays held while the migrations run on another.
  const settings = { url: database.migrationsUrl, poolSize: 2, migrations, applicationName: 'licita-migrations' };
  const dataSource = new DataSource(dataSourceOptions(settings));
  await dataSource.initialize();
  try {
    const applied = await runMigrationsExclusively(dataSource, (runner) => handOverToApplication(runner, appRole));
    if (applied.length > 0) log(`migrations applied as the owner role: ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    await dataSource.destroy().catch(() => undefined);
  }
}

/** What differs between the API's, the projector's and the tools' connections. */
export type DataSourceSettings = {
  url: string;
  poolSize: number;
  migrations: DataSourceOptions['migrations'];
  applicationName: string;
};

/** TypeORM settings shared by the API, the projector and the migrations command. */
export function dataSourceOptions(options: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    poolSize: options.poolSize,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    applicationName: options.applicationName,
    // The schema changes only through migrations.
    synchronize: false,
    logging: false,
  };
}

/**
 * A DataSource with these settings, opened, with every pending migration applied (`runMigrationsExclusively`),
 * and the migrations it applied. Closed again if either step fails.
 */
export async function openMigrated(
  settings: DataSourceSettings,
): Promise<{ dataSource: DataSource; applied: Migration[] }> {
  const dataSource = new DataSource(dataSourceOptions(settings));
  try {
    await dataSource.initialize();
    return { dataSource, applied: await runMigrationsExclusively(dataSource) };
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
}

/**
 * TypeORM runs migrations without a lock; API and projector processes starting together would race on the
 * same migration. An advisory lock makes them take turns: the first applies, the others find nothing to do.
 */
export async function runMigrationsExclusively(
  dataSource: DataSource,
  afterwards?: (runner: { query(sql: string): Promise<unknown> }) => Promise<void>,
): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(${MIGRATIONS_LOCK})`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await afterwards?.(runner);
    return applied;
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(${MIGRATIONS_LOCK})`).catch(() => undefined);
    await runner.release();
  }
}
