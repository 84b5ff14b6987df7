import { sqlMigration } from './sql-migration';

/**
 * The search filters of issue #19 kept indexable over 200,000 procedures (plans in bench/results/search-plans.txt):
 * - `number`: the procedure number upper-cased in its own column, exact or prefix (`LIKE 'LA-012%'`);
 * - `supplier_ids`: the suppliers a search by supplier finds the procedure by (awarded, contracted, the direct
 *   award's, and the bidders from the opening act on), an array read through a GIN index;
 * - `transparency_suppliers.search_text`: a supplier's name and RFC, accents and case folded, under a trigram
 *   index (a name's words find its ids first, then the procedures);
 * - the awarded amount range, and the place of a buying unit (`buying_units.state_code`, `municipality_code`,
 *   INEGI keys): the search reads the units of a state first (a few hundred), then their procedures by unit.
 * The projections fill the new columns when they rebuild (their versions moved).
 */
export const IndexTransparencySearchFilters1796608516831 = sqlMigration('IndexTransparencySearchFilters1796608516831', {
  up: [
    'ALTER TABLE transparency_tenders ADD COLUMN number text, ADD COLUMN supplier_ids text[] NOT NULL DEFAULT ARRAY[]::text[]',
    'CREATE INDEX transparency_tenders_number ON transparency_tenders (number text_pattern_ops) WHERE is_public',
    'CREATE INDEX transparency_tenders_suppliers ON transparency_tenders USING gin (supplier_ids)',
    'CREATE INDEX transparency_tenders_awarded ON transparency_tenders (awarded_amount, tender_id) WHERE is_public',
    'CREATE INDEX transparency_tenders_unit_published ON transparency_tenders (buying_unit_id, published_at, tender_id) WHERE is_public',
    "ALTER TABLE transparency_suppliers ADD COLUMN search_text text NOT NULL DEFAULT ''",
    'CREATE INDEX transparency_suppliers_words ON transparency_suppliers USING gin (search_text gin_trgm_ops)',
    'ALTER TABLE buying_units ADD COLUMN state_code text, ADD COLUMN municipality_code text',
    'CREATE INDEX buying_units_place ON buying_units (state_code, municipality_code)',
  ],
  down: [
    'DROP INDEX IF EXISTS buying_units_place',
    'ALTER TABLE buying_units DROP COLUMN state_code, DROP COLUMN municipality_code',
    'DROP INDEX IF EXISTS transparency_suppliers_words',
    'ALTER TABLE transparency_suppliers DROP COLUMN search_text',
    'DROP INDEX IF EXISTS transparency_tenders_unit_published',
    'DROP INDEX IF EXISTS transparency_tenders_awarded',
    'DROP INDEX IF EXISTS transparency_tenders_suppliers',
    'DROP INDEX IF EXISTS transparency_tenders_number',
    'ALTER TABLE transparency_tenders DROP COLUMN number, DROP COLUMN supplier_ids',
  ],
});
