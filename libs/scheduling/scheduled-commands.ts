import type { JsonObject } from '@licita/event-store';
import type { Sql } from '@licita/projections';

/** Anything that runs SQL (the projection's transaction, a DataSource, a QueryRunner): the one of @licita/projections. */
export type { Sql };

/**
 * The `scheduled_commands` table, as projections write it (inside their batch transaction). A job is derived
 * from events: a projection that sees "this must happen at T" schedules it under a key of its choosing, and
 * cancels or completes it when later events say it is no longer needed. See README.md.
 */

export interface ScheduledCommand {
  /** Unique; the same key scheduled again moves the job (a new due time) instead of adding one. */
  key: string;
  /** Names the handler that runs it (`LiftExpiredSanctions`). */
  kind: string;
  /** What it acts on, usually a stream or aggregate id; for the handler and for people reading the table. */
  target: string;
  payload?: JsonObject;
  dueAt: Date | string;
}

/**
 * Adds the job, or moves it: a job already done stays done unless its due time changed (an auction extended
 * after closing is a new close); anything else becomes pending again with the new time and payload.
 */
export async function scheduleCommand(tx: Sql, source: string, job: ScheduledCommand): Promise<void> {
  await tx.query(
    `INSERT INTO scheduled_commands (key, kind, target, payload, due_at, next_run_at, source)
     VALUES ($1, $2, $3, $4::jsonb, $5, $5, $6)
     ON CONFLICT (key) DO UPDATE SET
       kind = EXCLUDED.kind, target = EXCLUDED.target, payload = EXCLUDED.payload, source = EXCLUDED.source, updated_at = now(),
       status = CASE WHEN scheduled_commands.status = 'done' AND scheduled_commands.due_at = EXCLUDED.due_at THEN 'done' ELSE 'pending' END,
       attempts = CASE WHEN scheduled_commands.due_at = EXCLUDED.due_at THEN scheduled_commands.attempts ELSE 0 END,
       next_run_at = CASE WHEN scheduled_commands.due_at = EXCLUDED.due_at THEN scheduled_commands.next_run_at ELSE EXCLUDED.due_at END,
       due_at = EXCLUDED.due_at`,
    [job.key, job.kind, job.target, JSON.stringify(job.payload ?? {}), new Date(job.dueAt).toISOString(), source],
  );
}

/** No longer needed (a sanction lifted early): a pending job is cancelled; nothing else changes. */
export async function cancelScheduledCommand(tx: Sql, key: string): Promise<void> {
  await tx.query(
    `UPDATE scheduled_commands SET status = 'cancelled', updated_at = now() WHERE key = $1 AND status = 'pending'`,
    [key],
  );
}

/**
 * Every pending job whose key starts with `keyPrefix` is cancelled (a procedure is over: its deadlines, whichever
 * lots they were for). Served by the pending keys' pattern index, not a scan of the table.
 */
export async function cancelPendingScheduledCommands(tx: Sql, keyPrefix: string): Promise<void> {
  if (keyPrefix === '') throw new RangeError('cancelPendingScheduledCommands needs a key prefix');
  await tx.query(
    `UPDATE scheduled_commands SET status = 'cancelled', updated_at = now() WHERE key LIKE $1 AND status = 'pending'`,
    [`${likeLiteral(keyPrefix)}%`],
  );
}

/** The text as a LIKE pattern that matches only itself (`%`, `_` and the escape character escaped). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/** The events show it happened (whoever did it): the job is done. */
export async function completeScheduledCommand(tx: Sql, key: string, at: Date | string): Promise<void> {
  await tx.query(
    `UPDATE scheduled_commands SET status = 'done', done_at = $2, updated_at = now() WHERE key = $1 AND status IN ('pending', 'failed')`,
    [key, new Date(at).toISOString()],
  );
}

/** For a projection's `reset`: its jobs go, its replay derives them again. */
export async function deleteScheduledCommandsOf(tx: Sql, source: string): Promise<void> {
  await tx.query('DELETE FROM scheduled_commands WHERE source = $1', [source]);
}

export type ScheduledCommandStatus = 'pending' | 'done' | 'failed' | 'cancelled';

export interface ScheduledCommandRow {
  key: string;
  kind: string;
  target: string;
  payload: JsonObject;
  dueAt: Date;
  status: ScheduledCommandStatus;
  attempts: number;
  lastError: string | null;
  doneAt: Date | null;
}

/** A row of `scheduled_commands` as pg returns it (timestamps as Date, jsonb parsed). */
export interface ScheduledCommandDbRow {
  id: string;
  key: string;
  kind: string;
  target: string;
  payload: JsonObject;
  due_at: Date;
  status: ScheduledCommandStatus;
  attempts: number;
  last_error: string | null;
  done_at: Date | null;
}

/** For operators and tests: the jobs whose key starts with `keyPrefix`, by due time. */
export async function listScheduledCommands(db: Sql, keyPrefix = ''): Promise<ScheduledCommandRow[]> {
  const rows = await db.query<ScheduledCommandDbRow[]>(
    `SELECT key, kind, target, payload, due_at, status, attempts, last_error, done_at FROM scheduled_commands
     WHERE starts_with(key, $1) ORDER BY due_at, id`,
    [keyPrefix],
  );
  return rows.map((row) => ({
    key: row.key,
    kind: row.kind,
    target: row.target,
    payload: row.payload,
    dueAt: row.due_at,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    doneAt: row.done_at,
  }));
}
