import type { EventFilter, RecordedEvent } from '@licita/event-store';

/** The same rule as the event store's filter: prefixes within a list are alternatives, the two lists must both match. */
export function matchesFilter(event: Pick<RecordedEvent, 'type' | 'streamId'>, filter: EventFilter): boolean {
  const { eventTypePrefixes: types, streamPrefixes: streams } = filter;
  if (types?.length && !types.some((prefix) => event.type.startsWith(prefix))) return false;
  if (streams?.length && !streams.some((prefix) => event.streamId.startsWith(prefix))) return false;
  return true;
}

/** A wake-up call that is not lost when it comes while nobody waits: the next `wait` returns at once. */
export class Wakeup {
  private pending = false;
  private waiter?: () => void;

  notify(): void {
    this.pending = true;
    this.waiter?.();
  }

  /** Resolves on the next (or a missed) `notify`, or after `ms`. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
  }
}

/** Events per second over a sliding window (10 s by default). */
export class RateMeter {
  private samples: { at: number; count: number }[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = 10_000,
  ) {}

  record(count: number): void {
    this.samples.push({ at: this.now(), count });
    this.forget();
  }

  perSecond(): number {
    this.forget();
    const total = this.samples.reduce((sum, sample) => sum + sample.count, 0);
    return Math.round((total * 1000) / this.windowMs);
  }

  private forget(): void {
    const oldest = this.now() - this.windowMs;
    while (this.samples.length && this.samples[0].at <= oldest) this.samples.shift();
  }
}

/** Exponential back-off: `initialMs`, doubled per attempt, capped at `maxMs`. */
export function backoff(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
