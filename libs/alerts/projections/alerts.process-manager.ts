import { Inject } from '@nestjs/common';
import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import {
  ProjectionProvider,
  type BatchContext,
  type Projection,
  type ProjectionTransaction,
} from '@licita/projections';
import { tenderFilter, type TenderFilter } from '@licita/transparency';
import { ALERTING_TENDER_EVENTS, alertFactOf, auctionReminders, type AlertFact } from '../domain/alert-facts';
import type { AlertContent } from '../domain/alert-email';
import { followKey, searchKey, SUBSCRIBER_EVENT_TYPES, type AlertSubscriberEvent } from '../domain/alert.events';
import { nextDigestAt } from '../domain/digest-time';

export const ALERTS_PROCESS = 'alerts';
const PUBLIC_RECORD_WAIT_MS = 5_000;

/** The transparency projection has not yet applied the event an alert must describe: the batch is tried again. */
export class PublicRecordBehind extends Error {}

type Recipient = { account_id: string; key: string; reason: string | null };
type TenderRow = { number: string | null; title: string; buying_unit_id: string };

/**
 * The alerts' process manager: a checkpointed projection over the log, so each batch's outbox rows commit with its
 * checkpoint (exactly once across crashes, restarts and two projector instances: the advisory lock runs it in
 * one process, the checkpoint row is locked in the batch). It keeps its own subscribers and subscriptions from
 * the `alert-subscriber-*` streams, and for each alerting event writes one outbox row per (event, subscriber)
 * (`ON CONFLICT DO NOTHING`). Senders (alert-sender.ts) mail the rows.
 *
 * A rebuild replays the subscriptions but writes no row for an event at or below its high-water mark
 * (`alert_high_water`, which `reset` keeps): replaying the log never alerts twice nor alerts late on old events.
 * Procedures are described (and saved searches matched, through transparency's own `tenderFilter`) from the
 * public record `transparency_tenders`: public data only, never sealed content; a batch waits for that
 * projection to reach its events.
 */
@ProjectionProvider()
export class AlertsProcessManager implements Projection {
  readonly name = ALERTS_PROCESS;
  readonly version = 1;
  readonly filter: EventFilter = {
    eventTypePrefixes: [...SUBSCRIBER_EVENT_TYPES, ...ALERTING_TENDER_EVENTS, 'AuctionScheduled'],
  };

  constructor(@Inject(LICITA_CONFIG) private readonly config: LicitaConfig) {}

  async handle(events: RecordedEvent[], tx: ProjectionTransaction, context?: BatchContext): Promise<void> {
    const highWater = await this.highWater(tx);
    const alerting = events.filter((event) => event.globalPosition > highWater && this.isAlerting(event));
    if (alerting.length > 0) await this.waitForPublicRecord(tx, alerting[alerting.length - 1].globalPosition);
    for (const event of events) {
      if ((SUBSCRIBER_EVENT_TYPES as readonly string[]).includes(event.type) && event.streamId.startsWith('alert-')) {
        await this.applySubscription(event, tx, event.globalPosition > highWater);
      } else if (event.globalPosition > highWater) {
        await this.alert(event, tx);
      }
    }
    const last = context?.to ?? events[events.length - 1]?.globalPosition;
    if (last !== undefined && last > highWater)
      await tx.query(
        `INSERT INTO alert_high_water (name, position) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET position = GREATEST(alert_high_water.position, EXCLUDED.position)`,
        [this.name, last.toString()],
      );
  }

