import { createTestDatabase } from '../../../test/support/test-database';
import { runEventStoreConformance } from '../conformance/event-store.conformance';
import { PostgresEventStore } from './postgres-event-store';

runEventStoreConformance('PostgreSQL', async () => {
  const database = await createTestDatabase('es');
  const store = await PostgresEventStore.create({ connectionString: database.url });
  return {
    store,
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
});
