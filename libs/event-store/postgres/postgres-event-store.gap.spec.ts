import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { useTestDatabase } from '../../../test/support/test-database';
import { anEvent, collect } from '../conformance/event-store.conformance';
import { PostgresEventStore } from './postgres-event-store';

const database = useTestDatabase('gap');

/**
 * The case a naive `WHERE global_position > $checkpoint` reader gets wrong: a transaction takes position N,
 * another takes N+1 and commits first. A reader that delivers N+1 then moves its checkpoint past N never
 * sees N. Here the first transaction is held open by hand to make that happen every time.
 */
describe('PostgreSQL event store: gap-safe global order', () => {
  let store: PostgresEventStore;
  let slowWriter: Client;

  beforeAll(async () => {
    // Each test holds an append open while it reads: every read would wait out the frontier's 2 s for it (and a
    // subscriber its 1 s poll after the hand-made commit, which notifies nobody). The order is what is checked.
    store = await PostgresEventStore.create({
      connectionString: database.url,
      frontierMaxWaitMs: 100,
      pollIntervalMs: 100,
    });
    slowWriter = new Client({ connectionString: database.url });
    await slowWriter.connect();
  });
  afterAll(async () => {
    await slowWriter.end();
    await store.close();
  });

  /** Appends an event of this type in a transaction left open (the test commits or rolls it back); its position. */
  async function holdAppend(type: string): Promise<bigint> {
    await slowWriter.query('BEGIN');
    const held = await slowWriter.query<{ last_position: string }>(
      `SELECT last_position::text FROM es_append($1, -1, ARRAY[$2]::uuid[], ARRAY[$3]::text[], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[])`,
      [`${type.toLowerCase()}-${randomUUID()}`, randomUUID(), type],
    );
    return BigInt(held.rows[0].last_position);
  }

  it('does not deliver a later position while an earlier one is still in flight, then delivers both in order', async () => {
    const start = await store.headPosition();
    const delivered = collect(store.subscribeToAll({ fromPosition: start }), 2);
    const earlier = await holdAppend('Slow');
    const { position: later } = await store.appendToStream(`fast-${randomUUID()}`, [anEvent('Fast')], {
      expectedRevision: 'no_stream',
    });
    expect(later).toBeGreaterThan(earlier);

    // A naive reader would see the later event now and skip the earlier one for good.
    const naive = await store['pool'].query(
      `SELECT global_position::text AS p FROM es_events WHERE global_position > $1`,
      [start.toString()],
    );
    expect(naive.rows.map((r: { p: string }) => BigInt(r.p))).toEqual([later]);

    expect(await store.readAll({ fromPosition: start })).toEqual([]);

    await slowWriter.query('COMMIT');
    const events = await delivered;
    expect(events.map((e) => [e.type, e.globalPosition])).toEqual([
      ['Slow', earlier],
      ['Fast', later],
    ]);
    expect((await store.readAll({ fromPosition: start })).map((e) => e.globalPosition)).toEqual([earlier, later]);
  });

  it('waits for an in-flight append even when it holds the newest transaction id', async () => {
    const start = await store.headPosition();
    const delivered = collect(store.subscribeToAll({ fromPosition: start }), 1);
    const position = await holdAppend('Newest');

    expect(await store.readAll({ fromPosition: start })).toEqual([]);
    expect(await store.headPosition()).toBeLessThan(position);
    expect(store['frontier'].known).toBeLessThan(position);

    await slowWriter.query('COMMIT');
    expect((await delivered).map((e) => e.globalPosition)).toEqual([position]);
  });

  it('moves past the position of a rolled-back append', async () => {
    const start = await store.headPosition();
    await holdAppend('Doomed');
    const after = store.appendToStream(`after-${randomUUID()}`, [anEvent('After')], { expectedRevision: 'no_stream' });
    await after;
    await slowWriter.query('ROLLBACK');
    expect((await store.readAll({ fromPosition: start })).map((e) => e.type)).toEqual(['After']);
  });
});
