import { sqlMigration } from './sql-migration';

/**
 * The indexes a projection's rebuild left out, to be built again when it has replayed the log
 * (libs/projections/deferred-indexes.ts). Written in the rebuild's first transaction, emptied in the one that
 * builds them, so a rebuild interrupted half-way still gets its indexes back.
 */
export const CreateProjectionDeferredIndexes1763856700000 = sqlMigration(
  'CreateProjectionDeferredIndexes1763856700000',
  {
    up: [
      `
      CREATE TABLE projection_deferred_indexes (
        projection text NOT NULL,
        index_name text NOT NULL,
        definition text NOT NULL,
        PRIMARY KEY (projection, index_name)
      )`,
      `COMMENT ON COLUMN projection_deferred_indexes.definition IS 'CREATE INDEX statement, from pg_get_indexdef'`,
    ],

    down: ['DROP TABLE projection_deferred_indexes'],
  },
);
