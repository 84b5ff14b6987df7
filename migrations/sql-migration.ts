import type { MigrationInterface } from 'typeorm';
import { runs } from './runs';

/**
 * A migration that is plain SQL: `up` and `down` statements, each run in order as one query. `name` must end in
 * the migration's timestamp (TypeORM orders and records migrations by it).
 */
export function sqlMigration(name: string, steps: { up: string[]; down: string[] }): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;
    up = runs(...steps.up);
    down = runs(...steps.down);
  };
}
