export * from './domain/history.events';
export * from './domain/history-import.events';
export { normalizePartyName } from './domain/party-names';
export { uuidV5 } from './domain/uuid-v5';
export type { SourceFile, SourceParty, SourceReader, SourceRecord } from './application/source-record';
export { PartyRegister, type PartyMatch } from './application/party-register';
export {
  contractIdOf,
  countOutcomes,
  importIdOf,
  partyIdOf,
  procedureIdOf,
  runImport,
  type ImportOutcome,
  type ImportRequest,
} from './application/import-runner';
export { COMPRANET_COLUMNS, readCompranetCsv } from './sources/compranet-source';
export { SOURCE_READERS } from './sources/index';
export { importReportCsv, importRowOutcomes, listImportRuns, type ImportRunView } from './application/import-report';
export { HistoryModule } from './history.module';
export { HistoryDesk } from './application/history-reader';
export { historicalParties, type HistoricalPartyView } from './application/history-queries';
export {
  historicalPartyDecider,
  type HistoricalPartyState,
  type ReviewHistoricalParty as ReviewHistoricalPartyCommand,
} from './domain/party-review.decider';
export {
  HistoricalPartiesToReview,
  ImportReportCsv,
  ListImportRuns,
  ReviewHistoricalParty,
} from './application/history.cqrs';
