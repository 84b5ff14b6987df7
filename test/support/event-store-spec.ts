import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@licita/event-store';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * A throw-away database with a PostgreSQL event store for the specs of one file: created before them, dropped
 * after. `const db = useEventStore('identity')`, then `db.store` from a `beforeAll` declared after it.
 */
export function useEventStore(prefix: string): { database: TestDatabase; store: PostgresEventStore } {
  const handle = {} as { database: TestDatabase; store: PostgresEventStore };
  beforeAll(async () => {
    handle.database = await createTestDatabase(prefix);
    handle.store = await PostgresEventStore.create({ connectionString: handle.database.url });
  });
  afterAll(async () => {
    await handle.store.close();
    await handle.database.drop();
  });
  return handle;
}

/** The CommandContext of a spec: `actor` at `now`, a fresh correlation id, and whatever `extra` sets. */
export const contextOf =
  (actor: string, now: Date) =>
  (extra: Partial<CommandContext> = {}): CommandContext => ({ actor, correlationId: randomUUID(), now, ...extra });
