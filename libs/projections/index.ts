export { ProjectionRunner } from './projection-runner';
export { ProjectionsModule } from './projections.module';
export { RegisterProjection, type Projection, type ProjectionTransaction } from './projection';
