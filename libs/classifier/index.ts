/**
 * The classifier context: goods-and-services classifiers (CUCoP and CPV 2008 shipped, others imported) recorded
 * as events in `classifier-<scheme>-<version>` streams, their tree and usage read model, the public search, and
 * the check other contexts make before accepting a code (`UnknownClassifierCodes`, `ClassifierLookup`).
 * Upstream of suppliers and tendering: it reads their events as types only.
 */
export { ClassifierModule } from './classifier.module';
export { ClassifierLookup } from './application/classifier-lookup';
export {
  SearchClassifier,
  ClassifierCodeDetail,
  ClassifierSchemes,
  UnknownClassifierCodes,
} from './application/queries/classifier.queries';
export {
  ImportClassifierVersion,
  EnsureDefaultClassifier,
} from './application/commands/import-classifier-version.command';
export type {
  ClassifierDetail,
  ClassifierEntry,
  ClassifierPage,
  ClassifierScheme,
  ClassifierSearch,
  ClassifierUsage,
} from './application/classifier-queries';
export {
  importClassifierVersion,
  ensureDefaultClassifier,
  ensureDefaultClassifiers,
  shippedClassifier,
  type EnsureOptions,
  type ImportOptions,
  type ImportOutcome,
} from './application/classifier-importer';
export {
  readClassifierFile,
  classifierDataFile,
  DEFAULT_CLASSIFIER,
  CUCOP_CLASSIFIER,
  DEFAULT_CLASSIFIER_SCHEMES,
} from './application/classifier-file';
export { parseCsv } from './application/csv';
export { expandQuery, likeSearchTerms, normalizeQuery, shippedSynonyms } from './application/synonyms';
export * from './domain/classifier-import.events';
export { normalizeCode, type ClassifierCode, type ClassifierVersion } from './domain/classifier-version';
