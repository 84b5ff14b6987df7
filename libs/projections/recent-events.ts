import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { matchesFilter } from './runner-support';

/** What a read from the window gives: the events after the position that match, and how far nothing else does. */
export interface WindowRead {
  events: RecordedEvent[];
  /** Every event the filter selects up to here is in `events` (or at or before the position asked from). */
  safe: bigint;
}

/**
 * The events the runner's live feed delivered last, shared by every projection of the process: a caught-up
 * projection reads its next batch here instead of querying the log. The feed's positions are final (it reads
 * only up to the store's safe frontier) and it delivers every event in order, so the window holds **every** event
 * in `(since, upTo]`: a read from a position inside it, filtered here with the store's own rule, is what `readAll`
 * would answer. Bounded: past `capacity` events the oldest are dropped (`since` moves up), and a projection
 * further behind reads the log itself. `reads` says nothing (`undefined`) while the feed is down.
 */
export class RecentEvents {
  private events: RecordedEvent[] = [];
  /** Index of the oldest event still held (those before it are dropped, cut off the array now and then). */
  private first = 0;
  private since = 0n;
  private upTo = 0n;
  private live = false;

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('the window of recent events holds at least one event');
  }

  /** The feed (re)starts after `position`: the window carries on if it ends there, else starts empty there. */
  follow(position: bigint): void {
    if (position !== this.upTo) {
      this.events = [];
      this.first = 0;
      this.since = this.upTo = position;
    }
    this.live = true;
  }

  /** The feed stopped or failed: events may come that the window will not see until it follows again. */
  pause(): void {
    this.live = false;
  }

  /** The feed's next event (positions strictly increasing). */
  add(event: RecordedEvent): void {
    if (!this.live) return;
    if (event.globalPosition <= this.upTo) throw new Error(`the feed went back to ${event.globalPosition}`);
    this.events.push(event);
    this.upTo = event.globalPosition;
    if (this.events.length - this.first <= this.capacity) return;
    this.since = this.events[this.first].globalPosition;
    this.first += 1;
    // Cut once per `capacity` events dropped, not at each one (shifting 10,000 references per event of an import).
    if (this.first >= this.capacity) {
      this.events = this.events.slice(this.first);
      this.first = 0;
    }
  }

  /** How far the window reaches: every event up to here has been delivered. */
  get end(): bigint {
    return this.upTo;
  }

  /**
   * Up to `maxCount` events after `from` that `filter` selects, each a copy (a projection may not change what
   * another one reads), or `undefined` when the window does not reach back to `from` (or the feed is down).
   */
  read(from: bigint, maxCount: number, filter: EventFilter): WindowRead | undefined {
    if (!this.live || from < this.since) return undefined;
    const found: RecordedEvent[] = [];
    for (let i = this.firstAfter(from); i < this.events.length; i++) {
      const event = this.events[i];
      if (!matchesFilter(event, filter)) continue;
      found.push(copyOf(event));
      if (found.length === maxCount) return { events: found, safe: event.globalPosition };
    }
    return { events: found, safe: this.upTo };
  }

  /** The index of the first event after `position` (binary search: positions increase). */
  private firstAfter(position: bigint): number {
    let low = this.first;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.events[middle].globalPosition <= position) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** A copy a projection may change at will, as `readAll` gives one. Not `structuredClone`: its objects come from
 * the realm it runs in, and checks such as canonical JSON's "a plain object" fail on them under Jest's sandbox. */
function copyOf(event: RecordedEvent): RecordedEvent {
  return {
    ...event,
    data: copyJson(event.data) as RecordedEvent['data'],
    metadata: copyJson(event.metadata) as RecordedEvent['metadata'],
    recordedAt: new Date(event.recordedAt.getTime()),
  };
}

function copyJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) copy[key] = copyJson(inner);
  return copy;
}
