/**
 * Reads of `$all` done in pages. Client v6's `readAll` takes no server-side filter (only subscriptions do), so
 * `readAllAfter` filters on the client while it pages: a sparse filter over a long log reads the whole range.
 */
import { END, type AllStreamRecordedEvent, type ReadPosition } from '@eventstore/db-client';
import type { EventFilter, RecordedEvent } from '../event-store.port';
import {
  fromClientEvent,
  isAfter,
  isSystemEvent,
  matchesFilter,
  toClientPosition,
  toReadPosition,
} from './eventstoredb.mapping';

/** One `readAll` call: up to `maxCount` events of `$all` from `from`, in the reader's direction. */
export type AllPageReader = (from: ReadPosition, maxCount: number) => Promise<AllStreamRecordedEvent[]>;

export const READ_ALL_PAGE = 500;
export const HEAD_PAGE = 32;

/**
 * Up to `maxCount` events after `from` (exclusive) that pass the filter, in log order. A forward read includes
 * the event at its start position, so each page starts at the last event seen and skips it.
 */
export async function readAllAfter(
  readForwards: AllPageReader,
  from: bigint,
  maxCount: number,
  filter?: EventFilter,
  pageSize = READ_ALL_PAGE,
): Promise<RecordedEvent[]> {
  const found: RecordedEvent[] = [];
  let start = toReadPosition(from);
  let cursor = toClientPosition(from);
  while (found.length < maxCount) {
    const page = await readForwards(start, pageSize);
    for (const event of page) {
      if (!isAfter(event.position, cursor)) continue;
      cursor = event.position;
      if (!matchesFilter(event, filter)) continue;
      found.push(fromClientEvent(event));
      if (found.length === maxCount) return found;
    }
    if (page.length < pageSize) return found;
    if (start !== 'start' && start !== 'end' && !isAfter(cursor, start)) {
      throw new Error(
        `$all did not advance past ${String(cursor.commit)}: a transaction larger than a page of ${pageSize}?`,
      );
    }
    start = cursor;
  }
  return found;
}

/**
 * The position of the last event that is not a system event, 0n when there is none. Reading backwards from an
 * event's position does not include that event, so each page continues from the oldest event seen.
 */
export async function lastUserPosition(readBackwards: AllPageReader, pageSize = HEAD_PAGE): Promise<bigint> {
  let from: ReadPosition = END;
  for (;;) {
    const page = await readBackwards(from, pageSize);
    const last = page.find((event) => !isSystemEvent(event));
    if (last) return last.position.commit;
    if (page.length < pageSize) return 0n;
    from = page[page.length - 1].position;
  }
}
