import { CREATE_CLASSIFIER_USAGE } from './1763856100000-CreateClassifierReadModel';
import { sqlMigration } from './sql-migration';

/**
 * The classifier's usage columns are moved by deltas (libs/classifier/projections/classifier-usage.ts) instead
 * of being derived from a row per (code or ancestor, kind, subject): that table held two million rows for a
 * million events and writing it was most of a rebuild. What the deltas need instead: the codes each supplier
 * registered, and per (code, supplier) how many tenders award the supplier something at or below the code.
 * The projection's version goes up with this, so its read model is rebuilt from zero.
 */
export const CountClassifierUsageByDeltas1763856650000 = sqlMigration('CountClassifierUsageByDeltas1763856650000', {
  up: [
    'DROP TABLE classifier_usage',
    'ALTER TABLE classifier_tenders DROP COLUMN supplier_ids',
    `
      CREATE TABLE classifier_suppliers (
        supplier_id text PRIMARY KEY,
        codes text[] NOT NULL
      )`,
    `COMMENT ON TABLE classifier_suppliers IS 'The codes each supplier of the register offers, as it registered them'`,
    `
      CREATE TABLE classifier_supplier_awards (
        scheme text NOT NULL,
        code text NOT NULL,
        supplier_id text NOT NULL,
        uses integer NOT NULL,
        PRIMARY KEY (scheme, code, supplier_id)
      )`,
    `COMMENT ON COLUMN classifier_supplier_awards.uses IS 'Public tenders with a standing award of the supplier for an item at or below the code'`,
  ],
  down: [
    'DROP TABLE classifier_supplier_awards, classifier_suppliers',
    `ALTER TABLE classifier_tenders ADD COLUMN supplier_ids text[] NOT NULL DEFAULT '{}'`,
    'CREATE INDEX classifier_tenders_suppliers ON classifier_tenders USING gin (supplier_ids)',
    ...CREATE_CLASSIFIER_USAGE,
  ],
});
