import { sqlMigration } from './sql-migration';

/**
 * The public search filters procedures by a feature (libs/transparency/projections/record-rows.ts): a consolidated
 * purchase (`consolidated_purchase`) or one with a multi-year contract (`multi_year`), platform or imported.
 */
export const FilterProceduresByFeature1796661648423 = sqlMigration('FilterProceduresByFeature1796661648423', {
  up: [
    "ALTER TABLE transparency_tenders ADD COLUMN features text[] NOT NULL DEFAULT '{}'",
    'CREATE INDEX transparency_tenders_features ON transparency_tenders USING gin (features)',
  ],
  down: ['DROP INDEX transparency_tenders_features', 'ALTER TABLE transparency_tenders DROP COLUMN features'],
});
