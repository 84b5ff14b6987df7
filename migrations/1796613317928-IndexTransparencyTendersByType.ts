import { sqlMigration } from './sql-migration';

/**
 * A search by procedure type alone counted its total by reading the table until 10,001 matches (an invitation is
 * one procedure in ten: 225 ms at p95 over 200,000, bench/results/search.json); per type, newest first, the count
 * and the page are an index range.
 */
export const IndexTransparencyTendersByType1796613317928 = sqlMigration('IndexTransparencyTendersByType1796613317928', {
  up: [
    'CREATE INDEX transparency_tenders_type ON transparency_tenders (procedure_type, published_at, tender_id) WHERE is_public',
  ],
  down: ['DROP INDEX IF EXISTS transparency_tenders_type'],
});
