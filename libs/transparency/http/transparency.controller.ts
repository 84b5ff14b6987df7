import { ReadsFrom, ValidatedByCheckpoints } from '@licita/projections';
import type { ServerResponse } from 'node:http';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { CACHE, Cached, ExportRateLimit, Read, requestLanguage, sendTable, TableExports } from '@licita/platform';
import type { IntegrityReport } from '../application/integrity';
import type { BuyingUnitTransparencyProfile, SupplierTransparencyProfile } from '../application/profiles';
import type { FeedPage, PublicTender, TenderPage } from '../application/public-tenders';
import type { ProfileList, ProfileParty } from '../application/profile-export';
import {
  ExportProfileList,
  ExportPublicTenders,
  ProcurementStatistics,
  PublicBuyingUnitProfile,
  PublicSupplierProfile,
  PublicTenderById,
  RedFlagReport,
  SearchPublicTenders,
  TenderChangeFeed,
} from '../application/queries/transparency.queries';
import type { Statistics } from '../application/statistics';
import { redFlagsTable, statisticsTable, type SmallTable } from '../application/statistics-export';
import {
  BuyingUnitProfileQuery,
  FeedQuery,
  ProfileExportQueryDto,
  RedFlagsExportQueryDto,
  RedFlagsQuery,
  StatisticsExportQueryDto,
  StatisticsQueryDto,
  TenderExportQueryDto,
  TenderSearchQuery,
} from './transparency.dto';

const BAD_PARAMS =
  "problem+json: `request.invalid` (a parameter's shape), `transparency.invalid_cursor`, `transparency.invalid_range`, `transparency.municipality_without_state`";

/**
 * The public transparency API: no login. Everything is read from the `transparency` projection (eventually
 * consistent: a command shows within about a second). Amounts are integer centavos with their currency.
 */
@ApiTags('transparency')
@Controller('api/transparency')
export class TransparencyController {
  constructor(
    private readonly queries: QueryBus,
    private readonly exports: TableExports,
  ) {}

  @ReadsFrom('transparency', 'buying-units')
  @ValidatedByCheckpoints()
  @Read('tenders', {
    summary: 'Public procedures, filtered and sorted, with cursor paging',
    ok: "`{ items, nextCursor, total: { value, exact } }` (total exact up to LIST_TOTAL_EXACT_BOUND, else the planner's estimate); before the opening act a procedure shows only how many sealed proposals it has",
    badRequest: BAD_PARAMS,
    cache: CACHE.list,
  })
  search(@Query() query: TenderSearchQuery): Promise<TenderPage> {
    return this.queries.execute(new SearchPublicTenders(query));
  }

  // Before `tenders/:id`, which would take `export` for an id.
  @Get('tenders/export')
  @Cached(CACHE.list)
  @ExportRateLimit()
  @ApiOperation({
    summary:
      'Every procedure a search finds, as a CSV (UTF-8 with BOM) or XLSX file, streamed: the same filters and order as the search',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description:
      'An attachment `licita-procedimientos-YYYY-MM-DD.csv|xlsx` (`procedures` in English): amounts in pesos with two decimals and a currency column, times in Mexico City time',
  })
  @ApiBadRequestResponse({ description: `${BAD_PARAMS}, \`export.too_many_rows\` (over EXPORT_MAX_ROWS)` })
  async export(
    @Query() query: TenderExportQueryDto,
    @Req() request: { now?: Date },
    @Res() response: ServerResponse,
  ): Promise<void> {
    const { format = 'csv', lang, ...search } = query;
    const language = lang ?? requestLanguage();
    const source = await this.queries.execute(new ExportPublicTenders(search, language));
    await this.exports.send(response, source, { format, language, now: request.now ?? new Date() });
  }

  @ReadsFrom('transparency', 'buying-units', 'tender-views')
  @ValidatedByCheckpoints()
  @Read('tenders/:id', {
    summary:
      'One procedure: lots, items, clarifications, amendments with diffs, opening act, evaluation, auctions, awards, contracts, red flags and its timeline in plain Spanish',
    ok: 'The public record',
    notFound: '`tender.not_found` (also for a draft)',
    cache: CACHE.detail,
  })
  get(@Param('id') id: string): Promise<PublicTender> {
    return this.queries.execute(new PublicTenderById(id));
  }

