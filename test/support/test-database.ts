import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database in the test cluster, for one test file (or one test). */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl)
    throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (its global setup starts PostgreSQL)');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase();
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

/**
 * A fresh database (see createTestDatabase) for the specs of one file or describe block: created before them,
 * dropped after. Read it in hooks and tests, not while the file loads. Call it outside the describe blocks whose
 * `afterAll` close connections to it, so that they close before it is dropped.
 */
export function useTestDatabase(prefix: string): TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(prefix);
  });
  afterAll(async () => {
    await database?.drop();
  });
  const current = (): TestDatabase => {
    if (!database) throw new Error(`useTestDatabase('${prefix}'): read the database in a hook or a test`);
    return database;
  };
  return {
    get url() {
      return current().url;
    },
    get name() {
      return current().name;
    },
    drop: () => current().drop(),
  };
}

/** A fresh database (see createTestDatabase) and a connection to it that has run `migrations`. */
export async function createMigratedTestDatabase(
  prefix: string,
  migrations: DataSourceOptions['migrations'],
): Promise<{ database: TestDatabase; db: DataSource }> {
  const database = await createTestDatabase(prefix);
  const db = await new DataSource({ type: 'postgres', url: database.url, migrations, logging: false }).initialize();
  await db.runMigrations();
  return { database, db };
}

/** Ends, from the server side, every connection to `database` named `applicationName`: as if its process died. */
export async function terminateConnections(database: TestDatabase, applicationName: string): Promise<void> {
  await withAdmin(database.url, (admin) =>
    admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      applicationName,
    ]),
  );
}

async function withAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
