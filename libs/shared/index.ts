/**
 * What every context shares and nothing else owns: the decider's shape, the clock, domain errors, money, the
 * search-text normalisation, the fiscal year, and the catalogue of problem codes (readable by the web front end too). Imports
 * nothing of the other libraries.
 */
export * from './clock';
export * from './decider';
export * from './domain-error';
export * from './money';
export * from './search-text';
export * from './problems/catalogue';
export * from './problems/problem-messages';
export * from './reservation';
export { canonicalJson, type CanonicalJsonOptions } from './canonical-json';
export { searchText, searchWords, wordSearch, type SearchMode } from './search-text';
export { advisoryLockKey } from './advisory-lock-key';
export { ID_PATTERN, isWellFormedId } from './ids';
export { camelCased, type CamelCase } from './camel-cased';
export { fiscalYearOf } from './fiscal-year';
