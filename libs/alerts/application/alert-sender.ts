import { createHash } from 'node:crypto';
import type { AlertsConfig } from '@licita/platform';
import type { Clock } from '@licita/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { renderAlert, renderDigest, type AlertContent, type RenderedEmail } from '../domain/alert-email';
import type { AlertLanguage } from '../domain/alert.events';
import { signLink } from '../domain/signed-links';

/** What the sender hands to SMTP (nodemailer's `sendMail` takes it as is). */
export type OutgoingMail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
};
export type MailTransport = { sendMail(mail: OutgoingMail): Promise<unknown> };

export type AlertSenderOptions = {
  config: AlertsConfig;
  publicUrl: string;
  onError?: (message: string) => void;
};

type OutboxRow = {
  alert_key: string;
  account_id: string;
  kind: string;
  subscription_key: string | null;
  email: string;
  language: AlertLanguage;
  delivery: 'immediate' | 'daily';
  content: AlertContent;
  attempts: number;
};

const MAX_RETRY_DELAY_MS = 3_600_000;

/** The wait before retry `attempt` (1 for the first retry): base × 2^(attempt−1), ±25% jitter, at most an hour. */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const plain = baseMs * 2 ** Math.max(attempt - 1, 0);
  return Math.min(Math.round(plain * (0.75 + random() * 0.5)), MAX_RETRY_DELAY_MS);
}

/** A Message-ID that is the same for every attempt at the same alert, so a receiver can drop a repeat. */
export const messageIdOf = (keys: string[]) =>
  `<${createHash('sha256')
    .update([...keys].sort().join('\n'))
    .digest('hex')
    .slice(0, 40)}@alertas.licita>`;

/**
 * Mails the outbox. Each due row is claimed with `FOR UPDATE SKIP LOCKED` in its own transaction, sent, and marked
 * `sent` in that transaction: any number of senders (two projector instances) share the work and never send one
 * row twice while it is claimed. A failed send puts the row off (exponential back-off with jitter) and goes on
 * with the next one, so one bad address or a down server blocks nothing else; after `maxAttempts` the row is
 * `failed` (kept and listed). A daily subscriber's due rows go out together as one digest.
 *
 * At-least-once window: a crash after the SMTP server accepted a message and before the commit leaves the row
 * pending, and it is sent again; its Message-ID is stable, so receivers can drop the repeat.
 */
