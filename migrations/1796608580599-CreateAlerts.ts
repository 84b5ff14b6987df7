import { sqlMigration } from './sql-migration';

/**
 * Alerts (libs/alerts): the process manager's subscribers and subscriptions (its own read model, rebuilt from
 * the log), the outbox it writes one row per (event, subscriber) into, and its high-water mark, which a rebuild
 * keeps so that replaying the log never alerts twice.
 */
export const CreateAlerts1796608580599 = sqlMigration('CreateAlerts1796608580599', {
  up: [
    `CREATE TABLE alert_subscribers (
       account_id text PRIMARY KEY,
       email text NOT NULL,
       language text NOT NULL,
       delivery text NOT NULL,
       confirmed boolean NOT NULL,
       supplier_id text
     )`,
    'CREATE INDEX alert_subscribers_supplier ON alert_subscribers (supplier_id) WHERE supplier_id IS NOT NULL',
    `CREATE TABLE alert_subscriptions (
       account_id text NOT NULL,
       key text NOT NULL,
       kind text NOT NULL,
       target_id text NOT NULL,
       name text,
       filters jsonb,
       created_at timestamptz NOT NULL,
       PRIMARY KEY (account_id, key)
     )`,
    'CREATE INDEX alert_subscriptions_key ON alert_subscriptions (key)',
    `CREATE TABLE alert_outbox (
       alert_key text NOT NULL,
       account_id text NOT NULL,
       position bigint NOT NULL,
       kind text NOT NULL,
       subscription_key text,
       email text NOT NULL,
       language text NOT NULL,
       delivery text NOT NULL,
       content jsonb NOT NULL,
       status text NOT NULL,
       due_at timestamptz NOT NULL,
       attempts integer NOT NULL DEFAULT 0,
       next_attempt_at timestamptz NOT NULL,
       last_error text,
       sent_at timestamptz,
       message_id text,
       created_at timestamptz NOT NULL,
       PRIMARY KEY (alert_key, account_id)
     )`,
    `CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE status = 'pending'`,
    'CREATE INDEX alert_outbox_account ON alert_outbox (account_id, created_at DESC)',
    'CREATE TABLE alert_high_water (name text PRIMARY KEY, position bigint NOT NULL)',
  ],
  down: [
    'DROP TABLE alert_high_water',
    'DROP TABLE alert_outbox',
    'DROP TABLE alert_subscriptions',
    'DROP TABLE alert_subscribers',
  ],
});
