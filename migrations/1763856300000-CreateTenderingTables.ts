import { sqlMigration } from './sql-migration';

/**
 * Tendering: the key store of sealed proposals (`tender_keys`, libs/tendering/application/tender-keys.ts) and
 * the parties' view of each tender (`tender_views`, libs/tendering/projections/tender-views.projection.ts).
 */
export const CreateTenderingTables1763856300000 = sqlMigration('CreateTenderingTables1763856300000', {
  up: [
    `
      CREATE TABLE tender_keys (
        tender_key_id text PRIMARY KEY,
        tender_id text NOT NULL UNIQUE,
        wrapped_key text NOT NULL,
        iv text NOT NULL,
        auth_tag text NOT NULL,
        master_key_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `COMMENT ON TABLE tender_keys IS
      'One AES-256-GCM data key per tender, sealing its proposals; stored wrapped (encrypted) under LICITA_MASTER_KEY, never in clear and never in an event'`,
    `COMMENT ON COLUMN tender_keys.master_key_id IS
      'First 16 hex digits of the SHA-256 of the master key that wrapped it, to tell which key a row needs'`,
    `
      CREATE TABLE tender_views (
        tender_id text PRIMARY KEY,
        buying_unit_id text NOT NULL,
        status text NOT NULL,
        procedure_type text NOT NULL,
        view jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
    'CREATE INDEX tender_views_unit ON tender_views (buying_unit_id, status)',
    `COMMENT ON COLUMN tender_views.view IS
      'What the parties and the public may read: no askers of questions, and before the opening act no bidders, amounts or documents'`,
  ],

  down: ['DROP TABLE tender_views', 'DROP TABLE tender_keys'],
});
