import { Injectable } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { queryOf } from '@licita/platform';
import { DataSource } from 'typeorm';
import type { AlertContent } from '../domain/alert-email';

export type MyAlerts = {
  /** null before the first subscription. */
  subscriber: { email: string; confirmed: boolean; delivery: 'immediate' | 'daily'; language: 'es' | 'en' } | null;
  searches: Array<{ searchId: string; name: string; filters: Record<string, string | number>; createdAt: string }>;
  follows: Array<{ kind: string; id: string; createdAt: string }>;
  /** The latest alerts, mailed or not: `pending`, `sent`, `failed`, `unconfirmed` (never mailed), `cancelled`. */
  alerts: Array<{
    kind: string;
    status: string;
    content: AlertContent;
    createdAt: string;
    sentAt: string | null;
    attempts: number;
  }>;
};

/** The subscriptions and latest alerts of an account (the "Mis alertas" page), from the process manager's tables. */
export class MyAlertsOf extends queryOf<MyAlerts, { accountId: string }>('accountId') {}

@Injectable()
@QueryHandler(MyAlertsOf)
export class MyAlertsHandler implements IQueryHandler<MyAlertsOf> {
  constructor(private readonly db: DataSource) {}

  async execute({ accountId }: MyAlertsOf): Promise<MyAlerts> {
    const [subscriber]: Array<NonNullable<MyAlerts['subscriber']>> = await this.db.query(
      'SELECT email, confirmed, delivery, language FROM alert_subscribers WHERE account_id = $1',
      [accountId],
    );
    const subscriptions: Array<{
      kind: string;
      target_id: string;
      name: string | null;
      filters: Record<string, string | number> | null;
      created_at: Date;
    }> = await this.db.query(
      `SELECT kind, target_id, name, filters, created_at FROM alert_subscriptions WHERE account_id = $1
        ORDER BY created_at, key`,
      [accountId],
    );
    const alerts: Array<{
      kind: string;
      status: string;
      content: AlertContent;
      created_at: Date;
      sent_at: Date | null;
      attempts: number;
    }> = await this.db.query(
      `SELECT kind, status, content, created_at, sent_at, attempts FROM alert_outbox
        WHERE account_id = $1 AND kind <> 'confirm' ORDER BY created_at DESC, position DESC LIMIT 100`,
      [accountId],
    );
    return {
      subscriber: subscriber ?? null,
      searches: subscriptions
        .filter((row) => row.kind === 'search')
        .map((row) => ({
          searchId: row.target_id,
          name: row.name ?? '',
          filters: row.filters ?? {},
          createdAt: row.created_at.toISOString(),
        })),
      follows: subscriptions
        .filter((row) => row.kind !== 'search')
        .map((row) => ({ kind: row.kind, id: row.target_id, createdAt: row.created_at.toISOString() })),
      alerts: alerts.map((row) => ({
        kind: row.kind,
        status: row.status,
        content: row.content,
        createdAt: row.created_at.toISOString(),
        sentAt: row.sent_at?.toISOString() ?? null,
        attempts: row.attempts,
      })),
    };
  }
}
