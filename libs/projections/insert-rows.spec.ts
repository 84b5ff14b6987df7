import { dataSourceOptions } from '@licita/platform/database';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { copyRows, type Columns } from './insert-rows';

/** `copyRows` against a real PostgreSQL: COPY's text format, the staging table's life, conflicts. */
let database: TestDatabase;
let db: DataSource;

const COLUMNS = {
  id: 'text',
  note: 'text',
  tags: 'text[]',
  at: 'timestamptz',
  amount: 'bigint',
  open: 'boolean',
  doc: 'json',
} satisfies Columns;
const UPDATE = 'ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note, doc = EXCLUDED.doc';

beforeAll(async () => {
  database = await createTestDatabase('copy_rows');
  // One connection: every transaction below runs on the same session, with the same temporary staging table.
  db = new DataSource(dataSourceOptions({ url: database.url, poolSize: 1, migrations: [], applicationName: 'copy' }));
  await db.initialize();
  await db.query(
    'CREATE TABLE copied (id text PRIMARY KEY, note text, tags text[], at timestamptz, amount bigint, open boolean, doc json)',
  );
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

beforeEach(() => db.query('TRUNCATE copied'));

const read = () =>
  db.query<Array<Record<string, unknown>>>(
    'SELECT id, note, tags, at, amount::text, open, doc FROM copied ORDER BY id',
  );

it('writes what COPY must escape as it was given: tabs, new lines, backslashes, quotes, NULLs, JSON, arrays', async () => {
  const doc = { title: 'a\tb\nc\\d "q"', nested: [1, null, { é: 'ñ' }] };
  await db.transaction((tx) =>
    copyRows(tx, 'copied', COLUMNS, [
      {
        id: 'a',
        note: 'tab\there\nline\r\\N and \\',
        tags: ['x,y', 'with "quotes"', 'back\\slash', '{braces}', null, ''],
        at: new Date('2026-12-07T18:00:00.123Z'),
        amount: 9_007_199_254_740_993n,
        open: true,
        doc,
      },
      { id: 'b', note: null, tags: [], at: '2026-01-01T00:00:00Z', amount: 0, open: false, doc: undefined },
    ]),
  );

  expect(await read()).toEqual([
    {
      id: 'a',
      note: 'tab\there\nline\r\\N and \\',
      tags: ['x,y', 'with "quotes"', 'back\\slash', '{braces}', null, ''],
      at: new Date('2026-12-07T18:00:00.123Z'),
      amount: '9007199254740993',
      open: true,
      doc,
    },
    { id: 'b', note: null, tags: [], at: new Date('2026-01-01T00:00:00Z'), amount: '0', open: false, doc: null },
  ]);
});

it('a transaction that created the staging table and rolled back leaves the next one working; calls in one transaction each write their own rows', async () => {
  const some = { id: 'text', note: 'text', doc: 'json' } satisfies Columns; // its own staging table, not created yet
  await expect(
    db.transaction(async (tx) => {
      await copyRows(tx, 'copied', some, [{ id: 'c', note: 'rolled back' }], UPDATE);
      throw new Error('the batch fails');
    }),
  ).rejects.toThrow('the batch fails');
  await db.transaction(async (tx) => {
    await copyRows(tx, 'copied', some, [{ id: 'a', note: 'first', doc: { v: 1 } }], UPDATE);
    await copyRows(tx, 'copied', some, [{ id: 'a', note: 'second', doc: { v: 2 } }, { id: 'b' }], UPDATE);
  });

  expect((await read()).map(({ id, note, doc }) => ({ id, note, doc }))).toEqual([
    { id: 'a', note: 'second', doc: { v: 2 } },
    { id: 'b', note: null, doc: null },
  ]);
});
