export * from './command-executor';
export * from './create-event-store';
export * from './event-store.errors';
export * from './event-store.port';
export { installPostgresEventStoreSchema } from './postgres/postgres-event-store';
export { DROP_EVENT_STORE_SCHEMA_SQL } from './postgres/postgres-event-store.schema';
