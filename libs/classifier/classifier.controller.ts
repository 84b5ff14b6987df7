import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { QueryBus } from '@nestjs/cqrs';
import { PageCursor, PageSize } from '@licita/platform';
import { MAX_PAGE_SIZE, type ClassifierDetail, type ClassifierPage } from './application/classifier-queries';
import { ClassifierCodeDetail, SearchClassifier } from './application/queries/classifier.queries';

export class ClassifierSearchQuery {
  @ApiPropertyOptional({ description: 'Words of the description (accents and case ignored) or the start of a code' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'CPV, CUCoP, …' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  scheme?: string;

  @ApiPropertyOptional({ description: 'Browse the codes that start with it (4521)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  prefix?: string;

  @PageSize(MAX_PAGE_SIZE)
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export class ClassifierCodeQuery {
  @ApiPropertyOptional({ description: 'Only needed when two schemes share the code' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  scheme?: string;
}

/** The goods-and-services classifier, public: search, browse by prefix, one code with its tree and usage. */
@ApiTags('classifier')
@Controller('api/classifier')
export class ClassifierController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ description: 'Codes matching every word, broader codes first; `nextCursor` pages on.' })
  search(@Query() query: ClassifierSearchQuery): Promise<ClassifierPage> {
    return this.queries.execute(new SearchClassifier(query));
  }

  @Get(':code')
  @ApiOkResponse({ description: 'The code with its ancestors, children and usage.' })
  @ApiNotFoundResponse({ description: '`classifier.unknown_code`' })
  get(@Param('code') code: string, @Query() query: ClassifierCodeQuery): Promise<ClassifierDetail> {
    return this.queries.execute(new ClassifierCodeDetail(code, query.scheme));
  }
}
