import type { EventStore } from '@licita/event-store';

/**
 * The real store, except that the first `count` appends to streams starting with `streamPrefix` wait until
 * all of them have arrived, then go together: every writer has read the stream before anyone writes, the
 * worst interleaving of a race, made certain rather than left to timing.
 */
export function appendsMeetFirst(store: EventStore, streamPrefix: string, count: number): EventStore {
  let waiting: Array<() => void> = [];
  let met = false;
  const meet = () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length < count) return;
      met = true;
      waiting.forEach((go) => go());
      waiting = [];
    });
  return Object.assign(Object.create(store) as EventStore, {
    appendToStream: async (...args: Parameters<EventStore['appendToStream']>) => {
      if (!met && args[0].startsWith(streamPrefix)) await meet();
      return store.appendToStream(...args);
    },
  });
}
