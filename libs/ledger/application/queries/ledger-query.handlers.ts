import { answeredBy } from '@licita/platform';
import { LedgerQueries } from '../ledger-queries';
import * as asked from './ledger.queries';

/** One handler per public ledger query, each answered by the ledger's reader. */
export const LEDGER_QUERY_HANDLERS = [
  answeredBy(asked.LedgerSigningKey, LedgerQueries, (ledger) => ledger.publicKey()),
  answeredBy(asked.LedgerCheckpointPage, LedgerQueries, (ledger, { after, limit }) => ledger.checkpoints(after, limit)),
  answeredBy(asked.LedgerInclusionProof, LedgerQueries, (ledger, { position, treeSize }) =>
    ledger.inclusionProof(position, treeSize),
  ),
  answeredBy(asked.LedgerConsistencyProof, LedgerQueries, (ledger, { from, to }) => ledger.consistencyProof(from, to)),
  answeredBy(asked.LedgerExport, LedgerQueries, (ledger, { after, limit }) => ledger.export(after, limit)),
  answeredBy(asked.LedgerStreamEntries, LedgerQueries, (ledger, { streamId }) => ledger.streamEntries(streamId)),
];
