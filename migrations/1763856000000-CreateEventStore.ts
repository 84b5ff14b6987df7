import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DROP_EVENT_STORE_SCHEMA_SQL, installPostgresEventStoreSchema } from '@licita/event-store';

/** The PostgreSQL event store's tables and append function (also installed by the store itself when missing). */
export class CreateEventStore1763856000000 implements MigrationInterface {
  name = 'CreateEventStore1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await installPostgresEventStoreSchema(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DROP_EVENT_STORE_SCHEMA_SQL);
  }
}
