import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Socket.IO's PostgreSQL adapter keeps broadcasts too large for NOTIFY here (see libs/platform/postgres-io.adapter.ts). */
export class CreateSocketIoAttachments1763856000200 implements MigrationInterface {
  name = 'CreateSocketIoAttachments1763856000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE socket_io_attachments (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE socket_io_attachments');
  }
}
