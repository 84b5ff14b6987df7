export * from './clock';
export * from './decider';
export * from './domain-error';
export * from './money';
export * from './reservation';
export * from './search-text';
