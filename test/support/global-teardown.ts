import type { EmbeddedDatabase } from '../../libs/platform/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { __licitaTestDatabase__?: EmbeddedDatabase }).__licitaTestDatabase__;
  await database?.stop();
}
