import { ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PROCEDURE_TYPES, PUBLIC_TENDER_STATUSES } from '@licita/tendering';
import { INEGI_STATE_CODES } from '@licita/buying-units';
import {
  ExportFileQuery,
  IntegerParam,
  OptionalInstant,
  OptionalOneOf,
  OptionalText,
  PageCursor,
  PageSize,
} from '@licita/platform';
import {
  MAX_FEED_PAGE,
  MAX_PAGE_SIZE,
  TENDER_FEATURES,
  TENDER_ORIGINS,
  TENDER_SORTS,
} from '../application/public-tenders';
import { RED_FLAG_CODES } from '../application/integrity';
import { STATISTICS_TABLES, type StatisticsTable } from '../application/statistics-export';
import { GOVERNMENT_LEVELS, type GovernmentLevel } from '../application/government-place';

const CURRENCY = /^[A-Z]{3}$/;

/** Where in the government tree: the unit's level, state and municipality (the search, statistics and red flags). */
export class GovernmentPlaceQuery {
  @OptionalOneOf(GOVERNMENT_LEVELS, { description: "The buying unit's level of government" })
  level?: GovernmentLevel;

  @OptionalOneOf(INEGI_STATE_CODES, { description: "The buying unit's state: INEGI key, `01` to `32`" })
  stateCode?: string;

  /** The buying unit's municipality: its 3-digit INEGI key within `stateCode` (which it needs) */
  @IsOptional()
  @Matches(/^\d{3}$/)
  municipalityCode?: string;
}

export class TenderSearchQuery {
  @OptionalOneOf(PUBLIC_TENDER_STATUSES)
  status?: (typeof PUBLIC_TENDER_STATUSES)[number];

  @OptionalOneOf(PROCEDURE_TYPES)
  procedureType?: (typeof PROCEDURE_TYPES)[number];

  /** The procedure number, whole or its beginning (`LA-012000999-`), case ignored */
  @OptionalText(60)
  number?: string;

  @OptionalText(100)
  buyingUnitId?: string;

  /** Words of the buying unit's name, code or institution (accents and case ignored) */
  @OptionalText(200)
  buyingUnit?: string;

  /**
   * A supplier's name words or RFC: procedures it was awarded or contracted, or bid in once the opening act
   * revealed the bidders (never a sealed bid)
   */
  @OptionalText(200)
  supplier?: string;

  /** A supplier's id: the same as `supplier`, for one supplier */
  @OptionalText(100)
  supplierId?: string;

  @OptionalOneOf(INEGI_STATE_CODES, { description: "The buying unit's state: INEGI key, `01` to `32`" })
  stateCode?: string;

  /** The buying unit's municipality: its 3-digit INEGI key within `stateCode` (which it needs) */
  @IsOptional()
  @Matches(/^\d{3}$/)
  municipalityCode?: string;

  @OptionalOneOf(GOVERNMENT_LEVELS, { description: "The buying unit's level of government" })
  level?: GovernmentLevel;

  /** An item code or any ancestor of it (`30000000-9` finds every tender with an item in CPV division 30) */
  @OptionalText(32)
  classifierCode?: string;

  @IntegerParam({ min: 0, description: 'Estimated value at least this, in centavos' })
  minValue?: number;

  @IntegerParam({ min: 0, description: 'Estimated value at most this, in centavos' })
  maxValue?: number;

  @IntegerParam({ min: 0, description: 'Awarded value (standing awards) at least this, in centavos' })
  minAwardedValue?: number;

  @IntegerParam({ min: 0, description: 'Awarded value (standing awards) at most this, in centavos' })
  maxAwardedValue?: number;

  /** ISO 4217 (MXN) */
  @IsOptional()
  @Matches(CURRENCY)
  currency?: string;

  /** Submission deadline at or after this instant (ISO 8601; procedures without one are left out) */
  @OptionalInstant()
  deadlineFrom?: string;

  /** Submission deadline at or before this instant (ISO 8601) */
  @OptionalInstant()
  deadlineTo?: string;

  /** Published at or after this instant (ISO 8601) */
  @OptionalInstant()
  publishedFrom?: string;

  /** Published at or before this instant (ISO 8601) */
  @OptionalInstant()
  publishedTo?: string;

  /** Words of the title or description; accents and case ignored */
  @OptionalText(200)
  q?: string;

  @OptionalOneOf(RED_FLAG_CODES, { description: 'Only procedures raising this flag' })
  redFlag?: (typeof RED_FLAG_CODES)[number];

  @OptionalOneOf(TENDER_ORIGINS, {
    description:
      '`imported`: records imported from CompraNet or OCDS files; `platform`: procedures run on Licita (default: both)',
  })
  origin?: (typeof TENDER_ORIGINS)[number];

  @OptionalOneOf(TENDER_FEATURES, {
    description:
      '`consolidated_purchase`: a consolidated purchase (LAASSP art. 17); `multi_year`: with a multi-year contract',
  })
  feature?: (typeof TENDER_FEATURES)[number];

  @OptionalOneOf(TENDER_SORTS, {
    default: '-publishedAt',
    description: '`-` for descending; ties broken by tender id',
  })
  sort?: (typeof TENDER_SORTS)[number];

  @PageCursor('`nextCursor` of the previous page (with the same sort)')
  cursor?: string;

  @PageSize(MAX_PAGE_SIZE)
  limit?: number;
}

/** A search's filters and order (no paging), the file's format and its language (else Accept-Language). */
export class TenderExportQueryDto extends IntersectionType(
  OmitType(TenderSearchQuery, ['cursor', 'limit'] as const),
  ExportFileQuery,
) {}

export class FeedQuery {
  /** The `nextCursor` (or an entry's `cursor`) last received, as it came (opaque); none or `0` from the beginning */
  @OptionalText(64)
  after?: string;

  @PageSize(MAX_FEED_PAGE, 100)
  limit?: number;
}

export class StatisticsQueryDto extends GovernmentPlaceQuery {
  /** Procedures published at or after this instant (ISO 8601) */
  @OptionalInstant()
  from?: string;

  /** Procedures published at or before this instant (ISO 8601) */
  @OptionalInstant()
  to?: string;

  @OptionalText(100)
  buyingUnitId?: string;

  @ApiPropertyOptional({
    description:
      'ISO 4217: only procedures in this currency. Without it every currency is counted, each apart (amounts are never added across currencies nor converted)',
  })
  @IsOptional()
  @Matches(CURRENCY)
  currency?: string;
}

export class BuyingUnitProfileQuery {
  @ApiPropertyOptional({
    description:
      "ISO 4217: the currency whose ranking `topSuppliers` holds; `topSuppliers.currencies` lists the unit's",
    default: 'MXN',
  })
  @IsOptional()
  @Matches(CURRENCY)
  currency?: string;
}

export class RedFlagsQuery extends GovernmentPlaceQuery {
  /** Only this buying unit */
  @OptionalText(100)
  buyingUnitId?: string;
}

/** A profile list's file: only its format and language (the profile is the path's id). */
export class ProfileExportQueryDto extends ExportFileQuery {}

/** One statistics table as a file: the statistics' own filters, which table, the format and language. */
export class StatisticsExportQueryDto extends IntersectionType(StatisticsQueryDto, ExportFileQuery) {
  @OptionalOneOf(STATISTICS_TABLES, { default: 'byProcedureType' })
  table?: StatisticsTable;
}

/** The red-flags report per unit as a file. */
export class RedFlagsExportQueryDto extends IntersectionType(RedFlagsQuery, ExportFileQuery) {}