  @Read('suppliers/:id', {
    summary: 'A supplier: register entry, sanctions, awards, contracts, amounts by year',
    ok: 'The profile (the 100 latest awards and contracts; totals count them all)',
    notFound: '`supplier.not_found`',
    cache: CACHE.detail,
  })
  supplier(@Param('id') id: string): Promise<SupplierTransparencyProfile> {
    return this.queries.execute(new PublicSupplierProfile(id));
  }

  @Read('buying-units/:id', {
    summary:
      'A buying unit: procedures, amounts by year and currency, top suppliers in one currency, red flags, awards and contracts',
    ok: 'The profile (the 100 latest awards and contracts; the suppliers ranked in `currency`, MXN by default)',
    notFound: '`buying_unit.not_found`',
    badRequest: '`request.invalid` (a currency not in ISO 4217 form)',
    cache: CACHE.detail,
  })
  buyingUnit(@Param('id') id: string, @Query() query: BuyingUnitProfileQuery): Promise<BuyingUnitTransparencyProfile> {
    return this.queries.execute(new PublicBuyingUnitProfile(id, query.currency));
  }

  @Get('suppliers/:id/awards/export')
  @Cached(CACHE.list)
  @ExportRateLimit()
  @ApiOperation({
    summary:
      "Every one of the profile's awards (the profile lists the latest 100), newest first, as a CSV or XLSX file",
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'An attachment `licita-adjudicaciones-del-proveedor-YYYY-MM-DD.csv|xlsx`; no rows for an id with none',
  })
  supplierAwardsExport(
    @Param('id') id: string,
    @Query() query: ProfileExportQueryDto,
    @Req() request: { now?: Date },
    @Res() response: ServerResponse,
  ): Promise<void> {
    return this.exportProfileList('supplier', 'awards', id, query, request, response);
  }

  @Get('suppliers/:id/contracts/export')
  @Cached(CACHE.list)
  @ExportRateLimit()
  @ApiOperation({
    summary:
      "Every one of the profile's contracts (the profile lists the latest 100), newest first, as a CSV or XLSX file",
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'An attachment `licita-contratos-del-proveedor-YYYY-MM-DD.csv|xlsx`; no rows for an id with none',
  })
  supplierContractsExport(
    @Param('id') id: string,
    @Query() query: ProfileExportQueryDto,
    @Req() request: { now?: Date },
    @Res() response: ServerResponse,
  ): Promise<void> {
    return this.exportProfileList('supplier', 'contracts', id, query, request, response);
  }

  @Get('buying-units/:id/awards/export')
  @Cached(CACHE.list)
  @ExportRateLimit()
  @ApiOperation({
    summary:
      "Every one of the profile's awards (the profile lists the latest 100), newest first, as a CSV or XLSX file",
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'An attachment `licita-adjudicaciones-de-la-unidad-YYYY-MM-DD.csv|xlsx`; no rows for an id with none',
  })
  buyingUnitAwardsExport(
    @Param('id') id: string,
    @Query() query: ProfileExportQueryDto,
    @Req() request: { now?: Date },
    @Res() response: ServerResponse,
  ): Promise<void> {
    return this.exportProfileList('buyingUnit', 'awards', id, query, request, response);
  }

  @Get('buying-units/:id/contracts/export')
  @Cached(CACHE.list)
  @ExportRateLimit()
  @ApiOperation({
    summary:
      "Every one of the profile's contracts (the profile lists the latest 100), newest first, as a CSV or XLSX file",
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'An attachment `licita-contratos-de-la-unidad-YYYY-MM-DD.csv|xlsx`; no rows for an id with none',
  })
  buyingUnitContractsExport(
    @Param('id') id: string,
    @Query() query: ProfileExportQueryDto,
    @Req() request: { now?: Date },
    @Res() response: ServerResponse,
  ): Promise<void> {
    return this.exportProfileList('buyingUnit', 'contracts', id, query, request, response);
  }

  private async exportProfileList(
    party: ProfileParty,
    list: ProfileList,
    id: string,
    { format = 'csv', lang }: ProfileExportQueryDto,
    request: { now?: Date },
    response: ServerResponse,
  ): Promise<void> {
    const language = lang ?? requestLanguage();
    const source = await this.queries.execute(new ExportProfileList(party, list, id, language));
    await this.exports.send(response, source, { format, language, now: request.now ?? new Date() });
  }

