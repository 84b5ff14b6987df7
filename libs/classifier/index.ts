/** The classifier context: the catalog of classifier codes (CPV) in force and their lookups. */
export { ClassifierModule } from './classifier.module';
export { ClassifierLookup } from './application/classifier-lookup';
