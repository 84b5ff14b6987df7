import type { MigrationInterface, QueryRunner } from 'typeorm';
import { installPostgresEventStoreSchema } from '@licita/event-store';

/**
 * The event store's guarantees, cheaper (issue #23): `es_append` checks and moves the expected revision in one
 * UPDATE, and the idempotent-id index keys a stream by its 64-bit hash instead of its name (32 bytes an entry
 * instead of ~72; the constraint UNIQUE (stream_id, event_id) is replaced by the index of the same name). Installs
 * the event store's schema again as the owner (the application role may not); the store does the same at start-up
 * when it may. Rebuilding the index reads the whole log once.
 */
export class CheaperAppendGuarantees1796671510923 implements MigrationInterface {
  name = 'CheaperAppendGuarantees1796671510923';

  async up(queryRunner: QueryRunner): Promise<void> {
    await installPostgresEventStoreSchema(queryRunner);
  }

  /** The wider constraint again; `es_append` keeps its one-statement check, which behaves the same. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS es_events_stream_event_id_key');
    await queryRunner.query(
      'ALTER TABLE es_events ADD CONSTRAINT es_events_stream_event_id_key UNIQUE (stream_id, event_id)',
    );
  }
}
