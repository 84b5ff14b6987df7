import { ReadsFrom, ValidatedByCheckpoints } from '@licita/projections';
import { Controller, Inject, Optional, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { CACHE, LICITA_CONFIG, OptionalText, PageCursor, PageSize, Read, type LicitaConfig } from '@licita/platform';
import {
  MAX_PAGE_SIZE,
  type ClassifierDetail,
  type ClassifierPage,
  type ClassifierScheme,
} from './application/classifier-queries';
import { ClassifierCodeDetail, ClassifierSchemes, SearchClassifier } from './application/queries/classifier.queries';

export class ClassifierSearchQuery {
  @OptionalText(200, {
    description:
      'Words as people type them (accents, case and plurals ignored; synonyms such as laptop → computadora portátil; a typo forgiven) or the start of a code',
  })
  q?: string;

  @OptionalText(32, { description: 'CPV, CUCoP, …' })
  scheme?: string;

  @OptionalText(32, { description: 'Browse the codes that start with it (4521)' })
  prefix?: string;

  @PageSize(MAX_PAGE_SIZE)
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export class ClassifierCodeQuery {
  @OptionalText(32, { description: 'Only needed when two schemes share the code' })
  scheme?: string;
}

/** The goods-and-services classifier, public: search, browse by prefix, one code with its tree and usage. */
@ApiTags('classifier')
@Controller('api/classifier')
export class ClassifierController {
  constructor(
    private readonly queries: QueryBus,
    @Optional() @Inject(LICITA_CONFIG) private readonly config?: Pick<LicitaConfig, 'classifierSchemes'>,
  ) {}

  @ReadsFrom('classifier')
  @ValidatedByCheckpoints()
  @Read(undefined, {
    ok: 'With `q`: codes matching every word, best first (specific articles before chapters); without: broader codes first. `nextCursor` pages on.',
    cache: CACHE.reference,
  })
  search(@Query() query: ClassifierSearchQuery): Promise<ClassifierPage> {
    return this.queries.execute(new SearchClassifier(query));
  }

  @Read('schemes', {
    ok: 'The classifiers installed, the deployment default (CLASSIFIER_SCHEMES) first.',
    cache: CACHE.reference,
  })
  schemes(): Promise<{ items: ClassifierScheme[] }> {
    return this.queries
      .execute(new ClassifierSchemes(this.config?.classifierSchemes))
      .then((items: ClassifierScheme[]) => ({ items }));
  }

  @ReadsFrom('classifier')
  @ValidatedByCheckpoints()
  @Read(':code', {
    ok: 'The code with its ancestors, children and usage.',
    notFound: '`classifier.unknown_code`',
    cache: CACHE.reference,
  })
  get(@Param('code') code: string, @Query() query: ClassifierCodeQuery): Promise<ClassifierDetail> {
    return this.queries.execute(new ClassifierCodeDetail(code, query.scheme));
  }
}
