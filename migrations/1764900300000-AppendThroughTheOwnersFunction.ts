import type { MigrationInterface, QueryRunner } from 'typeorm';
import { installPostgresEventStoreSchema } from '@licita/event-store';

/**
 * `es_append` becomes SECURITY DEFINER with a pinned search path, so the application role, which may only read
 * `es_events` and `es_streams`, appends through it and can change no event (libs/platform/database-roles.ts).
 * The owner's grants to the application role are set after every migration run (`handOverToApplication`).
 */
export class AppendThroughTheOwnersFunction1764900300000 implements MigrationInterface {
  name = 'AppendThroughTheOwnersFunction1764900300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await installPostgresEventStoreSchema(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER FUNCTION es_append(text, bigint, uuid[], text[], jsonb[], jsonb[]) SECURITY INVOKER RESET search_path',
    );
  }
}
