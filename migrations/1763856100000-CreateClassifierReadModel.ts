import { sqlMigration } from './sql-migration';

/**
 * One row per (code or ancestor, kind of use, subject): distinct counts are row counts. Replaced by deltas in
 * CountClassifierUsageByDeltas, whose `down` creates it again.
 */
export const CREATE_CLASSIFIER_USAGE = [
  `
      CREATE TABLE classifier_usage (
        scheme text NOT NULL,
        code text NOT NULL,
        kind text NOT NULL,
        subject_id text NOT NULL,
        amount bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (scheme, code, kind, subject_id)
      )`,
  'CREATE INDEX classifier_usage_subject ON classifier_usage (kind, subject_id)',
];

/**
 * Text search matches words anywhere in the descriptions (`LIKE '%word%'`); a trigram index makes that an
 * index scan. pg_trgm ships with PostgreSQL (and the embedded server) but a managed server may refuse it:
 * then search scans the table, which for tens of thousands of codes still takes milliseconds.
 */
const CREATE_TRIGRAM_INDEX_IF_POSSIBLE = `
    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX classifier_codes_search ON classifier_codes USING gin (search_text gin_trgm_ops);
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'pg_trgm not installed (%): classifier search scans the table', SQLERRM;
    END
    $$`;

/** The classifier projection's tables (libs/classifier/projections/classifier.projection.ts). */
export const CreateClassifierReadModel1763856100000 = sqlMigration('CreateClassifierReadModel1763856100000', {
  up: [
    `
      CREATE TABLE classifier_versions (
        scheme text NOT NULL,
        version text NOT NULL,
        status text NOT NULL CHECK (status IN ('importing', 'completed')),
        code_count integer NOT NULL,
        content_hash text NOT NULL,
        source text NOT NULL,
        started_at timestamptz NOT NULL,
        completed_at timestamptz,
        PRIMARY KEY (scheme, version)
      )`,
    // A version's codes wait here until its import completes, then move to classifier_codes in one step.
    `
      CREATE TABLE classifier_import_codes (
        scheme text NOT NULL,
        version text NOT NULL,
        code text NOT NULL,
        parent text,
        level text NOT NULL,
        category text NOT NULL,
        description_es text,
        description_en text,
        search_text text NOT NULL,
        PRIMARY KEY (scheme, version, code)
      )`,
    'CREATE INDEX classifier_import_codes_parent ON classifier_import_codes (scheme, version, parent)',
    `
      CREATE TABLE classifier_codes (
        scheme text NOT NULL,
        code text NOT NULL,
        version text NOT NULL,
        parent text,
        ancestors text[] NOT NULL,
        depth smallint NOT NULL,
        level text NOT NULL,
        category text NOT NULL CHECK (category IN ('goods', 'services', 'works')),
        description_es text,
        description_en text,
        search_text text NOT NULL,
        retired boolean NOT NULL DEFAULT false,
        tenders_count integer NOT NULL DEFAULT 0,
        items_count integer NOT NULL DEFAULT 0,
        estimated_amount bigint NOT NULL DEFAULT 0,
        awarded_amount bigint NOT NULL DEFAULT 0,
        suppliers_awarded integer NOT NULL DEFAULT 0,
        suppliers_registered integer NOT NULL DEFAULT 0,
        PRIMARY KEY (scheme, code)
      )`,
    `COMMENT ON COLUMN classifier_codes.ancestors IS 'Codes from the top level down to the parent'`,
    `COMMENT ON COLUMN classifier_codes.retired IS 'Not in the latest completed version of its scheme'`,
    `COMMENT ON COLUMN classifier_codes.estimated_amount IS 'MXN centavos, over the code and its descendants'`,
    'CREATE INDEX classifier_codes_code ON classifier_codes (code text_pattern_ops)',
    'CREATE INDEX classifier_codes_listing ON classifier_codes (depth, scheme, code)',
    'CREATE INDEX classifier_codes_parent ON classifier_codes (scheme, parent)',
    CREATE_TRIGRAM_INDEX_IF_POSSIBLE,
    ...CREATE_CLASSIFIER_USAGE,
  ],
  down: ['DROP TABLE classifier_usage, classifier_codes, classifier_import_codes, classifier_versions'],
});