  // Before `statistics`: a table of the statistics as a file.
  @Get('statistics/export')
  @Cached(CACHE.statistics)
  @ExportRateLimit()
  @ApiOperation({
    summary:
      'One statistics table (by procedure type, month, buying unit or classifier division) as a CSV or XLSX file',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description:
      'An attachment `licita-estadisticas-por-tipo|mes|unidad|division-YYYY-MM-DD.csv|xlsx`: the rows the statistics answer holds for the same filters',
  })
  @ApiBadRequestResponse({ description: BAD_PARAMS })
  async exportStatistics(
    @Query() query: StatisticsExportQueryDto,
    @Req() request: { now?: Date },
    @Res() response: ServerResponse,
  ): Promise<void> {
    const { format = 'csv', lang, table = 'byProcedureType', ...filter } = query;
    const language = lang ?? requestLanguage();
    const stats: Statistics = await this.queries.execute(new ProcurementStatistics(filter));
    await sendSmallTable(response, statisticsTable(stats, table, language), format, language, request.now);
  }

  @Get('red-flags/export')
  @Cached(CACHE.statistics)
  @ExportRateLimit()
  @ApiOperation({ summary: 'The red-flags report per buying unit as a CSV or XLSX file' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description:
      "An attachment `licita-banderas-rojas-YYYY-MM-DD.csv|xlsx`: per unit its procedures, the flagged ones, each flag's count and the unit's own flags",
  })
  async exportRedFlags(
    @Query() query: RedFlagsExportQueryDto,
    @Req() request: { now?: Date },
    @Res() response: ServerResponse,
  ): Promise<void> {
    const { format = 'csv', lang, ...filter } = query;
    const language = lang ?? requestLanguage();
    const report: IntegrityReport = await this.queries.execute(new RedFlagReport(filter));
    await sendSmallTable(response, redFlagsTable(report, language), format, language, request.now);
  }

  @Read('statistics', {
    summary:
      'Counts and amounts by procedure type (with shares), month, buying unit and classifier division; proposals per procedure; auction savings',
    ok: 'Statistics with one row per key and currency (`currencies` lists them; `currency` narrows to one): amounts of two currencies are never added',
    badRequest: BAD_PARAMS,
    cache: CACHE.statistics,
  })
  stats(@Query() query: StatisticsQueryDto): Promise<Statistics> {
    return this.queries.execute(new ProcurementStatistics(query));
  }

  @Read('red-flags', {
    summary:
      'Integrity indicators (Open Contracting Partnership red flags): definitions, thresholds, and counts per buying unit; `level`, `stateCode`, `municipalityCode` narrow to a part of the government tree',
    ok: "Per buying unit: procedures raising each flag, and the unit's own flags (direct award share, winner concentration)",
    cache: CACHE.statistics,
  })
  redFlags(@Query() query: RedFlagsQuery): Promise<IntegrityReport> {
    return this.queries.execute(new RedFlagReport(query));
  }
}

/** A table already in memory (a few hundred rows at most) through the same CSV/XLSX writer as the lists. */
function sendSmallTable<Row>(
  response: ServerResponse,
  { name, columns, rows }: SmallTable<Row>,
  format: 'csv' | 'xlsx',
  language: 'es' | 'en',
  now: Date | undefined,
): Promise<void> {
  return sendTable(response, {
    name,
    columns,
    format,
    language,
    now: now ?? new Date(),
    // One batch: the rows are already here.
    batches: (async function* () {
      yield await Promise.resolve(rows);
    })(),
  });
}

/** The change feed for machines (ProZorro style): follow `nextCursor` to mirror every public procedure. */
@ApiTags('transparency')
@Controller('api/feed')
export class FeedController {
  constructor(private readonly queries: QueryBus) {}

  @Read(undefined, {
    summary: 'Procedures in the order they changed, after a cursor',
    ok: '`{ items: [{ cursor, tenderId, dateModified, status, title, procedureType, buyingUnitId, href }], nextCursor }`: a procedure appears again each time it changes; with no news, `nextCursor` is `after` again. Cursors are opaque: pass them back as they came',
    badRequest: '`feed.invalid_cursor`, `request.invalid`',
    cache: CACHE.feed,
  })
  feed(@Query() query: FeedQuery): Promise<FeedPage> {
    return this.queries.execute(new TenderChangeFeed(query.after, query.limit));
  }
}
