export * from './clock';
export * from './decider';
export * from './domain-error';
export * from './money';
export { canonicalJson, type CanonicalJsonOptions } from './canonical-json';
export { searchText, searchWords, wordSearch, type SearchMode } from './search-text';
