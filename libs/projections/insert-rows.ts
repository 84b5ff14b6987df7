import type { ProjectionTransaction } from './projection';

/** A column and its SQL type (`text`, `bigint`, `timestamptz`, `text[]`, `json`, `jsonb`…). */
export type Columns = Record<string, string>;

/** PostgreSQL takes at most 65,535 parameters a statement. */
const MAX_PARAMETERS = 65_535;
/**
 * Beyond this, the client spends more time growing and copying its message buffer (and collecting it) than it
 * saves in round trips: 2,000 tender views a statement cost a rebuild a fifth more CPU here than 500.
 */
const MAX_ROWS = 500;

/**
 * Writes `rows` with multi-row `INSERT … VALUES` statements (up to 500 rows each), each value
 * its own parameter cast to its column's type; `onConflict` is the rest of the statement
 * (`ON CONFLICT (id) DO UPDATE SET …`). JSON columns take objects (`null` and `undefined` are SQL NULL).
 *
 * For rows carrying large JSON documents this is several times faster than nesting the batch in one JSON
 * argument (`jsonb_to_recordset` parses the whole batch, then each document again when it fills the column)
 * or in array literals (`unnest`, escaped and unescaped): here each document is parsed once.
 */
export async function insertRows(
  tx: ProjectionTransaction,
  table: string,
  columns: Columns,
  rows: Array<Record<string, unknown>>,
  onConflict = '',
): Promise<void> {
  const names = Object.keys(columns);
  const perStatement = Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / names.length));
  const isJson = names.map((name) => columns[name] === 'json' || columns[name] === 'jsonb');
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const values = chunk.map((row) => {
      const placeholders = names.map((name, i) => {
        const value = row[name];
        params.push(value === undefined || value === null ? null : isJson[i] ? JSON.stringify(value) : value);
        return `$${params.length}::${columns[name]}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await tx.query(`INSERT INTO ${table} (${names.join(', ')}) VALUES ${values.join(', ')} ${onConflict}`, params);
  }
}

/**
 * Writes `rows` in one `INSERT … SELECT * FROM unnest($1::text[], …)`: one array parameter a column, so a batch
 * of any size is one statement. For many small rows of plain values (codes, names, times); large JSON documents
 * go through `insertRows`. The columns are the keys of the rows (every row has the same), `text` unless `types`
 * says otherwise; `undefined` and `null` are SQL NULL; nothing is written for no rows.
 */
export async function insertUnnested(
  tx: ProjectionTransaction,
  table: string,
  rows: Array<Record<string, unknown>>,
  { types = {}, onConflict = '' }: { types?: Columns; onConflict?: string } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(rows[0]);
  const arrays = names.map((name, i) => `$${i + 1}::${types[name] ?? 'text'}[]`);
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')}) ${onConflict}`,
    names.map((name) => rows.map((row) => row[name] ?? null)),
  );
}
