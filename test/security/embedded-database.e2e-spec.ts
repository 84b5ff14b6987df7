import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PostgresEventStore } from '@licita/event-store';
import { openDatabase, openMigrated, startEmbeddedPostgres, type Database } from '@licita/platform';
import { ALL_MIGRATIONS } from '../../migrations';

/**
 * Issue #16 point 2: a local user must not be able to take the embedded database over, and the application's own
 * role must not be able to rewrite history. Real embedded PostgreSQL, started the way `npm start` starts it.
 */
const LEGACY_PASSWORD = 'licita';
const asRoot = process.getuid?.() === 0;
const log = () => undefined;

const folders: string[] = [];
const newDataDir = () => {
  folders.push(mkdtempSync(join(tmpdir(), 'licita-embedded-')));
  return folders[folders.length - 1];
};
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

const portOf = (dataDir: string) => Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The SQLSTATE PostgreSQL answers (undefined when it accepts). */
async function refusal(url: string, sql: string): Promise<string | undefined> {
  try {
    await query(url, sql);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const withUser = (url: string, user: string, password: string | undefined) => {
  const changed = new URL(url);
  changed.username = user;
  changed.password = password ?? '';
  return changed.toString();
};

/** Runs a command as the unprivileged `nobody` user (only as root); its exit status and stderr. */
function asNobody(command: string, args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(command, args, { uid: 65534, gid: 65534, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

async function appendOneEvent(url: string, streamId: string): Promise<void> {
  const store = await PostgresEventStore.create({ connectionString: url, poolSize: 1 });
  try {
    await store.appendToStream(
      streamId,
      [
        {
          id: randomUUID(),
          type: 'SomethingHappened',
          data: { n: 1 },
          metadata: { actor: 'test', correlationId: randomUUID(), occurredAt: new Date(0).toISOString() },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
  } finally {
    await store.close();
  }
}

describe('a fresh embedded database', () => {
  let dataDir: string;
  let database: Database;

  beforeAll(async () => {
    dataDir = newDataDir();
    database = await openDatabase({ dataDir }, log, { migrations: ALL_MIGRATIONS });
    await appendOneEvent(database.url, 'test-1');
  }, 60_000);
  afterAll(() => database?.stop());

  it('keeps its folder and its generated passwords from other local users', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(asRoot ? 0o710 : 0o700);
    expect(statSync(join(dataDir, 'database-credentials.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'owner.json')).mode & 0o777).toBe(0o600);
    if (!asRoot) return;
    // `nobody` may neither list the folder nor read the port or the passwords.
    expect(asNobody('ls', [dataDir]).status).not.toBe(0);
    expect(asNobody('cat', [join(dataDir, 'owner.json')]).stderr).toMatch(/Permission denied/);
    expect(asNobody('cat', [join(dataDir, 'database-credentials.json')]).stderr).toMatch(/Permission denied/);
  });

  it('refuses the old fixed password, a login without password, and has no Unix socket', async () => {
    const port = portOf(dataDir);
    const server = `postgres://x@127.0.0.1:${port}/postgres`;
    expect(await refusal(withUser(server, 'licita', LEGACY_PASSWORD), 'SELECT 1')).toBe('28P01');
    expect(await refusal(withUser(server, 'licita', 'not-the-password'), 'SELECT 1')).toBe('28P01');
    // pg asks for a password the server wants; none given is refused before any query.
    expect(await refusal(withUser(server, 'licita', undefined), 'SELECT 1')).toBeDefined();
    expect(existsSync(`/tmp/.s.PGSQL.${port}`)).toBe(false);
    expect(readFileSync(join(dataDir, 'pg', 'pg_hba.conf'), 'utf8')).toMatch(
      /^host all all 127\.0\.0\.1\/32 scram-sha-256$/m,
    );
  });

  it('connects the application as a role that is no superuser and cannot change or delete an event', async () => {
    const app = database.url;
    expect(new URL(app).username).toBe('licita_app');
    expect(
      await query(app, 'SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user'),
    ).toEqual([{ rolsuper: false, rolcreaterole: false, rolcreatedb: false }]);
    for (const sql of [
      "UPDATE es_events SET data = '{}'",
      'DELETE FROM es_events',
      'TRUNCATE es_events',
      "INSERT INTO es_events (stream_id, stream_revision, event_id, type, data, metadata) VALUES ('forged', 0, gen_random_uuid(), 'Forged', '{}', '{}')",
      'UPDATE es_streams SET revision = 0',
      'DELETE FROM es_streams',
      'DROP TABLE es_events',
      'ALTER TABLE es_events DISABLE TRIGGER ALL',
      'DROP TRIGGER ledger_entries_append_only ON ledger_entries',
      "CREATE OR REPLACE FUNCTION es_append(p_stream text, p_expected bigint, p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[]) RETURNS TABLE (next_revision bigint, last_position bigint) LANGUAGE sql AS 'SELECT 0::bigint, 0::bigint'",
    ])
      expect([sql, await refusal(app, sql)]).toEqual([sql, '42501']);
    expect(await query(app, "SELECT count(*)::int AS n FROM es_events WHERE stream_id = 'test-1'")).toEqual([{ n: 1 }]);
  });

  it('still lets the application append, read, rebuild its read models and write the ledger', async () => {
    const app = database.url;
    await appendOneEvent(app, 'test-2');
    expect(await query(app, "SELECT type FROM es_events WHERE stream_id = 'test-2'")).toEqual([
      { type: 'SomethingHappened' },
    ]);
    // What a projection rebuild does to its tables: empty them, drop and build an index again.
    expect(await refusal(app, 'TRUNCATE buying_units')).toBeUndefined();
    const [index] = (await query(
      app,
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'transparency_tenders' AND indexdef NOT LIKE '%UNIQUE%' LIMIT 1`,
    )) as Array<{ indexname: string; indexdef: string }>;
    expect(await refusal(app, `DROP INDEX "${index.indexname}"; ${index.indexdef}`)).toBeUndefined();
    expect(await refusal(app, 'BEGIN; LOCK TABLE ledger_entries IN SHARE MODE; COMMIT')).toBeUndefined();
    // What a projection batch stages its rows in (copyRows: COPY into a temporary table, then INSERT … SELECT);
    // refused, the transparency and OCDS projections stopped at their first batch on a fresh data folder.
    expect(
      await refusal(app, 'BEGIN; CREATE TEMPORARY TABLE copy_staging (id text) ON COMMIT DELETE ROWS; COMMIT'),
    ).toBeUndefined();
  });

  it('runs the migrations as an owner role that is no superuser either', async () => {
    expect(new URL(database.migrationsUrl).username).toBe('licita_owner');
    expect(await query(database.migrationsUrl, 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).toEqual([
      { rolsuper: false },
    ]);
  });
});

describe('a data folder whose parent folders do not exist yet', () => {
  it('creates them as any folder (only the data folder itself is private), so the server can reach it', async () => {
    const base = newDataDir();
    chmodSync(base, 0o755); // as /srv or /var/lib would be
    const dataDir = join(base, 'srv', 'licita', 'data');
    const database = await openDatabase({ dataDir }, log, { migrations: [] });
    try {
      expect(await query(database.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      // Created with the process's umask (0755 here), not 0700: as root, the `postgres` user must pass through.
      expect(statSync(join(base, 'srv')).mode & 0o011).not.toBe(0);
      expect(statSync(join(base, 'srv', 'licita')).mode & 0o011).not.toBe(0);
      expect(statSync(dataDir).mode & 0o777).toBe(asRoot ? 0o710 : 0o700);
    } finally {
      await database.stop();
    }
  }, 60_000);
});

describe('a data folder of the version with the fixed password', () => {
  it('is upgraded in place: generated passwords, the two roles, its events kept and append-only', async () => {
    const dataDir = newDataDir();
    await makeLegacyDataFolder(dataDir);

    const database = await openDatabase({ dataDir }, log, { migrations: ALL_MIGRATIONS });
    try {
      expect(await refusalOfLegacyLogin(dataDir)).toBe('28P01');
      expect(statSync(dataDir).mode & 0o777).toBe(asRoot ? 0o710 : 0o700);
      expect(statSync(join(dataDir, 'owner.json')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, 'database-credentials.json')).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dataDir, 'pg', 'pg_hba.conf'), 'utf8')).not.toMatch(/::1|trust/);
      expect(await query(database.url, "SELECT type FROM es_events WHERE stream_id = 'old-1'")).toEqual([
        { type: 'WrittenBeforeTheUpgrade' },
      ]);
      expect(await refusal(database.url, "UPDATE es_events SET data = '{}'")).toBe('42501');
      expect(await refusal(database.url, 'DELETE FROM es_events')).toBe('42501');
      expect(await refusal(database.url, 'TRUNCATE es_events')).toBe('42501');
      await appendOneEvent(database.url, 'new-1');
      expect(await query(database.url, 'SELECT count(*)::int AS n FROM es_events')).toEqual([{ n: 2 }]);
    } finally {
      await database.stop();
    }
    // A second start finds everything in place.
    const again = await openDatabase({ dataDir }, log, { migrations: ALL_MIGRATIONS });
    try {
      expect(await query(again.url, 'SELECT count(*)::int AS n FROM es_events')).toEqual([{ n: 2 }]);
    } finally {
      await again.stop();
    }
  }, 90_000);
});

/** How the running server of `dataDir` answers the superuser with the old fixed password. */
const refusalOfLegacyLogin = (dataDir: string) =>
  refusal(`postgres://licita:${LEGACY_PASSWORD}@127.0.0.1:${portOf(dataDir)}/postgres`, 'SELECT 1');

/**
 * What the version before the roles left behind: superuser `licita` with the password `licita`, the database
 * `licita` and every table owned by that superuser, an `es_append` that runs as its caller, initdb's pg_hba.conf,
 * a world-readable folder and owner file, no credentials file, and one event.
 */
async function makeLegacyDataFolder(dataDir: string): Promise<void> {
  const server = await startEmbeddedPostgres({ dataDir, persistent: true, log });
  try {
    const superuser = server.url;
    await query(superuser, 'CREATE DATABASE licita');
    const licita = new URL(superuser);
    licita.pathname = '/licita';
    const { dataSource } = await openMigrated({
      url: licita.toString(),
      poolSize: 2, // the migrations' lock holds one connection
      migrations: ALL_MIGRATIONS,
      applicationName: 'legacy',
    });
    await dataSource.query(
      'ALTER FUNCTION es_append(text, bigint, uuid[], text[], jsonb[], jsonb[]) SECURITY INVOKER RESET search_path',
    );
    await dataSource.query("DELETE FROM migrations WHERE name = 'AppendThroughTheOwnersFunction1764900300000'");
    await dataSource.destroy();
    await appendOneEventOfType(licita.toString(), 'old-1', 'WrittenBeforeTheUpgrade');
    await query(superuser, `ALTER ROLE licita PASSWORD '${LEGACY_PASSWORD}'`);
    expect(await refusalOfLegacyLogin(dataDir)).toBeUndefined(); // the old shape really has the fixed password
  } finally {
    await server.stop();
  }
  unlinkSync(join(dataDir, 'database-credentials.json'));
  writeFileSync(
    join(dataDir, 'pg', 'pg_hba.conf'),
    'local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n',
  );
  writeFileSync(join(dataDir, 'owner.json'), JSON.stringify({ pid: 1, port: 1 }), { mode: 0o644 });
  spawnSync('chmod', ['0644', join(dataDir, 'owner.json')]);
  spawnSync('chmod', ['0755', dataDir]);
}

async function appendOneEventOfType(url: string, streamId: string, type: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `SELECT * FROM es_append($1, -1, ARRAY[gen_random_uuid()], ARRAY[$2::text], ARRAY['{}'::jsonb], ARRAY['{}'::jsonb])`,
      [streamId, type],
    );
  } finally {
    await client.end();
  }
}
