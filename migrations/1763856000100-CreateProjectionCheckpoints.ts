import { sqlMigration } from './sql-migration';

/** Where each asynchronous projection records how far it has applied the event log (see libs/projections). */
export const CreateProjectionCheckpoints1763856000100 = sqlMigration('CreateProjectionCheckpoints1763856000100', {
  up: [
    `
      CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        last_error_at timestamptz
      )`,
    `COMMENT ON COLUMN projection_checkpoints.position IS
      'Last global position applied (or scanned past with nothing to apply); written in the same transaction as the read model'`,
  ],

  down: ['DROP TABLE projection_checkpoints'],
});
