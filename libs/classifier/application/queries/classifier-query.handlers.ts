import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ClassifierLookup } from '../classifier-lookup';
import { ClassifierQueries, type ClassifierDetail, type ClassifierPage } from '../classifier-queries';
import { ClassifierCodeDetail, SearchClassifier, UnknownClassifierCodes } from './classifier.queries';

@QueryHandler(SearchClassifier)
export class SearchClassifierHandler implements IQueryHandler<SearchClassifier> {
  constructor(private readonly classifier: ClassifierQueries) {}

  execute({ search }: SearchClassifier): Promise<ClassifierPage> {
    return this.classifier.search(search);
  }
}

@QueryHandler(ClassifierCodeDetail)
export class ClassifierCodeDetailHandler implements IQueryHandler<ClassifierCodeDetail> {
  constructor(private readonly classifier: ClassifierQueries) {}

  execute({ code, scheme }: ClassifierCodeDetail): Promise<ClassifierDetail> {
    return this.classifier.get(code, scheme);
  }
}

@QueryHandler(UnknownClassifierCodes)
export class UnknownClassifierCodesHandler implements IQueryHandler<UnknownClassifierCodes> {
  constructor(private readonly lookup: ClassifierLookup) {}

  execute({ codes, scheme }: UnknownClassifierCodes): Promise<string[]> {
    return this.lookup.unknownCodes(codes, scheme);
  }
}

export const CLASSIFIER_QUERY_HANDLERS = [SearchClassifierHandler, ClassifierCodeDetailHandler, UnknownClassifierCodesHandler];
