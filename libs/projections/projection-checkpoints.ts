/**
 * The `projection_checkpoints` table (created by the migration `CreateProjectionCheckpoints`): one row per
 * projection with the last global position it has applied (or scanned past) and the version that wrote it.
 */

/** Anything that runs SQL: a TypeORM DataSource, EntityManager or QueryRunner. `T`: the rows the caller expects. */
export interface Sql {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

export interface StoredCheckpoint {
  name: string;
  position: bigint;
  version: number;
  updatedAt: Date;
  lastError?: { message: string; at: Date };
}

interface CheckpointRow {
  name: string;
  position: string;
  version: number;
  updated_at: Date;
  last_error: string | null;
  last_error_at: Date | null;
}

const COLUMNS = 'name, position::text AS position, version, updated_at, last_error, last_error_at';

export async function readCheckpoints(db: Sql, names?: string[]): Promise<StoredCheckpoint[]> {
  const rows = await db.query<CheckpointRow[]>(
    `SELECT ${COLUMNS} FROM projection_checkpoints WHERE $1::text[] IS NULL OR name = ANY ($1::text[]) ORDER BY name`,
    [names ?? null],
  );
  return rows.map(toCheckpoint);
}

export async function readCheckpoint(db: Sql, name: string): Promise<StoredCheckpoint | undefined> {
  return (await readCheckpoints(db, [name]))[0];
}

/** Inside a batch transaction: the checkpoint, locked until commit, so two writers cannot interleave. */
export async function lockCheckpoint(tx: Sql, name: string): Promise<bigint | undefined> {
  const rows = await tx.query<{ position: string }[]>(
    'SELECT position::text AS position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
    [name],
  );
  return rows.length ? BigInt(rows[0].position) : undefined;
}

/** Sets the checkpoint (creating the row); clears any recorded failure. */
export async function saveCheckpoint(tx: Sql, name: string, position: bigint, version: number): Promise<void> {
  await tx.query(
    `INSERT INTO projection_checkpoints (name, position, version, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (name) DO UPDATE
       SET position = EXCLUDED.position, version = EXCLUDED.version, updated_at = now(), last_error = NULL, last_error_at = NULL`,
    [name, position.toString(), version],
  );
}

/**
 * Moves the checkpoint from `expected` to `position` over events the projection does not read (nothing applied);
 * false when someone else moved it first. `generation = NULL`: the read model is unchanged, so the trigger keeps
 * its generation (the HTTP validators of its reads, migration NotifyProjectionCheckpoints).
 */
export async function advanceCheckpoint(db: Sql, name: string, expected: bigint, position: bigint): Promise<boolean> {
  // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], a pg client with rows.
  const rows = await db.query<{ moved: number }[]>(
    `WITH moved AS (
       UPDATE projection_checkpoints
       SET position = $3, updated_at = now(), last_error = NULL, last_error_at = NULL, generation = NULL
       WHERE name = $1 AND position = $2 RETURNING 1
     ) SELECT count(*)::int AS moved FROM moved`,
    [name, expected.toString(), position.toString()],
  );
  return rows[0].moved === 1;
}

/** Records a failed batch where every process can see it (the batch's own transaction was rolled back). */
export async function recordFailure(db: Sql, name: string, message: string): Promise<void> {
  await db.query('UPDATE projection_checkpoints SET last_error = $2, last_error_at = now() WHERE name = $1', [
    name,
    message,
  ]);
}

export async function clearFailure(db: Sql, name: string): Promise<void> {
  await db.query('UPDATE projection_checkpoints SET last_error = NULL, last_error_at = NULL WHERE name = $1', [name]);
}

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return {
    name: row.name,
    position: BigInt(row.position),
    version: row.version,
    updatedAt: row.updated_at,
    lastError: row.last_error ? { message: row.last_error, at: row.last_error_at ?? row.updated_at } : undefined,
  };
}
