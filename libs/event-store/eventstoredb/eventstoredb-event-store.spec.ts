import { createServer } from 'node:net';
import { EventStoreUnavailable } from '../event-store.errors';
import { anEvent } from '../conformance/event-store.conformance';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

/** A port nothing listens on: taken from the OS, then released. */
async function aClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

describe('EventStoreDbEventStore without a reachable server', () => {
  let store: EventStoreDbEventStore;

  beforeAll(async () => {
    store = EventStoreDbEventStore.connect(`esdb://127.0.0.1:${await aClosedPort()}?tls=false`);
  });
  afterAll(() => store.close());

  it('fails the readiness ping with EventStoreUnavailable', async () => {
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailable);
  });

  it('fails an append with EventStoreUnavailable', async () => {
    await expect(
      store.appendToStream('tender-1', [anEvent('TenderPublished')], { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(EventStoreUnavailable);
  });

  it('fails reads of a stream, of $all and of the head with EventStoreUnavailable', async () => {
    await expect(store.readStream('tender-1')).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(store.readAll({ maxCount: 10 })).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailable);
  });

  it('ends a subscription with EventStoreUnavailable', async () => {
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: ['tender-'] } });
    await expect(subscription[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(EventStoreUnavailable);
    await subscription.close();
  });

  it('refuses an empty append and a negative expected revision before calling the server', async () => {
    await expect(store.appendToStream('tender-1', [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(RangeError);
    await expect(store.appendToStream('tender-1', [anEvent('X')], { expectedRevision: -1n })).rejects.toBeInstanceOf(
      RangeError,
    );
  });
});

describe('EventStoreDbEventStore.connect', () => {
  it('refuses a connection string that is not esdb://', () => {
    expect(() => EventStoreDbEventStore.connect('http://localhost:2113')).toThrow(/esdb:\/\//);
  });

  it('closes a store with open, never iterated subscriptions', async () => {
    const store = EventStoreDbEventStore.connect('esdb://127.0.0.1:1?tls=false');
    const subscription = store.subscribeToAll();
    await store.close();
    await expect(subscription[Symbol.asyncIterator]().next()).resolves.toEqual({ done: true, value: undefined });
  });
});
