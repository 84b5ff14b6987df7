import { currentCorrelationId } from './request-context';

type Sql = { query(sql: string, params?: unknown[]): Promise<unknown> };

/** What was refused: a login with wrong credentials, one still waiting out its backoff, one over a rate limit, one for a disabled account. */
export type SecurityEventKind = 'login.failed' | 'login.throttled' | 'login.rate_limited' | 'login.account_disabled';

export interface SecurityEvent {
  kind: SecurityEventKind;
  /** The email tried (lower-cased), when there was one. */
  email?: string;
  /** The client address as the API sees it (TRUST_PROXY decides whether `X-Forwarded-For` counts). */
  ip?: string;
  /** e.g. `retryAfterMs`, `failures`; never a password or token. */
  details?: Record<string, unknown>;
}

/**
 * Appends one refusal to `security_events` (append-only: nothing here updates or deletes), with the request's
 * correlation id so it can be matched with the log line. A failure to record does not change the answer the
 * client gets: it is passed to `onError`.
 */
export async function recordSecurityEvent(
  db: Sql,
  event: SecurityEvent,
  onError: (error: unknown) => void = () => undefined,
): Promise<void> {
  try {
    await db.query(
      'INSERT INTO security_events (kind, email, ip, correlation_id, details) VALUES ($1, $2, $3, $4, $5)',
      [
        event.kind,
        event.email ?? null,
        event.ip ?? null,
        currentCorrelationId() ?? null,
        JSON.stringify(event.details ?? {}),
      ],
    );
  } catch (error) {
    onError(error);
  }
}
