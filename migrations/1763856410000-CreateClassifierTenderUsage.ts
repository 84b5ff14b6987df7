import { sqlMigration } from './sql-migration';

/**
 * What the classifier projection remembers of each tender to keep its usage counts (tenders, items,
 * estimated and awarded amounts, suppliers awarded) right as tenders are amended, awarded, revised and
 * cancelled: libs/classifier/projections/tender-usage.ts.
 */
export const CreateClassifierTenderUsage1763856410000 = sqlMigration('CreateClassifierTenderUsage1763856410000', {
  up: [
    `
      CREATE TABLE classifier_tenders (
        tender_id text PRIMARY KEY,
        is_public boolean NOT NULL,
        currency text NOT NULL,
        items jsonb NOT NULL,
        awards jsonb NOT NULL,
        supplier_ids text[] NOT NULL
      )`,
    `COMMENT ON COLUMN classifier_tenders.items IS 'Every item: lotId, itemId, code, amount (its estimated value in centavos)'`,
    `COMMENT ON COLUMN classifier_tenders.awards IS 'The standing award of each awarded lot: lotId, supplierId, amount'`,
    'CREATE INDEX classifier_tenders_suppliers ON classifier_tenders USING gin (supplier_ids)',
  ],

  down: ['DROP TABLE classifier_tenders'],
});
