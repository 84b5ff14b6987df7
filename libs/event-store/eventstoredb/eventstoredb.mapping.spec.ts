import {
  AccessDeniedError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  UnavailableError,
  WrongExpectedVersionError,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';
import { anEvent } from '../conformance/event-store.conformance';
import { EventStoreUnavailable, EventTooLarge, IdempotencyConflict, WrongExpectedVersion } from '../event-store.errors';
import type { RecordedEvent } from '../event-store.port';
import {
  earlierAppendResult,
  toAppendError,
  fromClientEvent,
  isAfter,
  matchesFilter,
  toClientExpectedRevision,
  toEventData,
  toReadPosition,
  toServerFilter,
  toStoreError,
  toWrongExpectedVersion,
} from './eventstoredb.mapping';
import { aClientEvent, aSystemEvent } from './testing/client-events';

/** A bid with a causation (and whatever else the test adds to its metadata). */
const aCausedBid = (extra: Record<string, string> = {}) => ({
  ...anEvent('BidPlaced'),
  metadata: {
    actor: 'account-7',
    correlationId: 'corr-1',
    causationId: 'cmd-9',
    occurredAt: '2026-01-15T16:00:00.000Z',
    ...extra,
  },
});

describe('expected revision', () => {
  it.each([
    ['no_stream', 'no_stream'],
    ['stream_exists', 'stream_exists'],
    ['any', 'any'],
    [0n, 0n],
    [41n, 41n],
  ] as const)('maps %p to the client value %p', (ours, theirs) => {
    expect(toClientExpectedRevision(ours)).toBe(theirs);
  });

  it('refuses a negative revision', () => {
    expect(() => toClientExpectedRevision(-1n)).toThrow(RangeError);
  });
});

describe('positions', () => {
  it('reads $all from the start for position 0 and from { p, p } otherwise', () => {
    expect(toReadPosition(0n)).toBe('start');
    expect(toReadPosition(1_234n)).toEqual({ commit: 1_234n, prepare: 1_234n });
  });

  it('orders positions by commit, then prepare', () => {
    expect(isAfter({ commit: 10n, prepare: 10n }, { commit: 9n, prepare: 9n })).toBe(true);
    expect(isAfter({ commit: 10n, prepare: 10n }, { commit: 10n, prepare: 10n })).toBe(false);
    expect(isAfter({ commit: 10n, prepare: 5n }, { commit: 10n, prepare: 3n })).toBe(true);
    expect(isAfter({ commit: 9n, prepare: 9n }, { commit: 10n, prepare: 10n })).toBe(false);
  });
});

describe('events going in', () => {
  it('is a JSON event with our id, type and data', () => {
    const event = anEvent('TenderPublished', { title: 'Medicamentos', value: { amount: 150_000_00, currency: 'MXN' } });
    expect(toEventData(event)).toMatchObject({
      id: event.id,
      type: 'TenderPublished',
      contentType: 'application/json',
      data: event.data,
    });
  });

  it('keeps our metadata and adds $correlationId and $causationId for EventStoreDB projections', () => {
    const event = aCausedBid();
    expect(toEventData(event).metadata).toEqual({ ...event.metadata, $correlationId: 'corr-1', $causationId: 'cmd-9' });
  });

  it('leaves $causationId out when there is no causation', () => {
    const event = anEvent('TenderPublished');
    expect(toEventData(event).metadata).not.toHaveProperty('$causationId');
  });
});

describe('events coming out', () => {
  it('maps id, type, stream, data, revision, commit position and creation time', () => {
    const recorded = fromClientEvent(
      aClientEvent(4_096n, { streamId: 'auction-9', type: 'BidPlaced', revision: 3n, data: { amount: 99_700 } }),
    );
    expect(recorded).toEqual({
      id: '00000000-0000-4000-8000-000000004096',
      type: 'BidPlaced',
      streamId: 'auction-9',
      data: { amount: 99_700 },
      metadata: { actor: 'account-1', correlationId: 'c-1', occurredAt: '2026-01-15T16:00:00.000Z' },
      streamRevision: 3n,
      globalPosition: 4_096n,
      recordedAt: new Date('2026-01-15T16:00:00.123Z'),
    });
  });

  it('gives back exactly the metadata that went in', () => {
    const event = aCausedBid({ reason: 'x' });
    const stored = toEventData(event).metadata as Record<string, unknown>;
    expect(fromClientEvent(aClientEvent(1n, { metadata: stored })).metadata).toEqual(event.metadata);
  });

  it('takes the resolved event commit position when the record has none (servers before 22.6)', () => {
    const { position: _, ...withoutPosition } = aClientEvent(77n);
    expect(fromClientEvent(withoutPosition as ClientRecordedEvent, 77n).globalPosition).toBe(77n);
  });

  it('treats the unsigned -1 of a legacy transaction as no position', () => {
    const legacy = { ...aClientEvent(1n), position: { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n } };
    expect(fromClientEvent(legacy, 500n).globalPosition).toBe(500n);
    expect(() => fromClientEvent(legacy)).toThrow(/no position/);
  });

  it('refuses an event that is not JSON', () => {
    expect(() => fromClientEvent(aSystemEvent(1n))).toThrow(/not JSON/);
  });
});

describe('filters', () => {
  const tender = { type: 'TenderPublished', streamId: 'tender-1' };
  const bid = { type: 'BidPlaced', streamId: 'auction-1' };

  it('always leaves out system events', () => {
    expect(matchesFilter({ type: '$metadata', streamId: '$$tender-1' })).toBe(false);
    expect(matchesFilter({ type: '$streamDeleted', streamId: 'tender-1' }, { streamPrefixes: ['tender-'] })).toBe(
      false,
    );
    expect(matchesFilter(tender)).toBe(true);
  });

  it('keeps events whose type or stream starts with one of the prefixes, both when both are given', () => {
    expect(matchesFilter(tender, { eventTypePrefixes: ['Bid', 'Tender'] })).toBe(true);
    expect(matchesFilter(bid, { eventTypePrefixes: ['Tender'] })).toBe(false);
    expect(matchesFilter(bid, { streamPrefixes: ['auction-'] })).toBe(true);
    expect(matchesFilter(bid, { streamPrefixes: ['auction-'], eventTypePrefixes: ['Auction'] })).toBe(false);
    expect(matchesFilter(bid, { streamPrefixes: ['auction-'], eventTypePrefixes: ['Bid'] })).toBe(true);
  });

  it('takes prefixes literally and empty lists as no restriction', () => {
    expect(matchesFilter({ type: 'X', streamId: 'axb' }, { streamPrefixes: ['a.'] })).toBe(false);
    expect(matchesFilter(bid, { streamPrefixes: [], eventTypePrefixes: [] })).toBe(true);
  });

  it('asks the server for stream prefixes first, then type prefixes, else to exclude system events', () => {
    expect(toServerFilter({ streamPrefixes: ['tender-'], eventTypePrefixes: ['Tender'] })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['tender-'],
    });
    expect(toServerFilter({ eventTypePrefixes: ['Bid'] })).toMatchObject({ filterOn: 'eventType', prefixes: ['Bid'] });
    expect(toServerFilter({ streamPrefixes: [] })).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    expect(toServerFilter()).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
  });
});

