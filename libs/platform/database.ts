import { Client } from 'pg';
import { DataSource, type DataSourceOptions, type Migration } from 'typeorm';
import type { LicitaConfig } from './config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';

export const EMBEDDED_DATABASE_NAME = 'licita';
const MIGRATIONS_LOCK = 7_150_002;

/** The PostgreSQL the process works against: the configured one, or the embedded one it started. */
export interface Database {
  readonly url: string;
  /** Present when this process started the server (no DATABASE_URL). */
  readonly embedded?: EmbeddedDatabase;
  /** Stops the embedded server; nothing for an external one. */
  stop(): Promise<void>;
}

/**
 * With DATABASE_URL, that database. Without it, an embedded server with its data under LICITA_DATA_DIR
 * (kept between runs) and a `licita` database created on first use.
 */
export async function openDatabase(
  config: Pick<LicitaConfig, 'databaseUrl' | 'dataDir'>,
  log: (message: string) => void,
): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: () => Promise.resolve() };
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    persistent: true,
    handleSignals: false,
    log,
  });
  try {
    await createDatabaseIfMissing(embedded.url, EMBEDDED_DATABASE_NAME);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const url = new URL(embedded.url);
  url.pathname = `/${EMBEDDED_DATABASE_NAME}`;
  log(`embedded PostgreSQL ready on 127.0.0.1:${embedded.port} (data in ${config.dataDir})`);
  return { url: url.toString(), embedded, stop: () => embedded.stop() };
}

async function createDatabaseIfMissing(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
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
export async function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(${MIGRATIONS_LOCK})`);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(${MIGRATIONS_LOCK})`).catch(() => undefined);
    await runner.release();
  }
}
