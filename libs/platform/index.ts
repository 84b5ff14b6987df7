/**
 * The platform every context runs on, and no domain rule: configuration, the database and its embedded
 * fallback, logging with the request context (actor, correlation id), HTTP errors as problem+json from the
 * catalogue of problem codes, validation, paging parameters, idempotency keys, rate limits, Socket.IO across
 * instances, and orderly shutdown.
 */
export * from './config';
export * from './database';
export * from './embedded-postgres';
export * from './http-context';
export * from './idempotency';
export * from './logger';
export * from './paging';
export * from './list-total';
export * from './platform.module';
export * from './postgres-io.adapter';
export * from './problem-details';
export * from './rate-limit';
export * from './security-events';
export * from './request-context';
export * from './shutdown';
export { releaseStartUpMemory, releaseStartUpMemoryWhenSettled } from './start-up-memory';
export * from './validation';
export * from './problem-codes.openapi';
export type { Database } from './database';
export { LICITA_CONFIG } from './config';
export type { LicitaConfig } from './config';
export { PageCursor } from './paging';
export { PageSize, IntegerParam, LogPositionParam, MAX_LOG_POSITION, MAX_QUERY_INTEGER } from './paging';
export { loadConfigOrExit } from './config';
export { openDatabase } from './database';
export { answeredBy } from './answered-by';
export { queryOf, type QueryClassOf } from './query-of';
export { OptionalInstant, OptionalOneOf, OptionalText, Text } from './text-fields';
export { Read, type ReadDocs } from './read-endpoint';
export {
  CACHE,
  CACHE_POLICY,
  Cached,
  cacheControl,
  lastModifiedHeader,
  PRIVATE_NO_STORE,
  type CachePolicy,
} from './cache-policy';
export { PUBLIC_READS, PublicReads, PublicReadsModule } from './public-reads';
export { DatabaseClock } from './database-clock';
export { checkDeploymentMode, DeploymentModeMismatch } from './deployment-mode';
export { RouteIdPipe } from './route-ids';
export {
  bodyLimitOf,
  refuseBodiesPastTheirRoutesLimit,
  verifyBodyLimit,
  type BodyLimits,
  type LargeBodyRoute,
} from './body-limits';
export {
  EXPORT_FORMATS,
  ExportFileQuery,
  TableExports,
  exportFileName,
  mexicoCityTime,
  pesos,
  sendTable,
  type Bilingual,
  type ExportColumn,
  type ExportFormat,
  type ExportSource,
} from './table-export';
