import type { MigrationInterface, QueryRunner } from 'typeorm';
import { installPostgresEventStoreSchema } from '@licita/event-store';

/**
 * `es_append` takes the shared advisory lock "an append in flight" before its first position instead of a
 * transaction id, so the safe frontier waits only for appends, not for every transaction in the cluster
 * (libs/event-store/postgres/safe-frontier.ts). Replaces the function; the store does the same at start-up.
 * Migrate before starting the new version: an old `es_append` would be invisible to the new readers.
 */
export class GateTheFrontierOnAppendsOnly1763856720000 implements MigrationInterface {
  name = 'GateTheFrontierOnAppendsOnly1763856720000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await installPostgresEventStoreSchema(queryRunner);
  }

  async down(): Promise<void> {
    // The new function is a correct append for the old readers too (it still runs in one transaction).
  }
}
