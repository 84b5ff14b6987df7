/**
 * The ledger context: the public, tamper-evident copy of the event log. The sealer chains every event's public
 * form into a Merkle tree, checkpoints are signed with LICITA_LEDGER_KEY, and the queries serve the key,
 * checkpoints, inclusion and consistency proofs and the export. The verification half is pure and needs no
 * database (`npm run ledger:verify`); time travel (`asOf`) is pure too. Depends on nothing after it.
 */
export { LedgerModule } from './ledger.module';
export { LedgerCheckpoints } from './application/ledger-checkpoints';
export {
  LedgerSigningKey,
  LedgerCheckpointPage,
  LedgerInclusionProof,
  LedgerConsistencyProof,
  LedgerExport,
  LedgerStreamEntries,
} from './application/queries/ledger.queries';
export type {
  CheckpointPage,
  CheckpointedConsistencyProof,
  ExportPage,
  InclusionProof,
  StreamEntries,
} from './application/ledger-queries';
export type { PublishedKey } from './application/ledger-key';
export { eventsAsOf, foldAsOf, parseAsOf, type TimedEvent } from './domain/time-travel';
export type { Checkpoint } from './verification/checkpoint';
export { merkleLeafHash, verifyConsistency, verifyInclusion } from './verification/merkle';
export { loadBundle } from './verification/load-bundle';
export { verifyBundle, type ExportedEntry, type LedgerBundle } from './verification/verify-bundle';
