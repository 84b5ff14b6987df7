import { randomUUID } from 'node:crypto';
import { WrongExpectedVersion } from '../event-store.errors';
import type { EventStore, EventToAppend, RecordedEvent, Subscription } from '../event-store.port';
import { describeUpcasting } from './upcasting.conformance';

export interface EventStoreUnderTest {
  store: EventStore;
  dispose(): Promise<void>;
}

/**
 * The behaviour every adapter of the port must show. Streams get a prefix unique to each test, so the suite
 * can run against a shared server (EventStoreDB) and reads of `$all` filter on it.
 */
export function runEventStoreConformance(name: string, factory: () => Promise<EventStoreUnderTest>): void {
  describe(`event store conformance: ${name}`, () => {
    let subject: EventStoreUnderTest | undefined;
    let prefix = '';
    const scope: Scope = {
      get store() {
        if (!subject) throw new Error('the event store under test is not set up');
        return subject.store;
      },
      get prefix() {
        return prefix;
      },
      stream: (id) => `${prefix}${id}`,
    };

    beforeAll(async () => {
      subject = await factory();
    });
    afterAll(() => subject?.dispose());
    beforeEach(() => {
      prefix = `t${randomUUID().replace(/-/g, '').slice(0, 12)}_`;
    });

    appendingWithExpectedRevisions(scope);
    appendingAndStoring(scope);
    readingAStream(scope);
    readingSeveralStreams(scope);
    readingAll(scope);
    subscribingToAll(scope);
    subscribingUnderLoad(scope);
    describeUpcasting(scope);
  });
}

/** The store of the running test, and its streams: `stream(id)` is `id` under the test's own prefix. */
export interface Scope {
  readonly store: EventStore;
  readonly prefix: string;
  readonly stream: (id: string) => string;
}

/** Appends state the revision they expect; a wrong one is refused with the actual one. */
function appendingWithExpectedRevisions(scope: Scope): void {
  describe('appending', () => {
    it('creates a stream with no_stream and returns its revision and global position', async () => {
      const result = await scope.store.appendToStream(scope.stream('a'), [anEvent('Created'), anEvent('Renamed')], {
        expectedRevision: 'no_stream',
      });
      expect(result.nextExpectedRevision).toBe(1n);
      const events = await scope.store.readStream(scope.stream('a'));
      expect(events.map((e) => e.streamRevision)).toEqual([0n, 1n]);
      expect(result.position).toBe(events[1].globalPosition);
    });

    it('refuses no_stream when the stream exists, with the actual revision', async () => {
      await scope.store.appendToStream(scope.stream('a'), [anEvent('Created')], { expectedRevision: 'no_stream' });
      const error = await rejectionOf(
        scope.store.appendToStream(scope.stream('a'), [anEvent('Created')], { expectedRevision: 'no_stream' }),
      );
      expect(error).toBeInstanceOf(WrongExpectedVersion);
      expect((error as WrongExpectedVersion).actual).toBe(0n);
    });

    it('refuses stream_exists and exact revisions on a missing stream', async () => {
      const missing = await rejectionOf(
        scope.store.appendToStream(scope.stream('none'), [anEvent('X')], { expectedRevision: 'stream_exists' }),
      );
      expect(missing).toBeInstanceOf(WrongExpectedVersion);
      expect((missing as WrongExpectedVersion).actual).toBe('no_stream');
      const exact = await rejectionOf(
        scope.store.appendToStream(scope.stream('none'), [anEvent('X')], { expectedRevision: 0n }),
      );
      expect(exact).toBeInstanceOf(WrongExpectedVersion);
    });

    it('appends at the exact expected revision and refuses a stale one', async () => {
      await scope.store.appendToStream(scope.stream('a'), [anEvent('Created')], { expectedRevision: 'no_stream' });
      const second = await scope.store.appendToStream(scope.stream('a'), [anEvent('Changed')], {
        expectedRevision: 0n,
      });
      expect(second.nextExpectedRevision).toBe(1n);
      const stale = await rejectionOf(
        scope.store.appendToStream(scope.stream('a'), [anEvent('Changed')], { expectedRevision: 0n }),
      );
      expect(stale).toBeInstanceOf(WrongExpectedVersion);
      expect((stale as WrongExpectedVersion).actual).toBe(1n);
      expect((await scope.store.readStream(scope.stream('a'))).length).toBe(2);
    });

    it('appends with any and stream_exists without checking the revision', async () => {
      await scope.store.appendToStream(scope.stream('a'), [anEvent('Created')], { expectedRevision: 'any' });
      await scope.store.appendToStream(scope.stream('a'), [anEvent('Changed')], { expectedRevision: 'stream_exists' });
      const result = await scope.store.appendToStream(scope.stream('a'), [anEvent('Changed')], {
        expectedRevision: 'any',
      });
      expect(result.nextExpectedRevision).toBe(2n);
    });
  });
}

