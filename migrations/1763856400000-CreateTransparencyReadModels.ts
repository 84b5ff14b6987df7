import { sqlMigration } from './sql-migration';

/**
 * The public transparency read models, all written by the `transparency` projection
 * (libs/transparency/projections/transparency.projection.ts). Every table holds only what the law lets the
 * public see: nothing from a sealed proposal before the opening act, never who asked a question.
 */
export const CreateTransparencyReadModels1763856400000 = sqlMigration('CreateTransparencyReadModels1763856400000', {
  up: [
    // One row per tender; `record` is the public document (libs/transparency/projections/tender-record.ts).
    `
      CREATE TABLE transparency_tenders (
        tender_id text PRIMARY KEY,
        is_public boolean NOT NULL,
        change_seq bigint NOT NULL,
        changed_at timestamptz NOT NULL,
        status text NOT NULL,
        procedure_type text NOT NULL,
        category text NOT NULL,
        buying_unit_id text NOT NULL,
        title text NOT NULL,
        currency text NOT NULL,
        estimated_amount bigint NOT NULL,
        awarded_amount bigint NOT NULL,
        published_at timestamptz,
        submission_deadline timestamptz,
        proposals_count integer NOT NULL,
        bidders_count integer,
        classifier_codes text[] NOT NULL,
        red_flags text[] NOT NULL,
        search_text text NOT NULL,
        record jsonb NOT NULL
      )`,
    `COMMENT ON COLUMN transparency_tenders.change_seq IS
      'Global position of the last event that changed the tender: the change feed''s cursor (monotonic, unique)'`,
    `COMMENT ON COLUMN transparency_tenders.published_at IS 'Publication of the call; for a direct award, its award (when it became public)'`,
    `COMMENT ON COLUMN transparency_tenders.classifier_codes IS 'The items'' codes and all their ancestors'`,
    'CREATE UNIQUE INDEX transparency_tenders_feed ON transparency_tenders (change_seq) WHERE is_public',
    'CREATE INDEX transparency_tenders_published ON transparency_tenders (published_at, tender_id) WHERE is_public',
    'CREATE INDEX transparency_tenders_value ON transparency_tenders (estimated_amount, tender_id) WHERE is_public',
    `CREATE INDEX transparency_tenders_deadline ON transparency_tenders ((coalesce(submission_deadline, 'infinity'::timestamptz)), tender_id) WHERE is_public`,
    'CREATE INDEX transparency_tenders_unit ON transparency_tenders (buying_unit_id)',
    'CREATE INDEX transparency_tenders_codes ON transparency_tenders USING gin (classifier_codes)',
    'CREATE INDEX transparency_tenders_flags ON transparency_tenders USING gin (red_flags)',
    // Derived from the tender records for SQL aggregates (profiles, statistics, red flags per unit).
    `
      CREATE TABLE transparency_awards (
        tender_id text NOT NULL,
        lot_id text NOT NULL,
        supplier_id text NOT NULL,
        buying_unit_id text NOT NULL,
        procedure_type text NOT NULL,
        basis text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'revised', 'annulled', 'cancelled')),
        currency text NOT NULL,
        amount bigint NOT NULL,
        awarded_at timestamptz NOT NULL,
        PRIMARY KEY (tender_id, lot_id, supplier_id)
      )`,
    'CREATE INDEX transparency_awards_supplier ON transparency_awards (supplier_id, awarded_at DESC)',
    'CREATE INDEX transparency_awards_unit ON transparency_awards (buying_unit_id, awarded_at DESC)',
    `
      CREATE TABLE transparency_contracts (
        contract_id text PRIMARY KEY,
        tender_id text NOT NULL,
        lot_id text NOT NULL,
        supplier_id text NOT NULL,
        buying_unit_id text NOT NULL,
        procedure_type text NOT NULL,
        direct_award boolean NOT NULL,
        status text NOT NULL,
        currency text NOT NULL,
        original_amount bigint NOT NULL,
        amount bigint NOT NULL,
        signed_at timestamptz NOT NULL,
        start_date timestamptz,
        end_date timestamptz
      )`,
    'CREATE INDEX transparency_contracts_tender ON transparency_contracts (tender_id)',
    'CREATE INDEX transparency_contracts_supplier ON transparency_contracts (supplier_id, signed_at DESC)',
    'CREATE INDEX transparency_contracts_unit ON transparency_contracts (buying_unit_id, signed_at DESC)',
    `
      CREATE TABLE transparency_auctions (
        auction_id text PRIMARY KEY,
        tender_id text NOT NULL,
        lot_id text NOT NULL,
        buying_unit_id text NOT NULL,
        currency text NOT NULL,
        closed_at timestamptz,
        best_opening_price bigint,
        final_price bigint,
        savings_amount bigint,
        savings_basis_points integer
      )`,
    'CREATE INDEX transparency_auctions_tender ON transparency_auctions (tender_id)',
    `
      CREATE TABLE transparency_items (
        tender_id text NOT NULL,
        lot_id text NOT NULL,
        item_id text NOT NULL,
        code text NOT NULL,
        division text NOT NULL,
        currency text NOT NULL,
        estimated_amount bigint NOT NULL,
        awarded_amount bigint NOT NULL,
        PRIMARY KEY (tender_id, lot_id, item_id)
      )`,
    `COMMENT ON COLUMN transparency_items.division IS 'The top-level ancestor of the code (the CPV division)'`,
    `COMMENT ON COLUMN transparency_items.awarded_amount IS
      'The lot''s standing award shared among its items by their estimated value (centavos, remainder to the last item)'`,
    // What the projection needs from other contexts, kept in step with the log it reads (never another
    // projection's tables, which may be ahead or behind).
    `
      CREATE TABLE transparency_suppliers (
        supplier_id text PRIMARY KEY,
        legal_name text NOT NULL,
        rfc text NOT NULL,
        registered_at timestamptz NOT NULL
      )`,
    `
      CREATE TABLE transparency_classifier_codes (
        code text NOT NULL,
        scheme text NOT NULL,
        parent text,
        PRIMARY KEY (code, scheme)
      )`,
  ],

  down: [
    'DROP TABLE transparency_tenders, transparency_awards, transparency_contracts, transparency_auctions, transparency_items, transparency_suppliers, transparency_classifier_codes',
  ],
});
