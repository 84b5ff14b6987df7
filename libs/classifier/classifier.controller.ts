import { Controller, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { CACHE, OptionalText, PageCursor, PageSize, Read } from '@licita/platform';
import { MAX_PAGE_SIZE, type ClassifierDetail, type ClassifierPage } from './application/classifier-queries';
import { ClassifierCodeDetail, SearchClassifier } from './application/queries/classifier.queries';

export class ClassifierSearchQuery {
  @OptionalText(200, { description: 'Words of the description (accents and case ignored) or the start of a code' })
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
  constructor(private readonly queries: QueryBus) {}

  @Read(undefined, {
    ok: 'Codes matching every word, broader codes first; `nextCursor` pages on.',
    cache: CACHE.reference,
  })
  search(@Query() query: ClassifierSearchQuery): Promise<ClassifierPage> {
    return this.queries.execute(new SearchClassifier(query));
  }

  @Read(':code', {
    ok: 'The code with its ancestors, children and usage.',
    notFound: '`classifier.unknown_code`',
    cache: CACHE.reference,
  })
  get(@Param('code') code: string, @Query() query: ClassifierCodeQuery): Promise<ClassifierDetail> {
    return this.queries.execute(new ClassifierCodeDetail(code, query.scheme));
  }
}
