import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { collect } from '../conformance/event-store.conformance';
import { UPCAST_TEST_TYPE } from '../conformance/upcasting.conformance';
import { PostgresEventStore } from './postgres-event-store';

/**
 * Rows as an older release wrote them, straight into `es_events` (no `schemaVersion` in their metadata): every
 * read gives them in the current shape of their type (see ../conformance/upcasting.conformance.ts).
 */
describe('PostgreSQL event store: events recorded in an older shape', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const streamId = `old-${randomUUID()}`;

  beforeAll(async () => {
    database = await createTestDatabase('upcast');
    store = await PostgresEventStore.create({ connectionString: database.url });
    const writer = new Client({ connectionString: database.url });
    await writer.connect();
    await writer.query(`SELECT es_append($1, -1, $2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[])`, [
      streamId,
      [randomUUID(), randomUUID()],
      [UPCAST_TEST_TYPE, 'Untouched'],
      [JSON.stringify({ name: 'Papelería' }), JSON.stringify({ name: 'as it was' })],
      [JSON.stringify({ actor: 'system', correlationId: 'c', occurredAt: '2025-01-01T00:00:00Z' }), '{}'],
    ]);
    await writer.end();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const current = [
    { type: UPCAST_TEST_TYPE, data: { title: 'Papelería', language: 'es' } },
    { type: 'Untouched', data: { name: 'as it was' } },
  ];
  const shapes = (events: Array<{ type: string; data: unknown }>) => events.map(({ type, data }) => ({ type, data }));

  it('reads them upgraded through readStream', async () => {
    expect(shapes(await store.readStream(streamId))).toEqual(current);
  });

  it('reads them upgraded through readAll and subscribeToAll', async () => {
    const filter = { streamPrefixes: [streamId] };
    expect(shapes(await store.readAll({ filter }))).toEqual(current);
    expect(shapes(await collect(store.subscribeToAll({ filter }), 2))).toEqual(current);
  });

  it('leaves an event of a type with no upcasters as it was recorded', async () => {
    const [, untouched] = await store.readStream(streamId);
    expect(untouched.metadata).toEqual({});
  });
});
