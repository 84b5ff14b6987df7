import type { MigrationInterface } from 'typeorm';
import { runs } from './runs';

/** The public list of buying units (libs/buying-units/projections/buying-units.projection.ts). */
export class CreateBuyingUnitsReadModel1763856220000 implements MigrationInterface {
  name = 'CreateBuyingUnitsReadModel1763856220000';

  up = runs(
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
  );

  down = runs('DROP TABLE buying_units');
}
