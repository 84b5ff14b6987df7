import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
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

/** About this many characters of rows a write to the COPY stream (each row its own string until then). */
const COPY_CHUNK = 256 * 1024;

/**
 * Writes `rows` like `insertRows`, through `COPY … FROM STDIN` into a temporary staging table of the same columns
 * (one per table and session, emptied at each commit) and one `INSERT … SELECT … onConflict` from it: for batches
 * of large JSON documents. The rows stream to the server in chunks of about 256 kB, where `insertRows` builds each
 * statement's parameters and then its whole message (500 documents, megabytes, grown by doubling and copied):
 * in a rebuild of `ocds` building them (17 % of the process's profile) and the garbage collector (42 %) led it. `onConflict` is
 * the same as `insertRows`'s, but keys must be unique within `rows` (one statement writes them all).
 * Values: JSON columns take objects; arrays become array literals, `Date`s ISO times; `null`/`undefined` SQL NULL.
 * Runs inside `tx`'s transaction; without a PostgreSQL connection behind `tx` it falls back to `insertRows`.
 */
export async function copyRows(
  tx: ProjectionTransaction,
  table: string,
  columns: Columns,
  rows: Array<Record<string, unknown>>,
  onConflict = '',
): Promise<void> {
  if (rows.length === 0) return;
  const client = (await tx.queryRunner?.connect()) as CopyClient | undefined;
  if (typeof client?.query !== 'function') return insertRows(tx, table, columns, rows, onConflict);
  const names = Object.keys(columns);
  const staging = stagingTable(table, columns);
  // Every time (not remembered per connection): a transaction that created it and rolled back took it away.
  await tx.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${staging} (${names.map((name) => `${name} ${columns[name]}`).join(', ')}) ON COMMIT DELETE ROWS`,
  );
  const isJson = names.map((name) => columns[name] === 'json' || columns[name] === 'jsonb');
  await pipeline(
    Readable.from(copyText(rows, names, isJson)),
    client.query(copyFrom(`COPY ${staging} (${names.join(', ')}) FROM STDIN`)),
  );
  // Emptied as it is read: a second call in the same transaction finds it empty.
  await tx.query(
    `WITH staged AS (DELETE FROM ${staging} RETURNING *)
     INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM staged ${onConflict}`,
  );
}

type CopyClient = { query<T extends Writable>(stream: T): T };

/** `copy_<table>_<hash of the columns>`: callers writing different columns of one table get their own. */
function stagingTable(table: string, columns: Columns): string {
  const spec = JSON.stringify(columns);
  let hash = 0;
  for (let i = 0; i < spec.length; i++) hash = (Math.imul(hash, 31) + spec.charCodeAt(i)) | 0;
  return `copy_${table}_${(hash >>> 0).toString(36)}`.slice(0, 63);
}

/** The rows in COPY's text format, in chunks. */
function* copyText(rows: Array<Record<string, unknown>>, names: string[], isJson: boolean[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < names.length; i++) {
      const value = row[names[i]];
      if (i > 0) line += '\t';
      line +=
        value === undefined || value === null
          ? '\\N'
          : escapeCopy(isJson[i] ? JSON.stringify(value) : copyValue(value));
    }
    chunk += `${line}\n`;
    if (chunk.length >= COPY_CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** A value as PostgreSQL's input text (before COPY's escaping). */
function copyValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map(arrayElement).join(',')}}`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'string' ? value : `${value as number | bigint}`;
}

const arrayElement = (value: unknown): string =>
  value === undefined || value === null ? 'NULL' : `"${copyValue(value).replace(/["\\]/g, '\\$&')}"`;

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeCopy = (text: string): string =>
  COPY_SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]) : text;
