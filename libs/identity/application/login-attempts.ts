import { recordSecurityEvent, type LoginBackoff, type SecurityEvent } from '@licita/platform';

type Sql = { query(sql: string, params?: unknown[]): Promise<unknown> };

/**
 * Failed logins per email and client IP, with exponential backoff, and the record of every refused login.
 * Never a lockout: a wait always ends, it only slows the pair (email, IP) that failed, so a guesser elsewhere
 * cannot keep the owner out, and a login with the right password starts the pair afresh.
 */
export interface LoginAttempts {
  /** How long a login for `email` from `ip` must still wait before its password is even checked (0: none). */
  waitBefore(email: string, ip: string): Promise<number>;
  /** A wrong password or unknown email: counts it and answers the wait it earned (0 while still free). */
  failed(email: string, ip: string): Promise<number>;
  succeeded(email: string, ip: string): Promise<void>;
  refused(event: SecurityEvent): Promise<void>;
}

/** No throttling and no record: for unit tests of `Authentication` only. */
export const NO_LOGIN_THROTTLING: LoginAttempts = {
  waitBefore: () => Promise.resolve(0),
  failed: () => Promise.resolve(0),
  succeeded: () => Promise.resolve(),
  refused: () => Promise.resolve(),
};

/**
 * The wait after `failures` failed logins in a row: none for the first `freeFailures`, then `baseMs`, doubling
 * with each further failure, at most `maxMs`.
 */
export function loginBackoffMs(failures: number, { freeFailures, baseMs, maxMs }: LoginBackoff): number {
  if (failures <= freeFailures) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - freeFailures - 1, 40));
}

/**
 * In PostgreSQL (`login_failures`), timed by the database's clock so every API instance agrees. A pair's
 * failures are forgotten once it has not failed for twice `maxMs`.
 */
export class PostgresLoginAttempts implements LoginAttempts {
  constructor(
    private readonly db: Sql,
    private readonly backoff: LoginBackoff,
    private readonly log: { warn(message: string): void; error(message: string): void },
  ) {}

  private readonly onError = (error: unknown) =>
    this.log.error(`a security event could not be recorded: ${String(error)}`);

  async waitBefore(email: string, ip: string): Promise<number> {
    const [row] = (await this.db.query(
      `SELECT ceil(extract(epoch FROM blocked_until - clock_timestamp()) * 1000)::bigint AS wait_ms
         FROM login_failures WHERE email = $1 AND ip = $2 AND blocked_until > clock_timestamp()`,
      [email, ip],
    )) as Array<{ wait_ms: string | number }>;
    return row ? Math.max(0, Number(row.wait_ms)) : 0;
  }

  async failed(email: string, ip: string): Promise<number> {
    const [row] = (await this.db.query(
      `INSERT INTO login_failures AS f (email, ip, failures, last_failure_at)
       VALUES ($1, $2, 1, clock_timestamp())
       ON CONFLICT (email, ip) DO UPDATE SET
         failures = CASE
           WHEN f.last_failure_at < clock_timestamp() - make_interval(secs => $3 / 1000.0) THEN 1
           ELSE f.failures + 1 END,
         last_failure_at = clock_timestamp()
       RETURNING failures`,
      [email, ip, this.backoff.maxMs * 2],
    )) as Array<{ failures: number }>;
    const waitMs = loginBackoffMs(row.failures, this.backoff);
    if (waitMs > 0)
      await this.db.query(
        `UPDATE login_failures SET blocked_until = clock_timestamp() + make_interval(secs => $3 / 1000.0)
          WHERE email = $1 AND ip = $2`,
        [email, ip, waitMs],
      );
    return waitMs;
  }

  async succeeded(email: string, ip: string): Promise<void> {
    await this.db.query('DELETE FROM login_failures WHERE email = $1 AND ip = $2', [email, ip]);
  }

  refused(event: SecurityEvent): Promise<void> {
    this.log.warn(`login refused: ${event.kind} from ${event.ip ?? 'unknown'}`);
    return recordSecurityEvent(this.db, event, this.onError);
  }
}
