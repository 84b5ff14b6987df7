import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../libs/platform/embedded-postgres';

/**
 * One throw-away PostgreSQL cluster for the whole run; every test file makes its own database in it
 * (see `createTestDatabase`). `TEST_DATABASE_URL` points the suite at an existing server instead.
 */
export default async function globalSetup(): Promise<void> {
  // One id per run: test/reliability/processes.ts builds the API once per run and shares it between test files.
  process.env.LICITA_TEST_RUN ??= randomUUID();
  if (process.env.TEST_DATABASE_URL) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'licita-test-'));
  const database = await startEmbeddedPostgres({ dataDir, persistent: false, durable: false, maxConnections: 400 });
  process.env.TEST_DATABASE_URL = database.url;
  (globalThis as { __licitaTestDatabase__?: unknown }).__licitaTestDatabase__ = database;
}
