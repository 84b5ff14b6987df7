import { sqlMigration } from './sql-migration';

/** The public list of buying units (libs/buying-units/projections/buying-units.projection.ts). */
export const CreateBuyingUnitsReadModel1763856220000 = sqlMigration('CreateBuyingUnitsReadModel1763856220000', {
  up: [
    `
      CREATE TABLE buying_units (
        buying_unit_id text PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        level text NOT NULL,
        parent_institution text NOT NULL,
        search_text text NOT NULL,
        registered_at timestamptz NOT NULL
      )`,
  ],

  down: ['DROP TABLE buying_units'],
});
