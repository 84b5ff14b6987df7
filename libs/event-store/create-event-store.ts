import type { EventStore } from './event-store.port';

export type EventStoreConfig =
  | { kind: 'postgres'; connectionString: string; poolSize?: number }
  | { kind: 'eventstoredb'; connectionString: string };

/** The adapter the configuration names (`EVENT_STORE=postgres|eventstoredb`); the rest of the code sees the port. */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  if (config.kind === 'eventstoredb') {
    // Loaded only when chosen: the gRPC client is heavy and unused in the embedded default.
    const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb-event-store');
    return EventStoreDbEventStore.connect(config.connectionString);
  }
  const { PostgresEventStore } = await import('./postgres/postgres-event-store');
  return PostgresEventStore.create({ connectionString: config.connectionString, poolSize: config.poolSize });
}
