import { Client } from 'pg';

/**
 * Two roles instead of one superuser.
 *
 * - The **owner** (`licita_owner` in the embedded database) runs the migrations and keeps the tables whose rows
 *   must never change: the event store (`es_events`, `es_streams`, the `es_append` function, SECURITY DEFINER) and
 *   the ledger (append-only by trigger). It is a member of the application role, so later migrations may alter
 *   the application's tables.
 * - The **application** (`licita_app`) is what the API, the projector and the tools connect as. It reads the event
 *   store and appends only through `es_append` (and `es_append_batch`): no INSERT, UPDATE, DELETE or TRUNCATE on `es_events` or
 *   `es_streams`. It inserts into the ledger (UPDATE is granted only because `LOCK TABLE … IN SHARE MODE` asks for
 *   it; the ledger's trigger refuses updates, and only the owner could drop that trigger). It owns the read models,
 *   the checkpoints and the other working tables, which a projection rebuild truncates and re-indexes; all of
 *   those can be rebuilt from the events. It may create temporary tables (TEMPORARY on the database): projection
 *   batches stage their rows in one (`copyRows`); they live and die with its session and reach nothing else.
 *
 * `handOverToApplication` runs as the owner after every migration run, so a table added by a migration reaches the
 * application too. With DATABASE_URL the same split applies when DATABASE_MIGRATIONS_URL names the owning role
 * (the README's Configuration); unset, DATABASE_URL's role migrates and works as before.
 */
export const EMBEDDED_OWNER_ROLE = 'licita_owner';
export const EMBEDDED_APP_ROLE = 'licita_app';

/** Tables the owner keeps; the application gets the privileges listed. */
export const OWNER_KEPT_TABLES: Readonly<Record<string, string>> = {
  es_events: 'SELECT',
  es_streams: 'SELECT',
  ledger_entries: 'SELECT, INSERT, UPDATE',
  ledger_nodes: 'SELECT, INSERT',
  ledger_checkpoints: 'SELECT, INSERT',
  migrations: 'SELECT',
  licita_deployment: 'SELECT, INSERT',
};
const APPEND_FUNCTION = 'es_append(text, bigint, uuid[], text[], jsonb[], jsonb[])';
const APPEND_BATCH_FUNCTION = 'es_append_batch(text[], bigint[], integer[], uuid[], text[], jsonb, jsonb)';

interface Queryable {
  query(sql: string): Promise<unknown>;
}

const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * As the embedded cluster's superuser: the two login roles with the data folder's passwords (set again at every
 * start), the database owned by the owner role, and, for a database made by an older version, its tables, until
 * then the superuser's, given to the owner role.
 */
export async function prepareEmbeddedRoles(
  superuserUrl: string,
  database: string,
  passwords: { owner: string; app: string },
): Promise<void> {
  const owner = identifier(EMBEDDED_OWNER_ROLE);
  const app = identifier(EMBEDDED_APP_ROLE);
  const server = new Client({ connectionString: superuserUrl });
  await server.connect();
  try {
    const limits = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';
    await server.query(`
      DO $roles$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(EMBEDDED_OWNER_ROLE)}) THEN CREATE ROLE ${owner}; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(EMBEDDED_APP_ROLE)}) THEN CREATE ROLE ${app}; END IF;
      END $roles$;
      ALTER ROLE ${owner} ${limits} PASSWORD ${literal(passwords.owner)};
      ALTER ROLE ${app} ${limits} PASSWORD ${literal(passwords.app)};
      GRANT ${app} TO ${owner};`);
    const { rowCount } = await server.query({
      text: 'SELECT 1 FROM pg_database WHERE datname = $1',
      values: [database],
    });
    await server.query(
      rowCount
        ? `ALTER DATABASE ${identifier(database)} OWNER TO ${owner}`
        : `CREATE DATABASE ${identifier(database)} OWNER ${owner}`,
    );
    await server.query(`
      REVOKE ALL ON DATABASE ${identifier(database)} FROM PUBLIC;
      GRANT CONNECT, TEMPORARY ON DATABASE ${identifier(database)} TO ${app};`);
  } finally {
    await server.end();
  }
  if (!(await hasObjectsOfSuperuser(superuserUrl, database))) return;
  const url = new URL(superuserUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`
      DO $upgrade$ DECLARE item record; BEGIN
        FOR item IN ${OWNED_RELATIONS} LOOP
          EXECUTE format('ALTER %s %s OWNER TO ${owner}', item.kind, item.name);
        END LOOP;
        FOR item IN ${OWNED_FUNCTIONS} LOOP
          EXECUTE format('ALTER FUNCTION %s OWNER TO ${owner}', item.name);
        END LOOP;
      END $upgrade$`);
  } finally {
    await client.end();
  }
}