/** Retries, exact round trips, large events, concurrent writers. */
function appendingAndStoring(scope: Scope): void {
  describe('appending', () => {
    it('treats a retried append with the same event ids as a no-op', async () => {
      const events = [anEvent('Created'), anEvent('Renamed')];
      const first = await scope.store.appendToStream(scope.stream('a'), events, { expectedRevision: 'no_stream' });
      const retry = await scope.store.appendToStream(scope.stream('a'), events, { expectedRevision: 'no_stream' });
      const retryAny = await scope.store.appendToStream(scope.stream('a'), events, { expectedRevision: 'any' });
      expect(retry).toEqual(first);
      expect(retryAny).toEqual(first);
      expect((await scope.store.readStream(scope.stream('a'))).map((e) => e.id)).toEqual(events.map((e) => e.id));
    });

    it('keeps data, metadata and type exactly, with a recording time', async () => {
      const event = anEvent('SupplierRegistered', {
        rfc: 'SAT970701NN3',
        amount: 123_456,
        nested: { list: [1, 'dos', null, true] },
        text: 'Señor Ñandú 😀',
      });
      await scope.store.appendToStream(scope.stream('a'), [event], { expectedRevision: 'no_stream' });
      const [recorded] = await scope.store.readStream(scope.stream('a'));
      expect(recorded).toMatchObject({
        id: event.id,
        type: event.type,
        streamId: scope.stream('a'),
        data: event.data,
        metadata: event.metadata,
        streamRevision: 0n,
      });
      expect(recorded.recordedAt).toBeInstanceOf(Date);
      expect(typeof recorded.globalPosition).toBe('bigint');
    });

    it('stores a large event (900 KiB, under the 1 MiB default append limit of EventStoreDB)', async () => {
      const big = anEvent('DocumentAttached', { content: 'x'.repeat(900 * 1024) });
      await scope.store.appendToStream(scope.stream('big'), [big], { expectedRevision: 'no_stream' });
      const [recorded] = await scope.store.readStream(scope.stream('big'));
      expect((recorded.data.content as string).length).toBe(900 * 1024);
    });

    it('lets exactly one of many concurrent writers win each revision', async () => {
      await scope.store.appendToStream(scope.stream('hot'), [anEvent('Opened')], { expectedRevision: 'no_stream' });
      const writers = 16;
      const outcomes = await Promise.allSettled(
        Array.from({ length: writers }, () =>
          scope.store.appendToStream(scope.stream('hot'), [anEvent('BidPlaced')], { expectedRevision: 0n }),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(writers - 1);
      for (const failure of lost) expect(failure.reason).toBeInstanceOf(WrongExpectedVersion);
      expect((await scope.store.readStream(scope.stream('hot'))).map((e) => e.streamRevision)).toEqual([0n, 1n]);
    });

    it('lets exactly one of many concurrent creators create a stream', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, () =>
          scope.store.appendToStream(scope.stream('rfc'), [anEvent('Reserved')], { expectedRevision: 'no_stream' }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(await scope.store.readStream(scope.stream('rfc'))).toHaveLength(1);
    });
  });
}

/** One stream, forwards and backwards. */
function readingAStream(scope: Scope): void {
  describe('reading a stream', () => {
    beforeEach(async () => {
      await scope.store.appendToStream(
        scope.stream('s'),
        ['A', 'B', 'C', 'D', 'E'].map((t) => anEvent(t)),
        { expectedRevision: 'no_stream' },
      );
    });

    it('reads forwards from a revision with a maximum count', async () => {
      const events = await scope.store.readStream(scope.stream('s'), { fromRevision: 1n, maxCount: 2 });
      expect(events.map((e) => e.type)).toEqual(['B', 'C']);
    });

    it('reads backwards from the end or from a revision', async () => {
      expect(
        (await scope.store.readStream(scope.stream('s'), { direction: 'backwards', maxCount: 2 })).map((e) => e.type),
      ).toEqual(['E', 'D']);
      expect(
        (await scope.store.readStream(scope.stream('s'), { direction: 'backwards', fromRevision: 1n })).map(
          (e) => e.type,
        ),
      ).toEqual(['B', 'A']);
    });

    it('gives an empty list for a stream that does not exist', async () => {
      expect(await scope.store.readStream(scope.stream('missing'))).toEqual([]);
    });
  });
}

/** The global log in order, filtered. */
function readingAll(scope: Scope): void {
  describe('reading all', () => {
    it('reads in global order after an exclusive position, filtered by stream and type scope.prefix', async () => {
      const start = await scope.store.headPosition();
      await scope.store.appendToStream(
        scope.stream('tender-1'),
        [anEvent('TenderPublished'), anEvent('TenderAmended')],
        {
          expectedRevision: 'no_stream',
        },
      );
      await scope.store.appendToStream(scope.stream('supplier-1'), [anEvent('SupplierRegistered')], {
        expectedRevision: 'no_stream',
      });
      await scope.store.appendToStream(scope.stream('tender-2'), [anEvent('TenderPublished')], {
        expectedRevision: 'no_stream',
      });

      const mine = await scope.store.readAll({ fromPosition: start, filter: { streamPrefixes: [scope.prefix] } });
      expect(mine.map((e) => `${e.streamId.slice(scope.prefix.length)}:${e.type}`)).toEqual([
        'tender-1:TenderPublished',
        'tender-1:TenderAmended',
        'supplier-1:SupplierRegistered',
        'tender-2:TenderPublished',
      ]);
      expectStrictlyIncreasing(mine);

      const tenders = await scope.store.readAll({
        fromPosition: start,
        filter: { streamPrefixes: [scope.stream('tender-')] },
      });
      expect(tenders).toHaveLength(3);
      const published = await scope.store.readAll({
        fromPosition: start,
        filter: { streamPrefixes: [scope.prefix], eventTypePrefixes: ['TenderPub'] },
      });
      expect(published.map((e) => e.streamId)).toEqual([scope.stream('tender-1'), scope.stream('tender-2')]);

      const afterFirst = await scope.store.readAll({
        fromPosition: mine[0].globalPosition,
        maxCount: 2,
        filter: { streamPrefixes: [scope.prefix] },
      });
      expect(afterFirst.map((e) => e.id)).toEqual([mine[1].id, mine[2].id]);
    });

    it('takes filter prefixes literally (no wildcards)', async () => {
      const start = await scope.store.headPosition();
      await scope.store.appendToStream(scope.stream('a_b'), [anEvent('X')], { expectedRevision: 'no_stream' });
      await scope.store.appendToStream(scope.stream('axb'), [anEvent('X')], { expectedRevision: 'no_stream' });
      const events = await scope.store.readAll({
        fromPosition: start,
        filter: { streamPrefixes: [scope.stream('a_')] },
      });
      expect(events.map((e) => e.streamId)).toEqual([scope.stream('a_b')]);
    });

    it('reports a head position at or after the last append', async () => {
      const { position } = await scope.store.appendToStream(scope.stream('h'), [anEvent('X')], {
        expectedRevision: 'no_stream',
      });
      expect(await scope.store.headPosition()).toBeGreaterThanOrEqual(position);
    });
  });
}

/** Catch-up then live, without gaps or repeats. */
function subscribingToAll(scope: Scope): void {
  describe('subscribing to all', () => {
    it('catches up, then goes live, with no gap and no duplicate', async () => {
      const start = await scope.store.headPosition();
      for (let i = 0; i < 5; i++)
        await scope.store.appendToStream(scope.stream(`c${i}`), [anEvent('Before')], { expectedRevision: 'no_stream' });
      const subscription = scope.store.subscribeToAll({
        fromPosition: start,
        filter: { streamPrefixes: [scope.prefix] },
      });
      const received = collect(subscription, 10);
      await delay(50);
      for (let i = 0; i < 5; i++)
        await scope.store.appendToStream(scope.stream(`l${i}`), [anEvent('After')], { expectedRevision: 'no_stream' });
      const events = await received;
      expect(events.map((e) => e.type)).toEqual([
        ...Array<string>(5).fill('Before'),
        ...Array<string>(5).fill('After'),
      ]);
      expectStrictlyIncreasing(events);
    });

    it('resumes after a checkpoint without repeating it', async () => {
      const start = await scope.store.headPosition();
      await scope.store.appendToStream(
        scope.stream('r'),
        ['A', 'B', 'C'].map((t) => anEvent(t)),
        { expectedRevision: 'no_stream' },
      );
      const [first] = await scope.store.readAll({
        fromPosition: start,
        maxCount: 1,
        filter: { streamPrefixes: [scope.prefix] },
      });
      const events = await collect(
        scope.store.subscribeToAll({ fromPosition: first.globalPosition, filter: { streamPrefixes: [scope.prefix] } }),
        2,
      );
      expect(events.map((e) => e.type)).toEqual(['B', 'C']);
    });

    it('delivers only the event types asked for', async () => {
      const start = await scope.store.headPosition();
      const subscription = scope.store.subscribeToAll({
        fromPosition: start,
        filter: { eventTypePrefixes: [`${scope.prefix}Bid`] },
      });
      const received = collect(subscription, 2);
      await scope.store.appendToStream(
        scope.stream('x'),
        [anEvent(`${scope.prefix}BidPlaced`), anEvent(`${scope.prefix}Other`), anEvent(`${scope.prefix}BidPlaced`)],
        { expectedRevision: 'no_stream' },
      );
      expect((await received).map((e) => e.type)).toEqual([`${scope.prefix}BidPlaced`, `${scope.prefix}BidPlaced`]);
    });
  });
}

/** Many writers at once: every event once, in order. */
function subscribingUnderLoad(scope: Scope): void {
  describe('subscribing to all', () => {
    it('sees every event of many concurrent appenders exactly once, in increasing order', async () => {
      const start = await scope.store.headPosition();
      const writers = 16;
      const appendsEach = 25;
      const subscription = scope.store.subscribeToAll({
        fromPosition: start,
        filter: { streamPrefixes: [scope.prefix] },
      });
      const received = collect(subscription, writers * appendsEach * 2);
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < appendsEach; i++) {
            await scope.store.appendToStream(scope.stream(`w${w}-${i}`), [anEvent('First'), anEvent('Second')], {
              expectedRevision: 'no_stream',
            });
          }
        }),
      );
      const events = await received;
      expectStrictlyIncreasing(events);
      expect(new Set(events.map((e) => e.id)).size).toBe(writers * appendsEach * 2);
      const all = await scope.store.readAll({ fromPosition: start, filter: { streamPrefixes: [scope.prefix] } });
      expect(events.map((e) => e.id)).toEqual(all.map((e) => e.id));
    });
  });
}

