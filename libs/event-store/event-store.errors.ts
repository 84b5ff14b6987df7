import type { ExpectedRevision } from './event-store.port';

/** The stream was not at the revision the caller expected: someone else wrote first. */
export class WrongExpectedVersion extends Error {
  readonly code = 'event_store.wrong_expected_version';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or `'no_stream'` when it does not exist. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersion';
  }
}

/**
 * A multi-stream append (`appendToStreams`) was refused whole: one of its streams was not at the expected revision
 * or already held some of its event ids. Nothing of the batch was appended.
 */
export class BatchAppendConflict extends Error {
  readonly code = 'event_store.batch_conflict';

  constructor(readonly streamIds: string[]) {
    super(`a multi-stream append over ${streamIds.length} streams was refused: a revision or an event id conflicts`);
    this.name = 'BatchAppendConflict';
  }
}

/** The event store cannot be reached or failed; the command may be retried later (maps to 503). */
export class EventStoreUnavailable extends Error {
  readonly code = 'service.unavailable';

  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'EventStoreUnavailable';
  }
}

/** Some, but not all, of the event ids of an append are already in the stream: not a clean retry. */
export class IdempotencyConflict extends Error {
  readonly code = 'event_store.idempotency_conflict';

  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`stream ${streamId}: an append reused some but not all event ids of an earlier append`);
    this.name = 'IdempotencyConflict';
  }
}

/** The events of one append are larger than the store accepts (EventStoreDB's maximum append size). */
export class EventTooLarge extends Error {
  readonly code = 'command.too_large';

  constructor(
    readonly streamId: string,
    readonly maxAppendSize: number | undefined,
    override readonly cause?: unknown,
  ) {
    super(`stream ${streamId}: the append is larger than the store accepts (${maxAppendSize ?? '?'} bytes)`);
    this.name = 'EventTooLarge';
  }
}
