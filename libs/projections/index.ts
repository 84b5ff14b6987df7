export type { BatchContext } from './projection';
export { CarriedRows } from './carried-rows';
export type { Columns } from './insert-rows';
export type { Projection } from './projection';
export type { ProjectionTransaction } from './projection';
export { RegisterProjection } from './projection';
export { insertRows } from './insert-rows';
