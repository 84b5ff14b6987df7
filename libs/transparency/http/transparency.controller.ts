import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import type { IntegrityReport } from '../application/integrity';
import type { BuyingUnitTransparencyProfile, SupplierTransparencyProfile } from '../application/profiles';
import type { FeedPage, PublicTender, TenderPage } from '../application/public-tenders';
import {
  ProcurementStatistics,
  PublicBuyingUnitProfile,
  PublicSupplierProfile,
  PublicTenderById,
  RedFlagReport,
  SearchPublicTenders,
  TenderChangeFeed,
} from '../application/queries/transparency.queries';
import type { Statistics } from '../application/statistics';
import { FeedQuery, RedFlagsQuery, StatisticsQueryDto, TenderSearchQuery } from './transparency.dto';

const BAD_PARAMS =
  "problem+json: `request.invalid` (a parameter's shape), `transparency.invalid_cursor`, `transparency.invalid_range`";

/**
 * The public transparency API: no login. Everything is read from the `transparency` projection (eventually
 * consistent: a command shows within about a second). Amounts are integer centavos with their currency.
 */
@ApiTags('transparency')
@Controller('api/transparency')
export class TransparencyController {
  constructor(private readonly queries: QueryBus) {}

  @Get('tenders')
  @ApiOperation({ summary: 'Public procedures, filtered and sorted, with cursor paging' })
  @ApiOkResponse({
    description:
      '`{ items, nextCursor }`; before the opening act a procedure shows only how many sealed proposals it has',
  })
  @ApiBadRequestResponse({ description: BAD_PARAMS })
  search(@Query() query: TenderSearchQuery): Promise<TenderPage> {
    return this.queries.execute(new SearchPublicTenders(query));
  }

  @Get('tenders/:id')
  @ApiOperation({
    summary:
      'One procedure: lots, items, clarifications, amendments with diffs, opening act, evaluation, auctions, awards, contracts, red flags and its timeline in plain Spanish',
  })
  @ApiOkResponse({ description: 'The public record' })
  @ApiNotFoundResponse({ description: '`tender.not_found` (also for a draft)' })
  get(@Param('id') id: string): Promise<PublicTender> {
    return this.queries.execute(new PublicTenderById(id));
  }

  @Get('suppliers/:id')
  @ApiOperation({ summary: 'A supplier: register entry, sanctions, awards, contracts, amounts by year' })
  @ApiOkResponse({ description: 'The profile (the 100 latest awards and contracts; totals count them all)' })
  @ApiNotFoundResponse({ description: '`supplier.not_found`' })
  supplier(@Param('id') id: string): Promise<SupplierTransparencyProfile> {
    return this.queries.execute(new PublicSupplierProfile(id));
  }

  @Get('buying-units/:id')
  @ApiOperation({
    summary: 'A buying unit: procedures, amounts by year, top suppliers, red flags, awards and contracts',
  })
  @ApiOkResponse({ description: 'The profile (the 100 latest awards and contracts)' })
  @ApiNotFoundResponse({ description: '`buying_unit.not_found`' })
  buyingUnit(@Param('id') id: string): Promise<BuyingUnitTransparencyProfile> {
    return this.queries.execute(new PublicBuyingUnitProfile(id));
  }

  @Get('statistics')
  @ApiOperation({
    summary:
      'Counts and amounts by procedure type (with shares), month, buying unit and classifier division; proposals per procedure; auction savings',
  })
  @ApiOkResponse({ description: 'Statistics in one currency (MXN unless told)' })
  @ApiBadRequestResponse({ description: BAD_PARAMS })
  stats(@Query() query: StatisticsQueryDto): Promise<Statistics> {
    return this.queries.execute(new ProcurementStatistics(query));
  }

  @Get('red-flags')
  @ApiOperation({
    summary:
      'Integrity indicators (Open Contracting Partnership red flags): definitions, thresholds, and counts per buying unit',
  })
  @ApiOkResponse({
    description:
      "Per buying unit: procedures raising each flag, and the unit's own flags (direct award share, winner concentration)",
  })
  redFlags(@Query() query: RedFlagsQuery): Promise<IntegrityReport> {
    return this.queries.execute(new RedFlagReport(query.buyingUnitId));
  }
}

/** The change feed for machines (ProZorro style): follow `nextCursor` to mirror every public procedure. */
@ApiTags('transparency')
@Controller('api/feed')
export class FeedController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Procedures in the order they changed, after a cursor' })
  @ApiOkResponse({
    description:
      '`{ items: [{ cursor, tenderId, dateModified, status, title, procedureType, buyingUnitId, href }], nextCursor }`: a procedure appears again each time it changes; with no news, `nextCursor` is `after` again',
  })
  @ApiBadRequestResponse({ description: '`feed.invalid_cursor`, `request.invalid`' })
  feed(@Query() query: FeedQuery): Promise<FeedPage> {
    return this.queries.execute(new TenderChangeFeed(query.after, query.limit));
  }
}
