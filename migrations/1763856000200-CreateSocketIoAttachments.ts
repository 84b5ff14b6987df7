import { sqlMigration } from './sql-migration';

/** Socket.IO's PostgreSQL adapter keeps broadcasts too large for NOTIFY here (see libs/platform/postgres-io.adapter.ts). */
export const CreateSocketIoAttachments1763856000200 = sqlMigration('CreateSocketIoAttachments1763856000200', {
  up: [
    `
      CREATE TABLE socket_io_attachments (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      )`,
  ],

  down: ['DROP TABLE socket_io_attachments'],
});
