/**
 * Pure translations between the port and `@eventstore/db-client` v6: expected revisions, positions, events,
 * filters and errors. No I/O here, so all of it is unit-tested without a server.
 */
import {
  ANY,
  ErrorType,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  isCommandError,
  jsonEvent,
  streamNameFilter,
  type AppendExpectedRevision,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import { EventStoreUnavailable, EventTooLarge, IdempotencyConflict, WrongExpectedVersion } from '../event-store.errors';
import type {
  AppendResult,
  EventFilter,
  EventMetadata,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  RecordedEvent,
} from '../event-store.port';
import { upcasters } from '../upcasting';

export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  if (expected === 'any') return ANY;
  if (typeof expected !== 'bigint' || expected < 0n)
    throw new RangeError(`invalid expected revision ${String(expected)}`);
  return expected;
}

/**
 * Our positions are EventStoreDB commit positions. Every event written through gRPC commits itself (an
 * implicit transaction), so its commit and prepare positions are the same log offset: `{ p, p }` is the exact
 * position of the event at `p`. Only events of the legacy TCP API's explicit transactions differ (they share the
 * commit record's position); Kurrent's newer clients collapse a position to one number the same way.
 */
export function toClientPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** Where a forward read of `$all` starts; it includes the event at that position (see `isAfter`). */
export function toReadPosition(position: bigint): ReadPosition {
  return position <= 0n ? START : toClientPosition(position);
}

export function isAfter(position: Position, cursor: Position): boolean {
  return position.commit > cursor.commit || (position.commit === cursor.commit && position.prepare > cursor.prepare);
}

/** Our metadata as is, plus the keys EventStoreDB's own projections (`$by_correlation_id`) read. */
export function toEventData(original: EventToAppend): EventData {
  const event = upcasters.stamp(original);
  const { correlationId, causationId } = event.metadata;
  const metadata = {
    ...event.metadata,
    $correlationId: correlationId,
    ...(causationId ? { $causationId: causationId } : {}),
  };
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata });
}

/** A stream read of an event from a legacy explicit transaction carries -1 as an unsigned 64-bit number. */
const NO_POSITION = 2n ** 64n - 1n;

/**
 * `fallbackCommit` is the resolved event's commit position, for servers older than 22.6 that do not put the
 * position on the recorded event itself.
 */
export function fromClientEvent(event: ClientRecordedEvent, fallbackCommit?: bigint): RecordedEvent {
  if (!event.isJson) {
    throw new Error(`event ${event.id} of ${event.streamId} is not JSON: it was not written through this adapter`);
  }
  const globalPosition = [event.position?.commit, fallbackCommit].find((p) => p !== undefined && p !== NO_POSITION);
  if (globalPosition === undefined) {
    throw new Error(
      `event ${event.id} of ${event.streamId} has no position (a legacy explicit transaction, or a server before 22.6)`,
    );
  }
  const {
    $correlationId: _correlationId,
    $causationId: _causationId,
    ...metadata
  } = (event.metadata ?? {}) as Record<string, unknown>;
  return upcasters.upcast({
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    data: event.data as JsonObject,
    metadata: metadata as EventMetadata,
    streamRevision: event.revision,
    globalPosition,
    recordedAt: event.created,
  });
}

/** EventStoreDB's own events (`$metadata`, `$>` links, `$statsCollected`, …): never delivered by `$all` reads. */
export function isSystemEvent(event: { type: string }): boolean {
  return event.type.startsWith('$');
}

export function matchesFilter(event: { type: string; streamId: string }, filter?: EventFilter): boolean {
  if (isSystemEvent(event)) return false;
  const types = nonEmpty(filter?.eventTypePrefixes);
  const streams = nonEmpty(filter?.streamPrefixes);
  if (types && !types.some((prefix) => event.type.startsWith(prefix))) return false;
  if (streams && !streams.some((prefix) => event.streamId.startsWith(prefix))) return false;
  return true;
}

/**
 * The server filters on one thing only, stream name or event type: stream prefixes win when both are given
 * (a projection usually follows one context's streams) and `matchesFilter` applies the rest on the client.
 * Without prefixes the server still leaves out system events.
 */
export function toServerFilter(filter?: EventFilter): Filter {
  const streams = nonEmpty(filter?.streamPrefixes);
  if (streams) return streamNameFilter({ prefixes: streams });
  const types = nonEmpty(filter?.eventTypePrefixes);
  if (types) return eventTypeFilter({ prefixes: types });
  return excludeSystemEvents();
}

function nonEmpty(prefixes?: string[]): string[] | undefined {
  return prefixes?.length ? prefixes : undefined;
}

export function toWrongExpectedVersion(
  streamId: string,
  expected: ExpectedRevision,
  error: WrongExpectedVersionError,
): WrongExpectedVersion {
  return new WrongExpectedVersion(streamId, expected, error.actualVersion);
}

/**
 * After a conflict, what the stream holds of the append's event ids decides: all of them means the append
 * was already done (a retry: answer with its result), some of them is a bad retry, none a real conflict.
 */
export function earlierAppendResult(
  streamId: string,
  events: EventToAppend[],
  stream: RecordedEvent[],
): AppendResult | undefined {
  const ids = new Set(events.map((e) => e.id));
  const stored = stream.filter((e) => ids.has(e.id));
  if (stored.length === 0) return undefined;
  if (new Set(stored.map((e) => e.id)).size !== ids.size) throw new IdempotencyConflict(streamId, [...ids]);
  const last = stored[stored.length - 1];
  return { nextExpectedRevision: last.streamRevision, position: last.globalPosition };
}

/** The server cannot be reached, is not the leader, timed out, failed or refused our credentials: a 503. */
const UNAVAILABLE_ERRORS = new Set<ErrorType>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
  ErrorType.CANCELLED,
  ErrorType.UNKNOWN,
  ErrorType.ACCESS_DENIED,
]);
/** gRPC status codes the client sometimes throws raw (e.g. from its capability check before an append). */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

export function toStoreError(error: unknown): unknown {
  if (
    error instanceof WrongExpectedVersion ||
    error instanceof IdempotencyConflict ||
    error instanceof EventStoreUnavailable
  )
    return error;
  if (!isUnavailable(error)) return error;
  return new EventStoreUnavailable(`EventStoreDB is unavailable: ${(error as Error).message}`, error);
}

/** An append's error: one larger than the server's maximum append size is the client's (413), not a 503. */
export function toAppendError(streamId: string, error: unknown): unknown {
  if (error instanceof Error && isCommandError(error) && error.type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED)
    return new EventTooLarge(streamId, (error as { maxAppendSize?: number }).maxAppendSize, error);
  return toStoreError(error);
}

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isCommandError(error)) return UNAVAILABLE_ERRORS.has(error.type);
  const code = (error as { code?: unknown }).code;
  return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED || error.message.startsWith('Failed to discover');
}
