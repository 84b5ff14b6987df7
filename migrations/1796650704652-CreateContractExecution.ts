import { sqlMigration } from './sql-migration';

/**
 * The public read model of contract execution (libs/execution/projections/contract-execution.projection.ts): the
 * execution events of each contract as the public may see them (an invoice's CFDI XML left out), folded on read.
 */
export const CreateContractExecution1796650704652 = sqlMigration('CreateContractExecution1796650704652', {
  up: [
    `
      CREATE TABLE contract_execution_events (
        contract_id text NOT NULL,
        stream_revision bigint NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (contract_id, stream_revision)
      )`,
  ],
  down: ['DROP TABLE contract_execution_events'],
});