  /** The subscriptions only: the outbox and the high-water mark survive a rebuild. */
  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE alert_subscribers, alert_subscriptions');
  }

  private isAlerting(event: RecordedEvent): boolean {
    return alertFactOf(event) !== null || auctionReminders(event).length > 0;
  }

  private async highWater(tx: ProjectionTransaction): Promise<bigint> {
    const [row]: Array<{ position: string }> = await tx.query(
      'SELECT position::text AS position FROM alert_high_water WHERE name = $1',
      [this.name],
    );
    return row ? BigInt(row.position) : -1n;
  }

  /**
   * Both projections follow the same log side by side, so the public record is usually a moment behind: waited
   * for here (a few seconds at most) rather than by failing the batch, whose retry backs off for longer.
   */
  private async waitForPublicRecord(tx: ProjectionTransaction, position: bigint): Promise<void> {
    const deadline = Date.now() + PUBLIC_RECORD_WAIT_MS;
    for (;;) {
      const [row]: Array<{ position: string }> = await tx.query(
        `SELECT position::text AS position FROM projection_checkpoints WHERE name = $1`,
        ['transparency'],
      );
      if (row && BigInt(row.position) >= position) return;
      if (Date.now() > deadline)
        throw new PublicRecordBehind(`waiting for the transparency read model to reach position ${position}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async applySubscription(event: RecordedEvent, tx: ProjectionTransaction, live: boolean): Promise<void> {
    const { type, data } = event as unknown as AlertSubscriberEvent;
    const at = event.metadata.occurredAt;
    switch (type) {
      case 'AlertEmailConfirmationRequested':
        await tx.query(
          `INSERT INTO alert_subscribers (account_id, email, language, delivery, confirmed, supplier_id)
           VALUES ($1, $2, $3, 'immediate', false, $4)
           ON CONFLICT (account_id) DO UPDATE SET email = EXCLUDED.email, language = EXCLUDED.language,
             supplier_id = EXCLUDED.supplier_id,
             confirmed = alert_subscribers.confirmed AND alert_subscribers.email = EXCLUDED.email`,
          [data.accountId, data.email, data.language, data.supplierId],
        );
        // The one e-mail an unconfirmed address gets: the link to confirm it.
        if (live)
          await this.enqueue(tx, event, {
            key: event.id,
            accountId: data.accountId,
            content: { kind: 'confirm' },
            subscriptionKey: null,
            dueAt: at,
            direct: { email: data.email, language: data.language },
          });
        return;
      case 'AlertEmailConfirmed':
        await tx.query('UPDATE alert_subscribers SET confirmed = true WHERE account_id = $1 AND email = $2', [
          data.accountId,
          data.email,
        ]);
        return;
      case 'SearchSaved':
        await tx.query(
          `INSERT INTO alert_subscriptions (account_id, key, kind, target_id, name, filters, created_at)
           VALUES ($1, $2, 'search', $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [data.accountId, searchKey(data.searchId), data.searchId, data.name, JSON.stringify(data.filters), at],
        );
        return;
      case 'FollowStarted':
        await tx.query(
          `INSERT INTO alert_subscriptions (account_id, key, kind, target_id, created_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
          [data.accountId, followKey(data.target), data.target.kind, data.target.id, at],
        );
        return;
      case 'SearchRemoved':
      case 'FollowStopped':
      case 'Unsubscribed': {
        const key =
          type === 'SearchRemoved'
            ? searchKey(data.searchId)
            : type === 'FollowStopped'
              ? followKey(data.target)
              : data.key;
        await tx.query('DELETE FROM alert_subscriptions WHERE account_id = $1 AND ($2::text IS NULL OR key = $2)', [
          data.accountId,
          key,
        ]);
        return;
      }
      case 'DeliveryPreferenceChanged':
        await tx.query('UPDATE alert_subscribers SET delivery = $2, language = $3 WHERE account_id = $1', [
          data.accountId,
          data.delivery,
          data.language,
        ]);
        return;
    }
  }

  private async alert(event: RecordedEvent, tx: ProjectionTransaction): Promise<void> {
    const fact = alertFactOf(event);
    if (fact) return this.alertFact(event, fact, tx);
    for (const reminder of auctionReminders(event)) {
      const tender = await this.publicTender(tx, reminder.tenderId);
      const recipients: Array<{ account_id: string }> = await tx.query(
        'SELECT account_id FROM alert_subscribers WHERE supplier_id = ANY ($1::text[])',
        [reminder.supplierIds],
      );
      for (const { account_id } of recipients)
        await this.enqueue(tx, event, {
          key: reminder.key,
          accountId: account_id,
          content: {
            kind: 'auction_reminder',
            tenderId: reminder.tenderId,
            number: tender?.number ?? null,
            title: tender?.title ?? null,
            details: { startsAt: reminder.startsAt, lead: reminder.lead },
          },
          subscriptionKey: null,
          dueAt: reminder.dueAt,
          immediate: true,
        });
    }
  }

  private async alertFact(event: RecordedEvent, fact: AlertFact, tx: ProjectionTransaction): Promise<void> {
    const tender = await this.publicTender(tx, fact.tenderId);
    // Not public (yet): a procedure nobody may read is nobody's alert.
    if (!tender) return;
    const keys = [...fact.follows, followKey({ kind: 'buyingUnit', id: tender.buying_unit_id })];
    const recipients: Recipient[] = await tx.query(
      `SELECT DISTINCT ON (account_id) account_id, key, name AS reason FROM alert_subscriptions
        WHERE key = ANY ($1::text[]) ORDER BY account_id, key`,
      [keys],
    );
    if (fact.matchSearches) recipients.push(...(await this.matchingSearches(tx, fact.tenderId)));
    const seen = new Set<string>();
    for (const recipient of recipients) {
      if (seen.has(recipient.account_id)) continue;
      seen.add(recipient.account_id);
      await this.enqueue(tx, event, {
        key: event.id,
        accountId: recipient.account_id,
        content: {
          kind: fact.kind,
          tenderId: fact.tenderId,
          number: tender.number,
          title: tender.title,
          details: fact.details,
          reason: recipient.reason ?? recipient.key,
        },
        subscriptionKey: recipient.key,
        dueAt: event.metadata.occurredAt,
      });
    }
  }

  /**
   * The saved searches whose filters find this procedure: each search's own `tenderFilter` narrowed to it, a
   * hundred searches to a statement (`UNION ALL` of one `EXISTS` each).
   */
  private async matchingSearches(tx: ProjectionTransaction, tenderId: string): Promise<Recipient[]> {
    const searches: Array<{ account_id: string; key: string; name: string; filters: TenderFilter }> = await tx.query(
      `SELECT account_id, key, name, filters FROM alert_subscriptions WHERE kind = 'search' ORDER BY account_id, key`,
    );
    const found: Recipient[] = [];
    for (let start = 0; start < searches.length; start += SEARCHES_PER_STATEMENT) {
      const chunk = searches.slice(start, start + SEARCHES_PER_STATEMENT);
      const statement = matchingStatement(
        chunk.map((search) => search.filters),
        tenderId,
      );
      if (!statement) continue;
      const rows: Array<{ i: number }> = await tx.query(statement.sql, statement.params);
      for (const { i } of rows)
        found.push({ account_id: chunk[i].account_id, key: chunk[i].key, reason: chunk[i].name });
    }
    return found;
  }

  private async publicTender(tx: ProjectionTransaction, tenderId: string): Promise<TenderRow | null> {
    const [row]: TenderRow[] = await tx.query(
      `SELECT record->>'number' AS number, title, buying_unit_id FROM transparency_tenders
        WHERE tender_id = $1 AND is_public`,
      [tenderId],
    );
    return row ?? null;
  }

  private async enqueue(
    tx: ProjectionTransaction,
    event: RecordedEvent,
    row: {
      key: string;
      accountId: string;
      content: AlertContent;
      subscriptionKey: string | null;
      dueAt: string;
      immediate?: boolean;
      direct?: { email: string; language: string };
    },
  ): Promise<void> {
    const [subscriber]: Array<{ email: string; language: string; delivery: string; confirmed: boolean }> =
      await tx.query('SELECT email, language, delivery, confirmed FROM alert_subscribers WHERE account_id = $1', [
        row.accountId,
      ]);
    if (!subscriber) return;
    const daily = !row.immediate && !row.direct && subscriber.delivery === 'daily';
    const dueAt = daily
      ? nextDigestAt(new Date(row.dueAt), this.config.alerts.digestHour, this.config.alerts.digestTimeZone)
      : new Date(row.dueAt);
    // Never mail an unconfirmed address (but its confirmation): the alert is kept and listed, never sent.
    const status = row.direct || subscriber.confirmed ? 'pending' : 'unconfirmed';
    await tx.query(
      `INSERT INTO alert_outbox (alert_key, account_id, position, kind, subscription_key, email, language, delivery,
                                 content, status, due_at, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)
       ON CONFLICT (alert_key, account_id) DO NOTHING`,
      [
        row.key,
        row.accountId,
        event.globalPosition.toString(),
        row.content.kind,
        row.subscriptionKey,
        row.direct?.email ?? subscriber.email,
        row.direct?.language ?? subscriber.language,
        daily ? 'daily' : 'immediate',
        JSON.stringify(row.content),
        status,
        dueAt.toISOString(),
        event.metadata.occurredAt,
      ],
    );
  }
}

const SEARCHES_PER_STATEMENT = 100;

/**
 * One statement answering which of these searches find the procedure: a row `{ i }` per search (its index) whose
 * filters match it. A search with filters the public search refuses (a 400 range) finds nothing. Each filter's
 * placeholders are renumbered after the ones before it.
 */
export function matchingStatement(
  searches: TenderFilter[],
  tenderId: string,
): { sql: string; params: unknown[] } | null {
  const params: unknown[] = [tenderId];
  const parts: string[] = [];
  searches.forEach((filters, i) => {
    let condition: { where: string[]; params: unknown[] };
    try {
      condition = tenderFilter(filters);
    } catch {
      return;
    }
    const offset = params.length;
    params.push(...condition.params);
    const where = condition.where.map((part) => part.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`));
    parts.push(
      `SELECT ${i} AS i WHERE EXISTS (SELECT 1 FROM transparency_tenders t WHERE t.tender_id = $1 AND ${where.join(' AND ')})`,
    );
  });
  return parts.length === 0 ? null : { sql: parts.join(' UNION ALL '), params };
}
