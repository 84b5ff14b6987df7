export { ProjectionRunner } from './projection-runner';
export { ProjectionsModule } from './projections.module';
