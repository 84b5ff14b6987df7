import type { Sql } from './projection-checkpoints';

/**
 * Secondary indexes left out while a projection is rebuilt, and built again once the log is replayed.
 *
 * A rebuild rewrites each row several times, and a row whose indexed columns change (a tender's status, its
 * change sequence) is a new entry in every index of its table — for a trigram index, a hundred entries for a
 * title that did not change. Building the index once at the end costs about a second for tens of thousands of
 * rows instead of tens of seconds spread over the rebuild.
 *
 * Crash-safety: the definitions are stored in `projection_deferred_indexes` and the indexes dropped in the
 * rebuild's first transaction (with the reset and the zero checkpoint); they are created again and the rows
 * deleted in one transaction. A rebuild that stops half-way leaves the rows: whichever runner owns the projection
 * next carries on from the checkpoint and restores the indexes as soon as it has caught up. Only plain indexes
 * are deferred: primary keys, unique indexes and any index behind a constraint keep guarding the data.
 * Meanwhile queries on those tables are slower, never wrong (and a rebuilding read model is incomplete anyway).
 */

/** Stores the definitions of the plain indexes of `tables` and drops them. Inside the rebuild's reset transaction. */
export async function deferIndexes(tx: Sql, projection: string, tables: string[]): Promise<string[]> {
  const indexes = await tx.query<Array<{ name: string; definition: string }>>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_class t ON t.oid = i.indrelid
     WHERE t.relname = ANY ($1::text[]) AND t.relnamespace = current_schema()::regnamespace
       AND NOT i.indisunique AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY c.relname`,
    [tables],
  );
  for (const index of indexes) {
    await tx.query(
      `INSERT INTO projection_deferred_indexes (projection, index_name, definition) VALUES ($1, $2, $3)
       ON CONFLICT (projection, index_name) DO UPDATE SET definition = EXCLUDED.definition`,
      [projection, index.name, index.definition],
    );
    await tx.query(`DROP INDEX ${quoteIdentifier(index.name)}`);
  }
  return indexes.map((index) => index.name);
}

/** Creates the indexes deferred for `projection` and forgets them, in `tx`; returns their names. */
export async function restoreIndexes(tx: Sql, projection: string): Promise<string[]> {
  const deferred = await tx.query<Array<{ index_name: string; definition: string }>>(
    'SELECT index_name, definition FROM projection_deferred_indexes WHERE projection = $1 ORDER BY index_name FOR UPDATE',
    [projection],
  );
  for (const index of deferred) await tx.query(index.definition);
  if (deferred.length > 0)
    await tx.query('DELETE FROM projection_deferred_indexes WHERE projection = $1', [projection]);
  return deferred.map((index) => index.index_name);
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
