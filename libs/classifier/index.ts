export { ClassifierModule } from './classifier.module';
export { ClassifierLookup } from './application/classifier-lookup';
