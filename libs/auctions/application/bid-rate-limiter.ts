import type { Clock } from '@licita/shared';

export interface BidRateLimitSettings {
  /** Tokens added per second; 0 turns the limit off. */
  perSecond: number;
  /** The bucket's size: how many bids may come at once. */
  burst: number;
}

/** Buckets kept before the full (idle) ones are dropped. */
const SWEEP_ABOVE = 10_000;

/**
 * A token bucket per (auction, bidder), so one bidder flooding an auction with bids cannot take the actor's
 * time from the others: a bid takes a token or is refused before it reaches the actor. Time comes from the
 * injected clock (a test's ManualClock refills nothing until it is moved).
 */
export class BidRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly settings: BidRateLimitSettings,
    private readonly clock: Clock,
  ) {}

  /** Takes a token: `0` when the bid may go on, else the milliseconds until the next token. */
  take(auctionId: string, bidderId: string): number {
    const { perSecond, burst } = this.settings;
    if (perSecond <= 0) return 0;
    const now = this.clock.now().getTime();
    const key = `${auctionId}\u0000${bidderId}`;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) * perSecond) / 1000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return Math.ceil(((1 - bucket.tokens) * 1000) / perSecond);
    bucket.tokens -= 1;
    if (this.buckets.size > SWEEP_ABOVE) this.sweep(now);
    return 0;
  }

  /** Drops the buckets that have filled up again: they behave as new ones. */
  private sweep(now: number): void {
    const { perSecond, burst } = this.settings;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) * perSecond) / 1000 >= burst) this.buckets.delete(key);
    }
  }
}
