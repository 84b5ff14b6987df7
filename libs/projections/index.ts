export { RegisterProjection, type Projection, type ProjectionTransaction } from './projection';
