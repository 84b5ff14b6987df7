import { sqlMigration } from './sql-migration';

/**
 * Imported history in the public read models (libs/transparency/projections/historical-record.ts):
 * - `transparency_tenders.origin`: `platform` or `imported` (the `origin` search filter), and the historical
 *   party ids an imported record names, to find the records a registrar's review of a party re-derives;
 * - `transparency_party_links`: each reviewed historical party and the register id it was linked to (`NULL`:
 *   confirmed as not in the register);
 * - `transparency_historical_units`: buying units known only from imported records (never in the register), by
 *   historical party id, with the source's name and unit key (names in lists, search by the unit's words);
 * - `transparency_suppliers.registered_at` may be `NULL`: a supplier known only from imported records (under
 *   its historical party id) never entered the register.
 */
export const ShowImportedHistoryInTransparency1796619279057 = sqlMigration(
  'ShowImportedHistoryInTransparency1796619279057',
  {
    up: [
      `ALTER TABLE transparency_tenders ADD COLUMN origin text NOT NULL DEFAULT 'platform', ADD COLUMN historical_party_ids text[]`,
      'CREATE INDEX transparency_tenders_historical_parties ON transparency_tenders USING gin (historical_party_ids) WHERE historical_party_ids IS NOT NULL',
      'CREATE TABLE transparency_party_links (party_id text PRIMARY KEY, registered_id text)',
      'ALTER TABLE transparency_suppliers ALTER COLUMN registered_at DROP NOT NULL',
      `CREATE TABLE transparency_historical_units (
         party_id text PRIMARY KEY, name text NOT NULL, code text, search_text text NOT NULL DEFAULT ''
       )`,
      'CREATE INDEX transparency_historical_units_words ON transparency_historical_units USING gin (search_text gin_trgm_ops)',
    ],
    down: [
      'DROP TABLE transparency_historical_units',
      'DELETE FROM transparency_suppliers WHERE registered_at IS NULL',
      'ALTER TABLE transparency_suppliers ALTER COLUMN registered_at SET NOT NULL',
      'DROP TABLE transparency_party_links',
      'DROP INDEX IF EXISTS transparency_tenders_historical_parties',
      'ALTER TABLE transparency_tenders DROP COLUMN origin, DROP COLUMN historical_party_ids',
    ],
  },
);
