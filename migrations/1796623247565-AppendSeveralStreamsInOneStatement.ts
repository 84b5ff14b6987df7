import type { MigrationInterface, QueryRunner } from 'typeorm';
import { installPostgresEventStoreSchema } from '@licita/event-store';

/**
 * `es_append_batch`: several streams' appends in one set-based call (SECURITY DEFINER like `es_append`), which
 * the historical import uses for its batches (libs/event-store/postgres/postgres-event-store.schema.ts). Installs
 * the event store's schema again, which adds the function; the store does the same at start-up when it may.
 */
export class AppendSeveralStreamsInOneStatement1796623247565 implements MigrationInterface {
  name = 'AppendSeveralStreamsInOneStatement1796623247565';

  async up(queryRunner: QueryRunner): Promise<void> {
    await installPostgresEventStoreSchema(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP FUNCTION IF EXISTS es_append_batch(text[], bigint[], int[], uuid[], text[], jsonb, jsonb)',
    );
  }
}
