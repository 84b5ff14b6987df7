import { sqlMigration } from './sql-migration';

/**
 * The public read models of the annual procurement plans (libs/planning/projections/plans.projection.ts): each
 * plan's current lines, every revision with its differences, the links of lines to procedures, and the awarded
 * and contracted amounts of every lot (for "planned vs executed").
 */
export const CreatePlanningReadModels1796648439024 = sqlMigration('CreatePlanningReadModels1796648439024', {
  up: [
    `
      CREATE TABLE plans (
        buying_unit_id text NOT NULL,
        fiscal_year integer NOT NULL,
        revision integer NOT NULL,
        lines jsonb NOT NULL,
        links jsonb NOT NULL DEFAULT '{}'::jsonb,
        first_published_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (buying_unit_id, fiscal_year)
      )`,
    `
      CREATE TABLE plan_revisions (
        buying_unit_id text NOT NULL,
        fiscal_year integer NOT NULL,
        revision integer NOT NULL,
        published_at timestamptz NOT NULL,
        reason text,
        lines jsonb NOT NULL,
        changes jsonb NOT NULL,
        PRIMARY KEY (buying_unit_id, fiscal_year, revision)
      )`,
    `
      CREATE TABLE plan_links (
        buying_unit_id text NOT NULL,
        fiscal_year integer NOT NULL,
        line_id text NOT NULL,
        tender_id text NOT NULL,
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (buying_unit_id, fiscal_year, line_id)
      )`,
    'CREATE INDEX plan_links_tender ON plan_links (tender_id)',
    `
      CREATE TABLE plan_lot_amounts (
        tender_id text NOT NULL,
        lot_id text NOT NULL,
        awarded_amount bigint,
        awarded_currency text,
        contracted_amount bigint,
        contracted_currency text,
        PRIMARY KEY (tender_id, lot_id)
      )`,
  ],
  down: ['DROP TABLE plan_lot_amounts', 'DROP TABLE plan_links', 'DROP TABLE plan_revisions', 'DROP TABLE plans'],
});