/**
 * Tables, views and free-standing sequences of the current schema owned by the current user, with the ALTER
 * keyword; not those of an extension (pg_trgm).
 */
const OWNED_RELATIONS = `
  SELECT c.oid::regclass::text AS name, c.relname::text AS relname,
         CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                        WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
  FROM pg_class c
  WHERE c.relnamespace = current_schema()::regnamespace AND c.relowner = current_user::regrole
    AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i'))))`;

/** Functions of the current schema owned by the current user, not those of an extension. */
const OWNED_FUNCTIONS = `
  SELECT p.oid::regprocedure::text AS name FROM pg_proc p
  WHERE p.pronamespace = current_schema()::regnamespace AND p.proowner = current_user::regrole
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`;

/** Whether the database still has relations of the superuser (made by a version without the roles). */
async function hasObjectsOfSuperuser(superuserUrl: string, database: string): Promise<boolean> {
  const url = new URL(superuserUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ found: boolean }>(
      `SELECT EXISTS (${OWNED_RELATIONS}) OR EXISTS (${OWNED_FUNCTIONS}) AS found`,
    );
    return rows[0].found;
  } finally {
    await client.end();
  }
}

/**
 * As the owner, after the migrations (in their lock): everything the owner made that it does not keep goes to the
 * application role, and the kept tables get exactly the privileges of `OWNER_KEPT_TABLES`. Idempotent.
 */
export async function handOverToApplication(db: Queryable, appRole: string): Promise<void> {
  const app = identifier(appRole);
  const kept = Object.keys(OWNER_KEPT_TABLES).map(literal).join(', ');
  const grants = Object.entries(OWNER_KEPT_TABLES)
    .map(
      ([table, privileges]) => `
        IF to_regclass(${literal(table)}) IS NOT NULL THEN
          REVOKE ALL ON TABLE ${identifier(table)} FROM PUBLIC, ${app};
          GRANT ${privileges} ON TABLE ${identifier(table)} TO ${app};
        END IF;`,
    )
    .join('');
  await db.query(`
    DO $handover$ DECLARE item record; BEGIN
      EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %I TO ${app}', current_schema());
      FOR item IN ${OWNED_RELATIONS} LOOP
        IF NOT item.relname = ANY (ARRAY[${kept}]) THEN
          EXECUTE format('ALTER %s %s OWNER TO ${app}', item.kind, item.name);
        END IF;
      END LOOP;
      ${grants}
      IF to_regclass('es_events_global_position_seq') IS NOT NULL THEN
        GRANT SELECT ON SEQUENCE es_events_global_position_seq TO ${app};
      END IF;
      IF to_regprocedure(${literal(APPEND_FUNCTION)}) IS NOT NULL THEN
        REVOKE ALL ON FUNCTION ${APPEND_FUNCTION} FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION ${APPEND_FUNCTION} TO ${app};
      END IF;
      IF to_regprocedure(${literal(APPEND_BATCH_FUNCTION)}) IS NOT NULL THEN
        REVOKE ALL ON FUNCTION ${APPEND_BATCH_FUNCTION} FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION ${APPEND_BATCH_FUNCTION} TO ${app};
      END IF;
    END $handover$`);
}
