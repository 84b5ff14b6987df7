import type { RecordedEvent, Subscription } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEventStoreDb } from './testing/fake-eventstoredb-server';

/** The adapter and the real v6 client over real gRPC, against the in-memory stand-in for `Streams.Read`. */
describe('EventStoreDbEventStore over gRPC', () => {
  let server: FakeEventStoreDb;
  let store: EventStoreDbEventStore;

  beforeEach(async () => {
    server = await FakeEventStoreDb.start();
    store = EventStoreDbEventStore.connect(server.url);
  });
  afterEach(async () => {
    await store.close();
    await server.stop();
  });

  const next = (subscription: Subscription) => subscription[Symbol.asyncIterator]().next();
  const where = (events: RecordedEvent[]) => events.map((e) => `${e.globalPosition}:${e.streamId}:${e.type}`);

  it('pings a reachable server, for which a stream that does not exist is an answer', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('reads an unknown stream as empty', async () => {
    expect(await store.readStream('tender-none')).toEqual([]);
  });

  it('reads $all after an exclusive position, without system events, filtered on the client', async () => {
    server.append(
      { position: 100n, streamId: 'tender-1', type: 'TenderPublished' },
      { position: 200n, streamId: 'tender-1', type: 'TenderAmended', revision: 1n },
      { position: 250n, streamId: '$ce-tender', type: '$>' },
      { position: 300n, streamId: 'supplier-1', type: 'SupplierRegistered' },
      { position: 400n, streamId: 'tender-2', type: 'TenderPublished' },
    );
    expect(where(await store.readAll({ fromPosition: 100n, filter: { streamPrefixes: ['tender-'] } }))).toEqual([
      '200:tender-1:TenderAmended',
      '400:tender-2:TenderPublished',
    ]);
    expect(where(await store.readAll({ maxCount: 2 }))).toEqual([
      '100:tender-1:TenderPublished',
      '200:tender-1:TenderAmended',
    ]);
  });

  it('reports the head as the last event that is not a system event, 0 on an empty log', async () => {
    expect(await store.headPosition()).toBe(0n);
    server.append(
      { position: 100n, streamId: 'tender-1', type: 'TenderPublished' },
      { position: 150n, streamId: '$$tender-1', type: '$metadata' },
    );
    expect(await store.headPosition()).toBe(100n);
  });

  it('subscribes from the checkpoint with the filter on the server, then delivers live events', async () => {
    server.append(
      { position: 100n, streamId: 'tender-1', type: 'TenderPublished' },
      { position: 200n, streamId: 'tender-2', type: 'TenderPublished' },
    );
    const subscription = store.subscribeToAll({ fromPosition: 100n, filter: { streamPrefixes: ['tender-'] } });
    expect(where([(await next(subscription)).value])).toEqual(['200:tender-2:TenderPublished']);

    const options = server.requests[0].getOptions()!;
    expect(options.getAll()!.getPosition()!.toObject()).toEqual({ commitPosition: '100', preparePosition: '100' });
    expect(options.getFilter()!.getStreamIdentifier()!.getPrefixList()).toEqual(['tender-']);

    const live = next(subscription);
    server.append(
      { position: 300n, streamId: 'supplier-1', type: 'SupplierRegistered' },
      { position: 400n, streamId: 'tender-3', type: 'TenderPublished' },
    );
    expect(where([(await live).value])).toEqual(['400:tender-3:TenderPublished']);
    await subscription.close();
  });

  it('asks the server to leave out system events when there is no filter', async () => {
    const subscription = store.subscribeToAll();
    const waiting = next(subscription);
    server.append(
      { position: 50n, streamId: '$stats-1', type: '$statsCollected' },
      { position: 100n, streamId: 'tender-1', type: 'TenderPublished' },
    );
    expect((await waiting).value.type).toBe('TenderPublished');
    expect(server.requests[0].getOptions()!.getFilter()!.getEventType()!.getRegex()).toBe('^[^$].*');
    await subscription.close();
  });

  it('ends a subscription waiting for live events on close, and cancels its call', async () => {
    const subscription = store.subscribeToAll({ filter: { eventTypePrefixes: ['Bid'] } });
    const waiting = next(subscription);
    await untilSubscribed(server);
    await subscription.close();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    await untilCancelled(server);
    expect(server.openSubscriptions).toBe(0);
  });

  it('ends the subscriptions still open when the store closes', async () => {
    const subscription = store.subscribeToAll();
    const waiting = next(subscription);
    await untilSubscribed(server);
    await store.close();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
  });
});

/** Waits on the server's own state (no fixed delays): the call reaches it asynchronously. */
async function untilSubscribed(server: FakeEventStoreDb): Promise<void> {
  while (server.openSubscriptions === 0) await new Promise((tick) => setImmediate(tick));
}

async function untilCancelled(server: FakeEventStoreDb): Promise<void> {
  while (server.cancelledSubscriptions === 0) await new Promise((tick) => setImmediate(tick));
}
