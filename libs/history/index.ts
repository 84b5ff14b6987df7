export * from './domain/history.events';
