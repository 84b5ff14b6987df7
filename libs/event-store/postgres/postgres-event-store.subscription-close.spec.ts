import { useTestDatabase } from '../../../test/support/test-database';
import { PostgresEventStore } from './postgres-event-store';

const database = useTestDatabase('subclose');

describe('PostgreSQL event store: closing a live subscription', () => {
  let store: PostgresEventStore;

  beforeAll(async () => {
    store = await PostgresEventStore.create({ connectionString: database.url, pollIntervalMs: 600_000 });
  });

  afterAll(() => store?.close());

  it('ends its iteration at once, not after the poll interval, while the store stays open', async () => {
    const subscription = store.subscribeToAll({ fromPosition: await store.headPosition() });
    const seen: unknown[] = [];
    const ended = (async () => {
      for await (const event of subscription) seen.push(event);
    })();
    // Let the iteration read its empty first page and wait for an append (a close before that ends it anyway).
    await new Promise((resume) => setImmediate(resume));
    await store.ping();
    await subscription.close();
    // With a 10-minute poll interval, only the close can end it within the test's timeout.
    await ended;
    expect(seen).toEqual([]);
    expect(store.isClosed).toBe(false);
  }, 10_000);
});
