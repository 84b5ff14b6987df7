import { sqlMigration } from './sql-migration';

/**
 * The due dates of contract execution (libs/execution/projections/execution-terms.projection.ts): one row per
 * scheduled delivery and per invoice, with its due date and when it was met. The flags (late or missing delivery,
 * late payment) are computed from these rows at the time of asking, so a due date that passes with no event
 * raises its flag without anyone writing one.
 */
export const CreateContractExecutionTerms1796659214279 = sqlMigration('CreateContractExecutionTerms1796659214279', {
  up: [
    `
      CREATE TABLE contract_execution_terms (
        contract_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('delivery', 'invoice')),
        term_id text NOT NULL,
        label text NOT NULL,
        unit text,
        quantity numeric NOT NULL,
        done numeric NOT NULL DEFAULT 0,
        currency text,
        status text NOT NULL,
        started_at timestamptz,
        due_date date,
        completed_at timestamptz,
        revision bigint NOT NULL,
        PRIMARY KEY (contract_id, kind, term_id)
      )`,
    'CREATE INDEX contract_execution_terms_due ON contract_execution_terms (due_date) WHERE due_date IS NOT NULL',
  ],
  down: ['DROP TABLE contract_execution_terms'],
});
