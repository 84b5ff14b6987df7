import { sqlMigration } from './sql-migration';

/**
 * The OCDS projection's state of each process is read and written whole by the projection alone, and rewritten
 * with every batch its tender has events in: `json` (checked, kept as written) instead of `jsonb` (parsed into
 * its binary form on each write, printed back on each read) takes that work off the database.
 */
export const StoreOcdsProcessStateAsJson1763856670000 = sqlMigration('StoreOcdsProcessStateAsJson1763856670000', {
  up: ['ALTER TABLE ocds_processes ALTER COLUMN state TYPE json USING state::json'],

  down: ['ALTER TABLE ocds_processes ALTER COLUMN state TYPE jsonb USING state::jsonb'],
});
