import { sqlMigration } from './sql-migration';

/**
 * Every level of government (issue #22): the organisations of the tree (federal entities, states and
 * municipalities by INEGI key) and the organisation of each buying unit (`null` for units registered before
 * the tree); the level of government CompraNet states for a unit known only from imported records. The
 * `buying-units` and `transparency` projections fill them when they rebuild (versions 3 and 10).
 */
export const CreateGovernmentTree1796659142100 = sqlMigration('CreateGovernmentTree1796659142100', {
  up: [
    `CREATE TABLE organisations (
       organisation_id text PRIMARY KEY,
       level text NOT NULL,
       name text NOT NULL,
       state_code text,
       municipality_code text,
       parent_id text,
       reason text NOT NULL,
       registered_at timestamptz NOT NULL
     )`,
    'CREATE INDEX organisations_place ON organisations (level, state_code, municipality_code)',
    'CREATE INDEX organisations_parent ON organisations (parent_id)',
    'ALTER TABLE buying_units ADD COLUMN organisation_id text',
    'CREATE INDEX buying_units_organisation ON buying_units (organisation_id)',
    'CREATE INDEX buying_units_level_place ON buying_units (level, state_code, municipality_code)',
    'ALTER TABLE transparency_historical_units ADD COLUMN level text',
  ],
  down: [
    'ALTER TABLE transparency_historical_units DROP COLUMN level',
    'DROP INDEX IF EXISTS buying_units_level_place',
    'DROP INDEX IF EXISTS buying_units_organisation',
    'ALTER TABLE buying_units DROP COLUMN organisation_id',
    'DROP TABLE organisations',
  ],
});
