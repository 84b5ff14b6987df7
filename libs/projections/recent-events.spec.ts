import type { RecordedEvent } from '@licita/event-store';
import { RecentEvents } from './recent-events';

const event = (position: number, type = 'OrderPlaced', streamId = `order-${position}`): RecordedEvent => ({
  id: `event-${position}`,
  type,
  streamId,
  data: { lines: [{ sku: 'A', quantity: position }] },
  metadata: { actor: 'system', correlationId: 'c', occurredAt: '2026-03-02T16:00:00.000Z' },
  streamRevision: 0n,
  globalPosition: BigInt(position),
  recordedAt: new Date('2026-03-02T16:00:00.000Z'),
});

/** Positions as numbers: a failed expectation holding a bigint cannot leave a Jest worker (its message is lost). */
const positions = (read: { events: RecordedEvent[]; safe: bigint } | undefined) =>
  read && { events: read.events.map((e) => Number(e.globalPosition)), safe: Number(read.safe) };

/** A window following the feed from `from`, fed the events at `delivered`. */
function windowOf(from: number, delivered: RecordedEvent[], capacity = 100): RecentEvents {
  const window = new RecentEvents(capacity);
  window.follow(BigInt(from));
  for (const e of delivered) window.add(e);
  return window;
}

describe('RecentEvents (the live feed shared by the projections of a process)', () => {
  it('answers a read from inside the window as the log would: the events after it that the filter selects', () => {
    const window = windowOf(10, [event(11), event(12, 'InvoiceSent'), event(14), event(15, 'OrderPaid', 'invoice-1')]);

    expect(positions(window.read(10n, 100, {}))).toEqual({ events: [11, 12, 14, 15], safe: 15 });
    expect(positions(window.read(11n, 100, { eventTypePrefixes: ['Order'], streamPrefixes: ['order-'] }))).toEqual({
      events: [14],
      safe: 15,
    });
    expect(positions(window.read(15n, 100, {}))).toEqual({ events: [], safe: 15 });
  });

  it('stops at maxCount, safe only up to the last event given', () => {
    const window = windowOf(0, [event(1), event(2), event(3), event(4)]);

    expect(positions(window.read(0n, 2, {}))).toEqual({ events: [1, 2], safe: 2 });
    expect(positions(window.read(2n, 2, {}))).toEqual({ events: [3, 4], safe: 4 });
  });

  it('says nothing about a position before it, and forgets the oldest events past its capacity', () => {
    const window = windowOf(10, [event(11), event(12), event(13), event(14)], 3);

    expect(window.read(9n, 100, {})).toBeUndefined();
    expect(window.read(10n, 100, {})).toBeUndefined(); // 11 was dropped
    expect(positions(window.read(11n, 100, {}))).toEqual({ events: [12, 13, 14], safe: 14 });

    for (let position = 15; position <= 21; position++) window.add(event(position));
    expect(window.read(17n, 100, {})).toBeUndefined();
    expect(positions(window.read(18n, 100, {}))).toEqual({ events: [19, 20, 21], safe: 21 });
    expect(positions(window.read(19n, 1, {}))).toEqual({ events: [20], safe: 20 });
  });

  it('says nothing while the feed is down, and carries on when it follows again from where it stopped', () => {
    const window = windowOf(10, [event(11)]);
    window.pause();
    window.add(event(12)); // not kept: the feed, back, delivers again from the last position it gave
    expect(window.read(11n, 100, {})).toBeUndefined();

    window.follow(11n);
    window.add(event(12));
    window.add(event(13));
    expect(positions(window.read(10n, 100, {}))).toEqual({ events: [11, 12, 13], safe: 13 });

    window.follow(20n); // from elsewhere: what it held is no longer known to be all there is
    expect(window.read(13n, 100, {})).toBeUndefined();
    expect(positions(window.read(20n, 100, {}))).toEqual({ events: [], safe: 20 });
  });

  it('refuses a feed that goes back', () => {
    const window = windowOf(10, [event(11)]);
    expect(() => window.add(event(11))).toThrow('the feed went back to 11');
  });

  it('gives each reader its own copy, so a projection changing an event changes no other one', () => {
    const window = windowOf(0, [event(1)]);
    const [first] = window.read(0n, 1, {})!.events;
    (first.data.lines as { quantity: number }[])[0].quantity = 99;
    first.recordedAt.setFullYear(1999);

    const [second] = window.read(0n, 1, {})!.events;
    expect(second.data).toEqual({ lines: [{ sku: 'A', quantity: 1 }] });
    expect(second.recordedAt.toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(Object.getPrototypeOf(second.data)).toBe(Object.prototype); // plain objects of this realm
  });
});
