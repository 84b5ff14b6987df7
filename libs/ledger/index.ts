/** The ledger context: the verifiable log of events and reading any stream as it stood at an instant. */
export { foldAsOf, parseAsOf } from './domain/time-travel';
