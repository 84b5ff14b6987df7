/**
 * Projections: the runner that feeds read models from the event store through checkpointed subscriptions
 * (the checkpoint commits with the projection's writes), one worker per projection under a PostgreSQL lock,
 * rebuilds, and the helpers projections share (batched inserts, rows carried between batches).
 */
export { RegisterProjection, type BatchContext, type Projection, type ProjectionTransaction } from './projection';
export { ProjectionProvider } from './projection-provider';
export {
  ProjectionsModule,
  type ProjectionsModuleAsyncOptions,
  type ProjectionsModuleOptions,
} from './projections.module';
export { ProjectionRunner, type ProjectionRunnerOptions, type ProjectionStatus } from './projection-runner';
export type { ProjectionFailure, ProjectionState, RebuildOptions, RebuildProgress } from './projection-worker';
export { copyRows, insertRows, insertUnnested, type Columns } from './insert-rows';
export { CarriedRows } from './carried-rows';
export type { Sql } from './projection-checkpoints';
export {
  AppendedPositions,
  READ_MODEL_WAITER,
  ReadModelWaiter,
  ReadsFrom,
  ReadYourWritesInterceptor,
  ReadYourWritesModule,
  type ReadModelSource,
  type ReadModelWait,
  type ReadModelWaitOptions,
} from './read-your-writes';
export { HttpCachingInterceptor, ValidatedByCheckpoints } from './http-caching';
export { CHECKPOINT_CHANNEL, CheckpointGenerations, CheckpointListener } from './checkpoint-generations';
