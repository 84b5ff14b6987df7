import { Client } from 'pg';
import type { EmbeddedDatabase } from '../../libs/platform/embedded-postgres';
import { MIGRATED_TEMPLATE } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { __licitaTestDatabase__?: EmbeddedDatabase }).__licitaTestDatabase__;
  if (database) return database.stop();
  // A server of its own (TEST_DATABASE_URL): the run's migrated template is not left behind in it.
  const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${MIGRATED_TEMPLATE()}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
