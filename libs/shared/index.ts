export * from './clock';
export * from './decider';
export * from './domain-error';
export * from './money';
