import type { MigrationInterface } from 'typeorm';
import { runs } from './runs';

/** Socket.IO's PostgreSQL adapter keeps broadcasts too large for NOTIFY here (see libs/platform/postgres-io.adapter.ts). */
export class CreateSocketIoAttachments1763856000200 implements MigrationInterface {
  name = 'CreateSocketIoAttachments1763856000200';

  up = runs(
    `
      CREATE TABLE socket_io_attachments (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      )`,
  );

  down = runs('DROP TABLE socket_io_attachments');
}
