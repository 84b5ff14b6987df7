import { invalid } from '@licita/shared';

/**
 * Time travel: a procedure as the public saw it at a past moment, folded from its event stream (not from the
 * current read model) with the same view builder the live endpoint uses.
 *
 * An event counts as seen at `asOf` when its `metadata.occurredAt` (the instant of the command that caused
 * it, from the platform's clock) is at or before `asOf`. The stream is taken as a prefix: the first event that
 * occurred after `asOf` ends it, so clock skew between instances can never fold a later event in early.
 */
export type TimedEvent = { metadata: { occurredAt?: unknown }; recordedAt?: Date };

export function eventsAsOf<E extends TimedEvent>(events: readonly E[], asOf: Date): E[] {
  const limit = asOf.getTime();
  const end = events.findIndex((event) => occurredAt(event) > limit);
  return end === -1 ? [...events] : events.slice(0, end);
}

/** `apply` over the events seen at `asOf`, from `initial`. */
export function foldAsOf<E extends TimedEvent, V>(
  events: readonly E[],
  asOf: Date,
  apply: (view: V, event: E) => V,
  initial: V,
): V {
  return eventsAsOf(events, asOf).reduce(apply, initial);
}

/**
 * The `asOf` query parameter: an ISO 8601 instant with a time zone (`2026-03-02T15:00:00Z`,
 * `2026-03-02T09:00:00-06:00`). A moment after `now` is read as `now`: nobody has seen the future yet.
 */
export function parseAsOf(raw: string, now: Date): Date {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
  const parsed = Date.parse(raw);
  if (!iso.test(raw) || Number.isNaN(parsed)) {
    throw invalid('as_of.invalid', 'asOf is an ISO 8601 instant with its time zone, such as 2026-03-02T15:00:00Z', {
      asOf: raw,
    });
  }
  return new Date(Math.min(parsed, now.getTime()));
}

function occurredAt(event: TimedEvent): number {
  const at = typeof event.metadata.occurredAt === 'string' ? Date.parse(event.metadata.occurredAt) : NaN;
  return Number.isNaN(at) ? (event.recordedAt?.getTime() ?? 0) : at;
}
