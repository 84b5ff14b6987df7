import { lockKey } from './projection-lock';
import { RateMeter, Wakeup, backoff, matchesFilter } from './runner-support';

describe('matchesFilter', () => {
  const event = { type: 'TenderPublished', streamId: 'tender-42' };

  it('lets everything through an empty filter', () => {
    expect(matchesFilter(event, {})).toBe(true);
    expect(matchesFilter(event, { eventTypePrefixes: [], streamPrefixes: [] })).toBe(true);
  });

  it('needs one of the type prefixes and one of the stream prefixes', () => {
    expect(matchesFilter(event, { eventTypePrefixes: ['Bid', 'Tender'] })).toBe(true);
    expect(matchesFilter(event, { eventTypePrefixes: ['Bid'] })).toBe(false);
    expect(matchesFilter(event, { eventTypePrefixes: ['Tender'], streamPrefixes: ['auction-'] })).toBe(false);
    expect(matchesFilter(event, { eventTypePrefixes: ['Tender'], streamPrefixes: ['auction-', 'tender-'] })).toBe(true);
  });
});

describe('Wakeup', () => {
  it('keeps a wake-up that came while nobody waited', async () => {
    const wakeup = new Wakeup();
    wakeup.notify();
    await wakeup.wait(60_000);
  });

  it('wakes a waiter at once', async () => {
    const wakeup = new Wakeup();
    const waiting = wakeup.wait(60_000);
    wakeup.notify();
    await waiting;
  });
});

describe('RateMeter', () => {
  it('counts the events of the last ten seconds', () => {
    let now = 0;
    const meter = new RateMeter(() => now);
    meter.record(5_000);
    now = 5_000;
    meter.record(15_000);
    expect(meter.perSecond()).toBe(2_000);
    now = 10_001;
    expect(meter.perSecond()).toBe(1_500);
    now = 15_001;
    expect(meter.perSecond()).toBe(0);
  });
});

describe('backoff', () => {
  it('doubles from the first delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoff(attempt, 500, 30_000))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000,
    ]);
  });
});

describe('lockKey', () => {
  it('is stable, fits an int4, and tells names apart', () => {
    expect(lockKey('supplier-directory')).toBe(lockKey('supplier-directory'));
    expect(lockKey('supplier-directory')).not.toBe(lockKey('tender-search'));
    for (const name of ['', 'a', 'classifier', 'ñandú-proyección']) {
      expect(lockKey(name)).toBeGreaterThanOrEqual(0);
      expect(lockKey(name)).toBeLessThanOrEqual(2 ** 31 - 1);
    }
  });
});
