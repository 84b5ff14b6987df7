/** Projections: the checkpointed subscription runner, its registration and the helpers read models write with. */
export { RegisterProjection, type BatchContext, type Projection, type ProjectionTransaction } from './projection';
export { insertRows } from './insert-rows';
export { CarriedRows } from './carried-rows';
