/**
 * The event store: the port every write side and projection uses (append with an expected revision, read a
 * stream, read and subscribe to the global log), its PostgreSQL and EventStoreDB adapters, the command executor
 * (load, decide, append), the schema versions and upcasters of events, and the Nest module providing them.
 */
export * from './command-executor';
export * from './create-event-store';
export * from './event-store.errors';
export * from './event-store.port';
export { claim } from './claim';
export { EventStoreModule } from './event-store.module';
export { registerUpcasters, UpcasterRegistry, upcasters, SCHEMA_VERSION_KEY, type Upcaster } from './upcasting';
export { isConnectionError } from './postgres/connection-errors';
export { PostgresEventStore, installPostgresEventStoreSchema } from './postgres/postgres-event-store';
export { APPEND_NOTIFY_CHANNEL, EVENT_STORE_SCHEMA_SQL } from './postgres/postgres-event-store.schema';
// The EventStoreDB adapter loads a gRPC client: reach it through `createEventStore({ kind: 'eventstoredb' })`.
export type { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
export { claimReservation, createReserved, releaseReservation } from './reservation-claim';
export { isEventOf } from './is-event-of';
export { DROP_EVENT_STORE_SCHEMA_SQL } from './postgres/postgres-event-store.schema';
