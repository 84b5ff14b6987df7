import { ManualClock } from '@licita/shared';
import { BidRateLimiter } from './bid-rate-limiter';

const takes = (limiter: BidRateLimiter, times: number, bidder = 'supplier-1', auction = 'auction-1') =>
  Array.from({ length: times }, () => limiter.take(auction, bidder));

describe('the bid rate limit (a token bucket per auction and bidder)', () => {
  it('lets a burst through, then refuses with the time until the next token', () => {
    const limiter = new BidRateLimiter({ perSecond: 5, burst: 3 }, new ManualClock());

    expect(takes(limiter, 5)).toEqual([0, 0, 0, 200, 200]);
  });

  it('refills at the rate, never above the burst', () => {
    const clock = new ManualClock();
    const limiter = new BidRateLimiter({ perSecond: 5, burst: 3 }, clock);
    takes(limiter, 3);

    clock.advance(400); // two tokens
    expect(takes(limiter, 3)).toEqual([0, 0, 200]);
    clock.advance(60_000);
    expect(takes(limiter, 4)).toEqual([0, 0, 0, 200]);
  });

  it('counts each bidder in each auction apart', () => {
    const limiter = new BidRateLimiter({ perSecond: 1, burst: 1 }, new ManualClock());

    expect([
      limiter.take('a', 'supplier-1'),
      limiter.take('a', 'supplier-2'),
      limiter.take('b', 'supplier-1'),
      limiter.take('a', 'supplier-1'),
    ]).toEqual([0, 0, 0, 1000]);
  });

  it('is off at 0 per second', () => {
    expect(
      takes(new BidRateLimiter({ perSecond: 0, burst: 1 }, new ManualClock()), 100).every((wait) => wait === 0),
    ).toBe(true);
  });

  it('gives no tokens back when the clock is set back', () => {
    const clock = new ManualClock('2026-03-02T16:00:00.000Z');
    const limiter = new BidRateLimiter({ perSecond: 1, burst: 1 }, clock);
    limiter.take('a', 'supplier-1');

    clock.set('2026-03-02T15:00:00.000Z');
    expect(limiter.take('a', 'supplier-1')).toBe(1000);
  });
});