export class AlertSender {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly db: DataSource,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
    private readonly options: AlertSenderOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Sends every row due now, one claim at a time; the number of e-mails sent (for tests and the poller). */
  async sendDue(limit = 1000): Promise<number> {
    let sent = 0;
    for (let tried = 0; tried < limit; tried++) {
      const outcome = await this.sendOne();
      if (outcome === 'none') break;
      if (outcome === 'sent') sent++;
    }
    return sent;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sendDue()
        .then(() => undefined)
        .catch((error: Error) => this.options.onError?.(`alerts: ${error.message}`))
        .finally(() => this.schedule(this.options.config.pollMs));
    }, delay);
  }

  private sendOne(): Promise<'sent' | 'failed' | 'skipped' | 'none'> {
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const [first]: OutboxRow[] = await tx.query(
        `SELECT alert_key, account_id, kind, subscription_key, email, language, delivery, content, attempts
           FROM alert_outbox WHERE status = 'pending' AND next_attempt_at <= $1
          ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      if (!first) return 'none';
      const rows = first.delivery === 'daily' ? await this.digestOf(tx, first, now) : [first];
      const live = await this.stillSubscribed(tx, rows);
      if (live.length === 0) {
        await this.mark(tx, rows, "status = 'cancelled'");
        return 'skipped';
      }
      const messageId = messageIdOf(live.map((row) => `${row.alert_key}|${row.account_id}`));
      try {
        await this.transport.sendMail(this.mailOf(live, messageId));
      } catch (error) {
        await this.putOff(tx, live, now, error as Error);
        return 'failed';
      }
      await this.mark(tx, live, "status = 'sent', sent_at = $3, message_id = $4, last_error = NULL", [now, messageId]);
      await this.mark(tx, without(rows, live), "status = 'cancelled'");
      return 'sent';
    });
  }

  /** The daily subscriber's other due rows, claimed with the first. */
  private async digestOf(tx: EntityManager, first: OutboxRow, now: Date): Promise<OutboxRow[]> {
    const others: OutboxRow[] = await tx.query(
      `SELECT alert_key, account_id, kind, subscription_key, email, language, delivery, content, attempts
         FROM alert_outbox WHERE account_id = $1 AND status = 'pending' AND delivery = 'daily'
          AND next_attempt_at <= $2 AND alert_key <> $3
        ORDER BY position, alert_key FOR UPDATE SKIP LOCKED`,
      [first.account_id, now, first.alert_key],
    );
    return [first, ...others];
  }

  /** Rows of a subscription removed or unsubscribed since they were written are not sent. */
  private async stillSubscribed(tx: EntityManager, rows: OutboxRow[]): Promise<OutboxRow[]> {
    const keyed = rows.filter((row) => row.subscription_key !== null);
    if (keyed.length === 0) return rows;
    const live: Array<{ key: string }> = await tx.query(
      'SELECT key FROM alert_subscriptions WHERE account_id = $1 AND key = ANY ($2::text[])',
      [rows[0].account_id, keyed.map((row) => row.subscription_key)],
    );
    const keys = new Set(live.map((row) => row.key));
    return rows.filter((row) => row.subscription_key === null || keys.has(row.subscription_key));
  }

  private mailOf(rows: OutboxRow[], messageId: string): OutgoingMail {
    const [first] = rows;
    const { config, publicUrl } = this.options;
    const api = `${publicUrl}/api/alerts`;
    const token = (purpose: 'confirm' | 'unsubscribe', subject: string) =>
      encodeURIComponent(signLink(config.secret, { purpose, accountId: first.account_id, subject }));
    // A digest's link stops every alert of the account; a single alert's, the subscription it came from.
    const subject = rows.length === 1 ? (first.subscription_key ?? '') : '';
    const unsubscribe = `${api}/unsubscribe?token=${token('unsubscribe', subject)}`;
    const links = {
      publicUrl,
      unsubscribe,
      confirm: `${publicUrl}/alertas/confirmar?token=${token('confirm', first.email)}`,
    };
    const rendered: RenderedEmail =
      first.delivery === 'daily'
        ? renderDigest(
            rows.map((row) => row.content),
            first.language,
            links,
            config.digestTimeZone,
          )
        : renderAlert(first.content, first.language, links, config.digestTimeZone);
    const headers: Record<string, string> =
      first.kind === 'confirm'
        ? {}
        : { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    return { from: config.from, to: first.email, ...rendered, messageId, headers };
  }

  private async putOff(tx: EntityManager, rows: OutboxRow[], now: Date, error: Error): Promise<void> {
    const { maxAttempts, retryBaseMs } = this.options.config;
    const attempts = rows[0].attempts + 1;
    const next = new Date(now.getTime() + retryDelayMs(attempts, retryBaseMs));
    const status = attempts >= maxAttempts ? 'failed' : 'pending';
    await this.mark(tx, rows, 'attempts = attempts + 1, next_attempt_at = $3, status = $4, last_error = $5', [
      next,
      status,
      error.message.slice(0, 500),
    ]);
    this.options.onError?.(`alerts: sending to ${rows[0].account_id} failed (attempt ${attempts}): ${error.message}`);
  }

  private async mark(tx: EntityManager, rows: OutboxRow[], set: string, params: unknown[] = []): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(`UPDATE alert_outbox SET ${set} WHERE account_id = $1 AND alert_key = ANY ($2::text[])`, [
      rows[0].account_id,
      rows.map((row) => row.alert_key),
      ...params,
    ]);
  }
}

const without = (all: OutboxRow[], some: OutboxRow[]) => all.filter((row) => !some.includes(row));
