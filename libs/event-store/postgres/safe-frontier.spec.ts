import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { createTestDatabase, useTestDatabase } from '../../../test/support/test-database';
import { anEvent } from '../conformance/event-store.conformance';
import { PostgresEventStore } from './postgres-event-store';
import { SafeFrontier } from './safe-frontier';

const database = useTestDatabase('frontier');

/** Advances asked for at the same time share the database's work, and never miss an append their caller saw. */
describe('the safe frontier, asked by many at once', () => {
  let store: PostgresEventStore;
  let pool: Pool;
  let blocker: Client;
  /** Head reads (the transaction that reads the sequence and takes an id): one per advance. */
  let headReads = 0;

  beforeAll(async () => {
    store = await PostgresEventStore.create({ connectionString: database.url });
    pool = new Pool({ connectionString: database.url, max: 5 });
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
        if (typeof args[0] === 'string' && args[0].includes('last_value')) headReads++;
        return query(...args);
      };
    });
    blocker = new Client({ connectionString: database.url });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker.end();
    await pool.end();
    await store.close();
  });

  const append = async () =>
    (await store.appendToStream(`s-${randomUUID()}`, [anEvent('Appended')], { expectedRevision: 'no_stream' }))
      .position;

  it('runs one advance for the callers that ask while none runs, and one more for those that ask while it runs', async () => {
    const frontier = new SafeFrontier(pool);
    const position = await append();
    headReads = 0;

    const first = Array.from({ length: 10 }, () => frontier.advance());
    const second = Array.from({ length: 10 }, () => frontier.advance());
    const answers = await Promise.all([...first, ...second]);

    expect(answers.every((answer) => answer >= position)).toBe(true);
    expect(headReads).toBeLessThanOrEqual(2);
  });

  it('gives a caller that asks while an advance runs a frontier that covers what was committed before it asked', async () => {
    const frontier = new SafeFrontier(pool);
    // An append held open makes the running advance wait for it.
    await blocker.query('BEGIN');
    await blocker.query(
      `SELECT es_append($1, -1, ARRAY[$2]::uuid[], ARRAY['Held']::text[], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[])`,
      [`held-${randomUUID()}`, randomUUID()],
    );
    const headRead = new Promise((done) => pool.once('release', done)); // its first query (head and id) answered
    const running = frontier.advance();
    await headRead;
    const committed = await append();
    const asked = frontier.advance();
    await blocker.query('COMMIT');

    expect(await running).toBeLessThan(committed);
    expect(await asked).toBeGreaterThanOrEqual(committed);
  });

  it('does not wait for transactions that do not append, however long they run', async () => {
    const frontier = new SafeFrontier(pool);
    // A report query, a rebuild batch, anything: a transaction with an id, held open.
    await blocker.query('BEGIN');
    await blocker.query('SELECT pg_current_xact_id()');
    try {
      const position = await append();
      const started = Date.now();
      expect(await frontier.advance()).toBeGreaterThanOrEqual(position);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await blocker.query('ROLLBACK');
    }
  });

  it('does not wait for appends in flight in another database of the cluster', async () => {
    const frontier = new SafeFrontier(pool);
    // A writer to another database (another test file, another tenant) holding its "append in flight" lock.
    const elsewhere = await createTestDatabase('frontier_elsewhere');
    const writer = new Client({ connectionString: elsewhere.url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('SELECT pg_advisory_xact_lock_shared(7150300, 0)');
      const position = await append();
      const started = Date.now();
      expect(await frontier.advance()).toBeGreaterThanOrEqual(position);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      await writer.end();
      await elsewhere.drop();
    }
  });
});
