import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
  type ReadPosition,
  type StreamingRead,
} from '@eventstore/db-client';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import {
  earlierAppendResult,
  fromClientEvent,
  toClientExpectedRevision,
  toEventData,
  toReadPosition,
  toServerFilter,
  toAppendError,
  toStoreError,
  toWrongExpectedVersion,
} from './eventstoredb.mapping';
import { lastUserPosition, readAllAfter } from './eventstoredb.paging';
import { EventStoreDbSubscription } from './eventstoredb.subscription';

/** Same default as the PostgreSQL adapter when `readAll` is given no `maxCount`. */
const DEFAULT_READ_ALL_MAX = 10_000;
/** A readiness probe must answer fast; the client's own default deadline is 10 s. */
const PING_DEADLINE_MS = 3_000;
/** Reading a stream nobody writes is the cheapest round trip that needs no special permission. */
const PING_STREAM = 'licita-ping';

/**
 * The event-store port on EventStoreDB / KurrentDB through `@eventstore/db-client` v6. See README.md in this
 * folder for how each operation maps and where EventStoreDB's semantics differ from the PostgreSQL adapter.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<EventStoreDbSubscription>();

  private constructor(private readonly client: EventStoreDBClient) {}

  /**
   * E.g. `esdb://localhost:2113?tls=false`. Throws on a malformed connection string; connects lazily, so an
   * unreachable server shows up on the first call (`ping()` is the readiness check) as `EventStoreUnavailable`.
   */
  static connect(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('appendToStream needs at least one event');
    const expectedRevision = toClientExpectedRevision(options.expectedRevision);
    try {
      const result = await this.client.appendToStream(streamId, events.map(toEventData), { expectedRevision });
      // Older servers leave out the position of an idempotent (already done) append.
      const position = result.position?.commit ?? (await this.positionOf(streamId, result.nextExpectedRevision));
      return { nextExpectedRevision: result.nextExpectedRevision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError)
        return this.resolveConflict(streamId, events, options.expectedRevision, error);
      throw toAppendError(streamId, error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : START),
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    });
    try {
      const events: RecordedEvent[] = [];
      for await (const resolved of read) {
        if (resolved.event) events.push(fromClientEvent(resolved.event, resolved.commitPosition));
      }
      return events;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error);
    }
  }

  /** Several streams (the port's `readStreams`): EventStoreDB reads one stream per call, so the calls go together. */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const ids = [...new Set(streamIds)];
    const read = await Promise.all(ids.map((id) => this.readStream(id)));
    return new Map(ids.map((id, i) => [id, read[i]]));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_MAX;
    if (maxCount <= 0) return [];
    return readAllAfter(
      (from, count) => this.readAllPage('forwards', from, count),
      options.fromPosition ?? 0n,
      maxCount,
      options.filter,
    );
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const fromPosition = options.fromPosition ?? 0n;
    const subscription = new EventStoreDbSubscription(
      () =>
        this.client.subscribeToAll({
          fromPosition: toReadPosition(fromPosition),
          filter: toServerFilter(options.filter),
        }),
      fromPosition,
      options.filter,
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  headPosition(): Promise<bigint> {
    return lastUserPosition((from, count) => this.readAllPage('backwards', from, count));
  }

  async ping(): Promise<void> {
    try {
      await drain(this.client.readStream(PING_STREAM, { maxCount: 1, deadline: PING_DEADLINE_MS }));
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw toStoreError(error);
    }
  }

  /** Ends open subscriptions first: the client's `dispose()` cancels their calls but would leave them waiting. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  private async readAllPage(
    direction: 'forwards' | 'backwards',
    from: ReadPosition,
    maxCount: number,
  ): Promise<AllStreamRecordedEvent[]> {
    const read = this.client.readAll({
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromPosition: from,
      maxCount,
    });
    try {
      const events: AllStreamRecordedEvent[] = [];
      for await (const resolved of read) if (resolved.event) events.push(resolved.event);
      return events;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private async resolveConflict(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
    error: WrongExpectedVersionError,
  ): Promise<AppendResult> {
    if (error.actualVersion !== 'no_stream') {
      const earlier = earlierAppendResult(streamId, events, await this.readStream(streamId));
      if (earlier) return earlier;
    }
    throw toWrongExpectedVersion(streamId, expected, error);
  }

  private async positionOf(streamId: string, revision: bigint): Promise<bigint> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new Error(`stream ${streamId} has no revision ${revision} right after appending it`);
    return event.globalPosition;
  }
}

async function drain(read: StreamingRead<unknown>): Promise<void> {
  for await (const _ of read);
}
