import type { ServerResponse } from 'node:http';
import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  IntersectionType,
} from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import {
  CACHE,
  Cached,
  ExportFileQuery,
  ExportRateLimit,
  IntegerParam,
  OptionalOneOf,
  OptionalText,
  Read,
  requestLanguage,
  TableExports,
} from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import { EXECUTION_EXPORT_TABLES, executionExport, type ExecutionExportTable } from '../application/execution-export';
import { ExecutionIndicators, type ExecutionStatistics } from '../application/execution-indicators';

export class ExecutionStatisticsQuery {
  /** Only this buying unit */
  @OptionalText(100)
  buyingUnitId?: string;

  @IntegerParam({ min: 1900, max: 9999, description: 'Only due dates of this calendar year (Mexico City)' })
  year?: number;

  /** ISO 4217 (MXN): only contracts in this currency */
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  currency?: string;
}

export class ExecutionExportQuery extends IntersectionType(ExecutionStatisticsQuery, ExportFileQuery) {
  @OptionalOneOf(EXECUTION_EXPORT_TABLES, { default: 'deliveries' })
  table?: ExecutionExportTable;
}

/**
 * The execution of public contracts in numbers and as files, for researchers: late and missing deliveries and
 * late payments per buying unit, year and currency, computed at the time of asking (a due date passes with no
 * event); the deliveries and the invoices with their payments, one row each, with their flags.
 */
@ApiTags('transparency')
@Controller('api/transparency/execution')
@ReadsFrom('contract-execution-terms', 'transparency')
export class ExecutionStatisticsController {
  constructor(
    private readonly indicators: ExecutionIndicators,
    private readonly exports: TableExports,
  ) {}

  @Read('statistics', {
    summary: 'Contract execution per buying unit, year of the due dates and currency: late deliveries and payments',
    ok: '`{ asOf, paymentTerm, currencies, rows: [{ buyingUnitId, buyingUnitName, year, currency, contracts, deliveries: { scheduled, late, missing, contractsFlagged }, payments: { due, late, unpaidLate, contractsFlagged, averageDaysLate, amountPaidLate, amountOverdue } }] }`',
    badRequest: '`request.invalid`',
    cache: CACHE.statistics,
  })
  statistics(@Query() query: ExecutionStatisticsQuery): Promise<ExecutionStatistics> {
    return this.indicators.statistics(query);
  }

  @Get('export')
  @Cached(CACHE.statistics)
  @ExportRateLimit()
  @ApiOperation({
    summary: 'The deliveries, or the invoices and their payments, of public contracts with their flags, as CSV or XLSX',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description:
      'An attachment `licita-entregas|pagos-YYYY-MM-DD.csv|xlsx`: one row per delivery or invoice, the flag and days late as of the request',
  })
  @ApiBadRequestResponse({ description: '`request.invalid`, `export.too_many_rows` (over EXPORT_MAX_ROWS)' })
  async export(@Query() query: ExecutionExportQuery, @Res() response: ServerResponse): Promise<void> {
    const { format = 'csv', lang, table = 'deliveries', ...filter } = query;
    // The flags as of the injected clock, as the execution's own read computes them.
    const now = this.indicators.now();
    await this.exports.send(response, executionExport(table, filter, now), {
      format,
      language: lang ?? requestLanguage(),
      now,
    });
  }
}
