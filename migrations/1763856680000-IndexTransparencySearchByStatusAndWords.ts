import { sqlMigration } from './sql-migration';

/**
 * Two searches of the public list read most of `transparency_tenders` over 200,000 tenders
 * (EXPLAIN ANALYZE in bench/results/queries.json):
 * - a status filter walked the publication index from the newest, throwing away every tender in another status
 *   (`status=completed&procedureType=public_national`: 18,681 buffers, 37 ms, as the newest are still running;
 *   `status=active.tendering&sort=deadline`: 43,595 rows thrown away, 534 ms). Per status, newest first, it is a
 *   few rows; with another sort, the status's rows sorted.
 * - words (`q`) were a sequential scan of every title and description (`q=tomografo`: 391 ms). A trigram index
 *   finds the rows holding a word anywhere in `search_text` (accents and case already folded), as LIKE '%word%' does.
 */
export const IndexTransparencySearchByStatusAndWords1763856680000 = sqlMigration(
  'IndexTransparencySearchByStatusAndWords1763856680000',
  {
    up: [
      'CREATE EXTENSION IF NOT EXISTS pg_trgm',
      'CREATE INDEX transparency_tenders_status ON transparency_tenders (status, published_at, tender_id) WHERE is_public',
      'CREATE INDEX transparency_tenders_words ON transparency_tenders USING gin (search_text gin_trgm_ops)',
    ],

    down: ['DROP INDEX IF EXISTS transparency_tenders_words', 'DROP INDEX IF EXISTS transparency_tenders_status'],
  },
);
