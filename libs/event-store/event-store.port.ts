/** The one port every write-side and projection component uses; PostgreSQL and EventStoreDB implement it. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who did it, when and why: carried by every event. */
export interface EventMetadata {
  /** The acting account (`account-…`), `system` for the platform's own timers, or `anonymous`. */
  actor: string;
  correlationId: string;
  causationId?: string;
  /** When it happened in the domain, as decided by the injected clock (ISO 8601, UTC). */
  occurredAt: string;
  reason?: string;
  /** The version of the shape of `data` (absent: 1); stamped at append, raised by upcasters on read (upcasting.ts). */
  schemaVersion?: number;
  [key: string]: JsonValue | undefined;
}

export interface EventToAppend<TData extends JsonObject = JsonObject> {
  /** UUID; appending an id the stream already holds is a no-op, so retries are safe. */
  id: string;
  type: string;
  data: TData;
  metadata: EventMetadata;
}

export interface RecordedEvent<TData extends JsonObject = JsonObject> {
  id: string;
  type: string;
  streamId: string;
  data: TData;
  metadata: EventMetadata;
  /** 0-based position within its stream. */
  streamRevision: bigint;
  /** Position in the global log; strictly increasing in the order `readAll`/`subscribeToAll` deliver. */
  globalPosition: bigint;
  recordedAt: Date;
}

/** `no_stream`: must not exist; `stream_exists`: must exist; `any`: no check; bigint: the last revision. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  nextExpectedRevision: bigint;
  /** Global position of the last event appended (of the original append when it was a no-op retry). */
  position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  direction?: Direction;
  maxCount?: number;
}

export interface EventFilter {
  /** Keep events whose type starts with one of these. */
  eventTypePrefixes?: string[];
  /** Keep events whose stream id starts with one of these. */
  streamPrefixes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Defaults to the beginning of the log. */
  fromPosition?: bigint;
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive: deliver events after this position (a checkpoint). Defaults to the beginning. */
  fromPosition?: bigint;
  filter?: EventFilter;
}

/** Catch-up then live; iterate with `for await`, call `close()` (or `break`) to stop. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/** One stream's share of a multi-stream append. */
export interface StreamAppend {
  streamId: string;
  events: EventToAppend[];
  expectedRevision: ExpectedRevision;
}

export interface EventStore {
  appendToStream(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Optional: several streams' appends in one transaction, all or none, each with its expected revision (bulk
   * writers such as the historical import; stores without it are written stream by stream). Any mismatch or
   * reused event id refuses the whole batch with `BatchAppendConflict`: append those streams one by one to learn
   * which and why. Each stream appears once in `writes`. Results are in the order of `writes`.
   */
  appendToStreams?(writes: StreamAppend[]): Promise<AppendResult[]>;
  /** Events of one stream; an unknown stream gives `[]`. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Optional: several streams whole, read together (one statement in PostgreSQL): each id given maps to its
   * events in revision order, `[]` for an unknown stream. For many small reads begun at once (the session checks of
   * a burst of Socket.IO messages); both adapters have it.
   */
  readStreams?(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  /** Events of all streams in global order; only positions no concurrent writer can still fill in. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** The highest position `readAll` could deliver now (0n on an empty log); used for projector lag. */
  headPosition(): Promise<bigint>;
  /** Reachability check for readiness probes; throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
