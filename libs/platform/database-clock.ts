import type { Clock } from '@licita/shared';

type Sql = { query(sql: string): Promise<unknown> };

/**
 * The database's clock, read locally: this process's clock plus its measured offset from PostgreSQL's
 * `clock_timestamp()` (sampled every `everyMs`, the round trip's midpoint taken as the moment of the reading).
 * Every instance of a cluster then tells the time of one clock, within half a round trip: a bid's time, an
 * auction's end, are not decided by whichever node received them. Until the first sample, the local clock.
 */
export class DatabaseClock implements Clock {
  private offsetMs = 0;
  private timer?: NodeJS.Timeout;

  private constructor(private readonly db: Sql) {}

  /** A clock already synchronized once (a failed first reading leaves the local clock until the next). */
  static async start(db: Sql, everyMs = 10_000): Promise<DatabaseClock> {
    const clock = new DatabaseClock(db);
    await clock.sync();
    clock.timer = setInterval(() => void clock.sync(), everyMs).unref();
    return clock;
  }

  get offset(): number {
    return this.offsetMs;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async sync(): Promise<void> {
    try {
      const sent = Date.now();
      const [row] = (await this.db.query(
        'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms',
      )) as Array<{ ms: number }>;
      const received = Date.now();
      this.offsetMs = Math.round(row.ms - (sent + received) / 2);
    } catch {
      // Keep the last offset: the database answers again soon, and the local clock is close.
    }
  }
}