describe('conflicts', () => {
  it('turns the client error into WrongExpectedVersion with the actual revision', () => {
    const exists = new WrongExpectedVersionError(undefined, {
      streamName: 'tender-1',
      expected: 'no_stream',
      current: 4n,
    });
    expect(toWrongExpectedVersion('tender-1', 'no_stream', exists)).toMatchObject({
      streamId: 'tender-1',
      expected: 'no_stream',
      actual: 4n,
    });
    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 'tender-1',
      expected: 'stream_exists',
      current: 'no_stream',
    });
    const error = toWrongExpectedVersion('tender-1', 'stream_exists', missing);
    expect(error).toBeInstanceOf(WrongExpectedVersion);
    expect(error.actual).toBe('no_stream');
  });

  const stored = (id: string, revision: bigint, position: bigint): RecordedEvent => ({
    ...fromClientEvent(aClientEvent(position, { revision })),
    id,
  });

  it('answers a retry whose events are all stored with the original revision and position', () => {
    const [a, b] = [anEvent('A'), anEvent('B')];
    const stream = [stored('other', 0n, 10n), stored(a.id, 1n, 20n), stored(b.id, 2n, 30n), stored('later', 3n, 40n)];
    expect(earlierAppendResult('tender-1', [a, b], stream)).toEqual({ nextExpectedRevision: 2n, position: 30n });
  });

  it('sees a real conflict when none of the events is stored', () => {
    expect(earlierAppendResult('tender-1', [anEvent('A')], [stored('other', 0n, 10n)])).toBeUndefined();
  });

  it('refuses an append that reuses some but not all stored ids', () => {
    const [a, b] = [anEvent('A'), anEvent('B')];
    expect(() => earlierAppendResult('tender-1', [a, b], [stored(a.id, 0n, 10n)])).toThrow(IdempotencyConflict);
  });
});

describe('errors', () => {
  it.each([
    ['unavailable', new UnavailableError(undefined, 'no connection')],
    ['deadline exceeded', new DeadlineExceededError(undefined, 'too slow')],
    ['access denied', new AccessDeniedError(undefined, 'bad credentials')],
    ['a raw gRPC UNAVAILABLE', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 })],
    ['a failed cluster discovery', new Error('Failed to discover after 10 attempts.')],
  ])('turns %s into EventStoreUnavailable with the cause', (_, cause) => {
    const error = toStoreError(cause);
    expect(error).toBeInstanceOf(EventStoreUnavailable);
    expect((error as EventStoreUnavailable).cause).toBe(cause);
  });

  it('passes our own errors and other client errors through', () => {
    const conflict = new WrongExpectedVersion('tender-1', 0n, 1n);
    expect(toStoreError(conflict)).toBe(conflict);
    const deleted = StreamDeletedError.fromStreamName('tender-1');
    expect(toStoreError(deleted)).toBe(deleted);
    const bug = new TypeError('x is undefined');
    expect(toStoreError(bug)).toBe(bug);
  });

  it('turns an append past the maximum append size into EventTooLarge (413: the client sent too much), not a 503', () => {
    const cause = MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576);
    const error = toAppendError('tender-1', cause);
    expect(error).toBeInstanceOf(EventTooLarge);
    expect(error).toMatchObject({ streamId: 'tender-1', maxAppendSize: 1_048_576, cause, code: 'command.too_large' });
    const unavailable = new UnavailableError(undefined, 'no connection');
    expect(toAppendError('tender-1', unavailable)).toBeInstanceOf(EventStoreUnavailable);
  });
});