export function anEvent(type: string, data: Record<string, unknown> = { n: Math.random() }): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data: data as EventToAppend['data'],
    metadata: {
      actor: 'account-test',
      correlationId: randomUUID(),
      occurredAt: new Date('2026-01-15T16:00:00Z').toISOString(),
    },
  };
}

/** Takes `count` events from a subscription, then closes it; fails after 20 s instead of hanging. */
export async function collect(subscription: Subscription, count: number, timeoutMs = 20_000): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  try {
    for await (const event of subscription) {
      events.push(event);
      if (events.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
  if (events.length < count)
    throw new Error(`subscription delivered ${events.length} of ${count} events before timing out`);
  return events;
}

function expectStrictlyIncreasing(events: RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    if (events[i].globalPosition <= events[i - 1].globalPosition) {
      throw new Error(
        `positions not increasing at ${i}: ${events[i - 1].globalPosition} then ${events[i].globalPosition}`,
      );
    }
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to be rejected');
}

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** `readStreams`: each stream whole and in order, unknown ones empty, whatever else the log holds between them. */
function readingSeveralStreams(scope: Scope): void {
  describe('reading several streams', () => {
    it('gives each stream asked for its events in revision order, and [] for an unknown one', async () => {
      const { store, stream } = scope;
      await store.appendToStream(stream('a'), [anEvent('A0')], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream('b'), [anEvent('B0'), anEvent('B1')], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream('c'), [anEvent('C0')], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream('a'), [anEvent('A1'), anEvent('A2')], { expectedRevision: 0n });
      expect(typeof store.readStreams).toBe('function');

      const read = await store.readStreams!([stream('a'), stream('missing'), stream('b')]);

      expect([...read.keys()].sort()).toEqual([stream('a'), stream('b'), stream('missing')].sort());
      expect(read.get(stream('a'))!.map((e) => [e.type, e.streamRevision, e.streamId])).toEqual([
        ['A0', 0n, stream('a')],
        ['A1', 1n, stream('a')],
        ['A2', 2n, stream('a')],
      ]);
      expect(read.get(stream('b'))!.map((e) => e.type)).toEqual(['B0', 'B1']);
      expect(read.get(stream('missing'))).toEqual([]);
      expect(await store.readStreams!([])).toEqual(new Map());
    });
  });
}
