import { answeredBy } from '@licita/platform';
import { ClassifierLookup } from '../classifier-lookup';
import { ClassifierQueries } from '../classifier-queries';
import * as asked from './classifier.queries';

/** One handler per classifier query, each answered by the reader of the classifier read model. */
export const CLASSIFIER_QUERY_HANDLERS = [
  answeredBy(asked.SearchClassifier, ClassifierQueries, (classifier, { search }) => classifier.search(search)),
  answeredBy(asked.ClassifierCodeDetail, ClassifierQueries, (classifier, { code, scheme }) =>
    classifier.get(code, scheme),
  ),
  answeredBy(asked.ClassifierSchemes, ClassifierQueries, (classifier, { preferred }) => classifier.schemes(preferred)),
  answeredBy(asked.UnknownClassifierCodes, ClassifierLookup, (lookup, { codes, scheme }) =>
    lookup.unknownCodes(codes, scheme),
  ),
];
