import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

type Sql = { query(sql: string, params?: unknown[]): Promise<unknown> };

const SWEEP_EVERY_MS = 60_000;

/**
 * The rate limits' counters in PostgreSQL (`rate_limit_counters`, an UNLOGGED table), so every API instance
 * behind the load balancer counts the same requests: a client spreading its requests over four instances is
 * not allowed four times the limit. One statement a request and limit: a fixed window of `ttl` from the first
 * hit, timed by the database's clock (one clock for all instances); over the limit, blocked for
 * `blockDuration`. Expired counters are deleted about once a minute by whichever instance counts.
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private lastSweep = 0;

  constructor(readonly db: Sql) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    this.sweepNowAndThen();
    const [row] = (await this.db.query(
      `INSERT INTO rate_limit_counters AS c (key, hits, expires_at)
       VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2 / 1000.0))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.expires_at <= clock_timestamp() THEN 1 ELSE c.hits + 1 END,
         expires_at = CASE WHEN c.expires_at <= clock_timestamp() THEN EXCLUDED.expires_at ELSE c.expires_at END,
         blocked_until = CASE
           WHEN c.blocked_until > clock_timestamp() THEN c.blocked_until
           WHEN c.expires_at > clock_timestamp() AND c.hits + 1 > $3
             THEN clock_timestamp() + make_interval(secs => $4 / 1000.0)
           END
       RETURNING hits,
         ceil(extract(epoch FROM expires_at - clock_timestamp()))::int AS expires_in,
         ceil(extract(epoch FROM coalesce(blocked_until, clock_timestamp()) - clock_timestamp()))::int AS blocked_for`,
      [key, ttl, limit, blockDuration],
    )) as Array<{ hits: number; expires_in: number; blocked_for: number }>;
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(0, row.expires_in),
      isBlocked: row.blocked_for > 0,
      timeToBlockExpire: Math.max(0, row.blocked_for),
    };
  }

  private sweepNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    this.db
      .query(
        `DELETE FROM rate_limit_counters WHERE expires_at < clock_timestamp()
           AND (blocked_until IS NULL OR blocked_until < clock_timestamp())`,
      )
      .catch(() => undefined);
  }
}
