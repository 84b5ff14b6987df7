import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '../../../test/support/test-database';
import { PostgresEventStore } from './postgres-event-store';

const database = useTestDatabase('subclose');

describe('PostgreSQL event store: a live subscription', () => {
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

  it('ends at once when it is closed while it reads a page (the wake-up came before its wait began)', async () => {
    const subscription = store.subscribeToAll({ fromPosition: await store.headPosition() });
    const read = store.readPage.bind(store);
    jest.spyOn(store, 'readPage').mockImplementationOnce(async (...args) => {
      const page = await read(...args);
      await subscription.close(); // during the read: nothing waits yet for the close to wake it
      return page;
    });
    // With a 10-minute poll interval, only noticing the close after the read can end it within the timeout.
    for await (const event of subscription) throw new Error(`unexpected ${event.type}`);
    expect(store.isClosed).toBe(false);
  }, 10_000);

  it('reads again at once after an append signalled while it was reading a page, instead of waiting out its poll', async () => {
    await store['ensureListening'](); // another process's appends reach it as notifications
    const other = await PostgresEventStore.create({ connectionString: database.url, installSchema: false });
    const from = await store.headPosition();
    const read = store.readPage.bind(store);
    jest.spyOn(store, 'readPage').mockImplementationOnce(async (...args) => {
      const page = await read(...args);
      const seen = store.appendsSeen;
      await other.appendToStream(`order-${randomUUID()}`, [anEvent()], { expectedRevision: 'no_stream' });
      await until(() => store.appendsSeen > seen); // its notification came while this (empty) page was being read
      return page;
    });
    const subscription = store.subscribeToAll({ fromPosition: from });
    // With a 10-minute poll interval, only the notification seen while reading can bring the event in time.
    for await (const event of subscription) {
      expect(event.type).toBe('OrderPlaced');
      break;
    }
    await subscription.close();
    await other.close();
  }, 10_000);
});

function anEvent() {
  const metadata = { actor: 'system', correlationId: randomUUID(), occurredAt: new Date().toISOString() };
  return { id: randomUUID(), type: 'OrderPlaced', data: {}, metadata };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resume) => setTimeout(resume, 5));
}
