import { PassThrough } from 'node:stream';
import { UnavailableError, type AllStreamRecordedEvent } from '@eventstore/db-client';
import { EventStoreUnavailable } from '../event-store.errors';
import type { RecordedEvent } from '../event-store.port';
import { EventStoreDbSubscription, type ClientAllSubscription } from './eventstoredb.subscription';
import { aClientEvent, aSystemEvent } from './testing/client-events';

/**
 * Stands in for the client's `AllStreamSubscription`, which is a Readable in object mode fed by the gRPC
 * call: the tests push what the server would send and watch what the adapter does with it.
 */
function aServerSubscription() {
  const stream = new PassThrough({ objectMode: true });
  const server = {
    opened: 0,
    unsubscribed: 0,
    stream,
    send: (...events: AllStreamRecordedEvent[]) =>
      events.forEach((event) => stream.write({ event, commitPosition: event.position.commit })),
    open: (): ClientAllSubscription => {
      server.opened++;
      return Object.assign(stream, { unsubscribe: () => Promise.resolve(void server.unsubscribed++) });
    },
  };
  return server;
}

async function take(subscription: EventStoreDbSubscription, count: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of subscription) {
    events.push(event);
    if (events.length === count) break;
  }
  return events;
}

describe('EventStoreDbSubscription', () => {
  it('delivers only events after the checkpoint that pass the filter, skipping system events', async () => {
    const server = aServerSubscription();
    const subscription = new EventStoreDbSubscription(server.open, 200n, { streamPrefixes: ['tender-'] });
    server.send(
      aClientEvent(100n),
      aClientEvent(200n),
      aSystemEvent(250n),
      aClientEvent(300n, { streamId: 'tender-3' }),
      aClientEvent(400n, { streamId: 'supplier-4' }),
      aClientEvent(500n, { streamId: 'tender-5' }),
    );
    const events = await take(subscription, 2);
    expect(events.map((e) => `${e.globalPosition}:${e.streamId}`)).toEqual(['300:tender-3', '500:tender-5']);
  });

  it('opens the server subscription on the first read, not before', async () => {
    const server = aServerSubscription();
    const subscription = new EventStoreDbSubscription(server.open, 0n, undefined);
    expect(server.opened).toBe(0);
    server.send(aClientEvent(10n));
    await take(subscription, 1);
    expect(server.opened).toBe(1);
  });

  it('unsubscribes when the reader stops iterating', async () => {
    const server = aServerSubscription();
    server.send(aClientEvent(10n), aClientEvent(20n));
    await take(new EventStoreDbSubscription(server.open, 0n, undefined), 1);
    expect(server.unsubscribed).toBe(1);
  });

  it('ends a read that is waiting for the next event when closed, and unsubscribes once', async () => {
    const server = aServerSubscription();
    const subscription = new EventStoreDbSubscription(server.open, 0n, undefined);
    const waiting = subscription[Symbol.asyncIterator]().next();
    await subscription.close();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    await subscription.close();
    expect(server.unsubscribed).toBe(1);
    expect(server.stream.destroyed).toBe(true);
  });

  it('never opens a subscription that is closed before it is read', async () => {
    const server = aServerSubscription();
    const subscription = new EventStoreDbSubscription(server.open, 0n, undefined);
    await subscription.close();
    await expect(subscription[Symbol.asyncIterator]().next()).resolves.toEqual({ done: true, value: undefined });
    expect(server.opened).toBe(0);
  });

  it('reports a lost connection as EventStoreUnavailable', async () => {
    const server = aServerSubscription();
    const subscription = new EventStoreDbSubscription(server.open, 0n, undefined);
    const waiting = subscription[Symbol.asyncIterator]().next();
    server.stream.destroy(new UnavailableError(undefined, 'connection reset'));
    await expect(waiting).rejects.toBeInstanceOf(EventStoreUnavailable);
  });

  it('pulls one event per read and leaves the rest to the stream, which pushes back on the server', async () => {
    const server = aServerSubscription();
    server.send(...Array.from({ length: 50 }, (_, i) => aClientEvent(BigInt(i + 1) * 10n)));
    const subscription = new EventStoreDbSubscription(server.open, 0n, undefined);
    await subscription[Symbol.asyncIterator]().next();
    // Still in the stream's buffers (counts include the event in flight), not drained into the adapter.
    expect(server.stream.readableLength + server.stream.writableLength).toBeGreaterThanOrEqual(48);
    expect(server.stream.writableNeedDrain).toBe(true);
    await subscription.close();
  });

  it('tells its owner when it is closed', async () => {
    const server = aServerSubscription();
    const closed: EventStoreDbSubscription[] = [];
    const subscription = new EventStoreDbSubscription(server.open, 0n, undefined, (s) => closed.push(s));
    await subscription.close();
    expect(closed).toEqual([subscription]);
  });
});
