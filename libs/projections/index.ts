export { ProjectionRunner } from './projection-runner';
