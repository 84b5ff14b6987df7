import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import type { EventFilter, RecordedEvent, Subscription } from '../event-store.port';
import { fromClientEvent, isAfter, matchesFilter, toClientPosition, toStoreError } from './eventstoredb.mapping';

/** What we use of the client's `AllStreamSubscription` (a Node Readable fed by the gRPC call). */
export interface ClientAllSubscription extends AsyncIterable<AllStreamResolvedEvent> {
  unsubscribe(): Promise<void>;
  destroy(): unknown;
}

/**
 * A catch-up-then-live subscription to `$all`. The client's subscription is opened on the first `next()`, so a
 * subscription that is never iterated costs nothing. Events are pulled one at a time from the client's
 * Readable, whose bounded buffer pauses the gRPC stream when we are slow: nothing piles up here.
 *
 * The server filters (see `toServerFilter`); we drop what is at or before `fromPosition` (a checkpoint is
 * exclusive) and what the server filter could not express (system events, the second kind of prefix).
 */
export class EventStoreDbSubscription implements Subscription {
  private source?: ClientAllSubscription;
  private closed = false;
  private released?: Promise<void>;
  private readonly events: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly open: () => ClientAllSubscription,
    private readonly fromPosition: bigint,
    private readonly filter: EventFilter | undefined,
    private readonly onClose: (subscription: EventStoreDbSubscription) => void = () => undefined,
  ) {
    this.events = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.events;
  }

  /** Ends the iteration, also one waiting for the next event (it then finishes without a value). */
  async close(): Promise<void> {
    this.closed = true;
    await this.release();
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    if (this.closed) return;
    const source = (this.source = this.open());
    const after = toClientPosition(this.fromPosition);
    try {
      for await (const { event } of source) {
        if (!event || !isAfter(event.position, after) || !matchesFilter(event, this.filter)) continue;
        yield fromClientEvent(event);
        if (this.closed) return;
      }
    } catch (error) {
      if (!this.closed) throw toStoreError(error);
    } finally {
      this.closed = true;
      await this.release();
    }
  }

  /** Cancels the gRPC call and destroys the Readable, which wakes a pending `for await` on it. Runs once. */
  private release(): Promise<void> {
    this.released ??= (async () => {
      const source = this.source;
      try {
        await source?.unsubscribe();
      } catch {
        // The call never started (server unreachable): there is nothing to cancel.
      } finally {
        source?.destroy();
        this.onClose(this);
      }
    })();
    return this.released;
  }
}
