import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database in the test cluster, for one test file (or one test): empty, or (`migrated`) a copy of a
 * database that has had every migration of the app (ALL_MIGRATIONS) applied, as an API's start-up leaves it.
 */
export async function createTestDatabase(
  prefix = 'test',
  { migrated = false }: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl)
    throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (its global setup starts PostgreSQL)');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase();
  const template = migrated ? ` TEMPLATE "${await migratedTemplate(serverUrl)}"` : '';
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"${template}`));
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

/** The run's migrated template (`createTestDatabase(…, { migrated: true })`), made by the first file to ask. */
export const MIGRATED_TEMPLATE = () =>
  `licita_migrated_${createHash('sha256')
    .update(process.env.LICITA_TEST_RUN ?? `pid-${process.ppid}`)
    .digest('hex')
    .slice(0, 12)}`;

let template: Promise<string> | undefined;

/**
 * Every API start on a fresh database used to run the thirty migrations itself (about a second each time, with
 * CREATE OR REPLACE of the event store and dozens of tables); a copy of a migrated template costs one CREATE
 * DATABASE. Made once per run (set by the global setup, so a template of older migrations is never used): the
 * first worker to ask makes it under an advisory lock while the others wait, then finds it there.
 */
function migratedTemplate(serverUrl: string): Promise<string> {
  template ??= withAdmin(serverUrl, async (admin) => {
    const name = MIGRATED_TEMPLATE();
    await admin.query('SELECT pg_advisory_lock(7150900)');
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount === 0) await makeMigratedTemplate(serverUrl, name);
      return name;
    } finally {
      await admin.query('SELECT pg_advisory_unlock(7150900)');
    }
  }).catch((error: unknown) => {
    template = undefined;
    throw error;
  });
  return template;
}

async function makeMigratedTemplate(serverUrl: string, name: string): Promise<void> {
  // Loaded here: most files that use this module never ask for a migrated database.
  const { ALL_MIGRATIONS } = await import('../../migrations');
  const { dataSourceOptions } = await import('../../libs/platform/database');
  const building = `${name}_building`;
  await withAdmin(serverUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${building}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${building}`;
  const settings = { url: url.toString(), poolSize: 2, migrations: ALL_MIGRATIONS, applicationName: 'licita-template' };
  const dataSource = await new DataSource(dataSourceOptions(settings)).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await installShippedClassifiers(dataSource, url.toString());
  } finally {
    await dataSource.destroy();
  }
  // Renamed once complete: a run that died half-way leaves no template that looks finished.
  await withAdmin(serverUrl, (admin) => admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`));
}

/**
 * The shipped classifiers (CUCoP and CPV 2008, 21,500 codes), recorded and projected once into the template
 * instead of at every API start (about 3.5 s of each API test file): an API finds them complete and the
 * projections that read them (classifier, transparency) start past them.
 */
async function installShippedClassifiers(dataSource: DataSource, url: string): Promise<void> {
  const { ensureDefaultClassifiers } = await import('../../libs/classifier/application/classifier-importer');
  const { ClassifierProjection } = await import('../../libs/classifier/projections/classifier.projection');
  const { TransparencyProjection } = await import('../../libs/transparency/projections/transparency.projection');
  const { PostgresEventStore } = await import('../../libs/event-store/postgres/postgres-event-store');
  const { ProjectionRunner } = await import('../../libs/projections/projection-runner');
  const { MemoryLogger } = await import('../../libs/projections/testing/projection-testbed');
  const store = await PostgresEventStore.create({ connectionString: url });
  try {
    await ensureDefaultClassifiers(store);
    const runner = new ProjectionRunner({
      dataSource,
      eventStore: store,
      databaseUrl: url,
      logger: new MemoryLogger(),
    }).register(new ClassifierProjection(), new TransparencyProjection());
    for (const projection of runner.projections) await runner.rebuildProjection(projection.name);
  } finally {
    await store.close();
  }
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
