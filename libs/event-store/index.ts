export * from './command-executor';
export * from './create-event-store';
export * from './event-store.errors';
export * from './event-store.port';
export { isEventOf } from './is-event-of';
