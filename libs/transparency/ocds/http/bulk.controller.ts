import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import { Zip, ZipDeflate } from 'fflate';
import { CACHE, Cached, cacheControl, Read } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import { notFound } from '@licita/shared';
import {
  BulkMonths,
  BulkPeriodRecords,
  BulkPeriodSummary,
  type PeriodSummary,
} from '../application/queries/bulk-query.handlers';
import { isClosed, parsePeriod, type BulkPeriod } from '../domain/bulk-period';
import type { OcdsRelease } from '../domain/compile-release';
import {
  dataDictionary,
  FLAT_TABLES,
  flatTable,
  tableHeader,
  tableRows,
  TABLE_NAMES,
  type FlatTable,
} from '../domain/flat-tables';

type Request = IncomingMessage & { fresh: boolean; now?: Date };
type Response = ServerResponse;

/** Bumped when the tables' columns change, so no cache keeps a file of the old shape under a valid ETag. */
const FORMAT_VERSION = 1;
const BOM = '\ufeff';
const BULK = '/api/bulk';

export const bulkUrls = (period: string) => ({
  csv: `${BULK}/csv/${period}.zip`,
  tables: Object.fromEntries(TABLE_NAMES.map((name) => [name, `${BULK}/csv/${period}/${name}.csv`])),
  json: `/api/ocds/download?format=json.gz&period=${period}`,
});

export class DictionaryQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/**
 * Bulk open data by period (a year or a month of publication): the flat CSV tables of the OCDS flattened format,
 * as a zip or one table at a time, generated from the same compiled releases as the OCDS record packages, and
 * their data dictionary. See libs/transparency/ocds/README.md, "Bulk CSV".
 */
@ApiTags('ocds')
@Controller('api/bulk')
@ReadsFrom('ocds')
export class BulkController {
  constructor(private readonly queries: QueryBus) {}

  @Read(undefined, {
    summary: 'The periods with bulk files: each year and month with its procedures and releases, and the files',
    ok: '`{ periods: [{ period, kind, closed, procedures, releases, lastReleaseDate, csv, tables, json }], dictionary }`, newest first, each year before its months',
    cache: CACHE.list,
  })
  async periods(@Req() request: Request): Promise<Record<string, unknown>> {
    const months = await this.queries.execute(new BulkMonths());
    const now = request.now ?? new Date();
    const years = new Map<string, PeriodSummary[]>();
    for (const month of months)
      years.set(month.period.slice(0, 4), [...(years.get(month.period.slice(0, 4)) ?? []), month]);
    const entry = (summary: PeriodSummary) => {
      const period = parsePeriod(summary.period) as BulkPeriod;
      return {
        period: summary.period,
        kind: period.kind,
        closed: isClosed(period, now),
        procedures: summary.procedures,
        releases: summary.releases,
        lastReleaseDate: summary.lastReleaseDate,
        ...bulkUrls(summary.period),
      };
    };
    const periods = [...years]
      .sort(([a], [b]) => b.localeCompare(a))
      .flatMap(([year, ofYear]) => [entry(sumOf(year, ofYear)), ...[...ofYear].reverse().map(entry)]);
    return { periods, dictionary: `${BULK}/dictionary` };
  }

  @Read('dictionary', {
    summary:
      'The data dictionary of the bulk CSV tables: every table and column with its OCDS path, type, descriptions and an example',
    ok: '`[{ table, file, es, en, columns: [{ name, type, es, en, example }] }]`, or with `format=csv` one row per column',
    cache: CACHE.reference,
  })
  @ApiProduces('application/json', 'text/csv')
  dictionary(@Query() query: DictionaryQuery, @Res({ passthrough: true }) response: Response): unknown {
    const dictionary = dataDictionary();
    if (query.format !== 'csv') return dictionary;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="licita-diccionario.csv"');
    const rows = dictionary.flatMap((table) =>
      table.columns.map((col) => [table.file, col.name, col.type, col.es, col.en, col.example]),
    );
    return BOM + csv([['file', 'column', 'type', 'description_es', 'description_en', 'example'], ...rows]);
  }

  @Get('csv/:file')
  @Cached(CACHE.openPeriod)
  @ApiOperation({
    summary: 'Every flat table of a period as CSV (UTF-8 with BOM) in one zip: `2026.zip`, `2026-12.zip`',
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description: 'procedures.csv, lots.csv, items.csv, awards.csv, contracts.csv, parties.csv; streamed',
  })
  @ApiNotFoundResponse({ description: '`ocds.bulk_period_not_found`' })
  async zip(@Param('file') file: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { period, summary } = await this.period(file.replace(/\.zip$/, ''), file.endsWith('.zip'));
    if (this.notModified(period, summary, 'zip', request, response)) return;
    response.setHeader('Content-Type', 'application/zip');
    response.setHeader('Content-Disposition', `attachment; filename="licita-ocds-${period.key}-csv.zip"`);
    const records = await this.queries.execute(new BulkPeriodRecords(period));
    await send(response, zipOf(records, new Date(summary.lastReleaseDate)));
  }

  @Get('csv/:period/:file')
  @Cached(CACHE.openPeriod)
  @ApiOperation({ summary: 'One flat table of a period as CSV (UTF-8 with BOM): `2026-12/items.csv`' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The table, streamed; its columns as the data dictionary says' })
  @ApiNotFoundResponse({ description: '`ocds.bulk_period_not_found`, `ocds.bulk_table_not_found`' })
  async table(
    @Param('period') key: string,
    @Param('file') file: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const table = file.endsWith('.csv') ? flatTable(file.slice(0, -'.csv'.length)) : undefined;
    if (!table)
      throw notFound('ocds.bulk_table_not_found', `there is no table ${file}`, { file, tables: [...TABLE_NAMES] });
    const { period, summary } = await this.period(key, true);
    if (this.notModified(period, summary, table.name, request, response)) return;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="licita-ocds-${period.key}-${table.name}.csv"`);
    const records = await this.queries.execute(new BulkPeriodRecords(period));
    await send(response, csvOf(records, table));
  }

  /** The period a key names, with what it holds: 404 for a malformed key or a period without processes. */
  private async period(key: string, wellFormed: boolean): Promise<{ period: BulkPeriod; summary: PeriodSummary }> {
    const period = wellFormed ? parsePeriod(key) : undefined;
    const summary = period && (await this.queries.execute(new BulkPeriodSummary(period)));
    if (!period || !summary)
      throw notFound('ocds.bulk_period_not_found', `no contracting process was published in ${key}`, { period: key });
    return { period, summary };
  }

  /**
   * A closed period's file keeps a day (a late change of one of its processes still changes the ETag); the ETag
   * is what the period holds: its processes, releases and newest release. 304 when the client has it.
   */
  private notModified(
    period: BulkPeriod,
    summary: PeriodSummary,
    what: string,
    request: Request,
    response: Response,
  ): boolean {
    if (
      response.getHeader('Cache-Control') === cacheControl(CACHE.openPeriod) &&
      isClosed(period, request.now ?? new Date())
    )
      response.setHeader('Cache-Control', cacheControl(CACHE.closedPeriod));
    const tag = `${FORMAT_VERSION}-${period.key}-${what}-${summary.procedures}-${summary.releases}-${summary.lastPosition}`;
    response.setHeader('ETag', `W/"${tag}"`);
    if (!request.fresh) return false;
    response.statusCode = 304;
    response.end();
    return true;
  }
}

/** A year's summary from its months. */
const sumOf = (year: string, months: PeriodSummary[]): PeriodSummary => ({
  period: year,
  procedures: months.reduce((sum, month) => sum + month.procedures, 0),
  releases: months.reduce((sum, month) => sum + month.releases, 0),
  lastPosition: months
    .map((month) => BigInt(month.lastPosition))
    .reduce((a, b) => (a > b ? a : b))
    .toString(),
  lastReleaseDate: months.map((month) => month.lastReleaseDate).reduce((a, b) => (a > b ? a : b)),
});

/** CSV lines, CRLF-terminated (RFC 4180; what spreadsheets expect). */
const csv = (rows: string[][]): string => stringify(rows, { record_delimiter: 'windows' });

export async function* csvOf(records: AsyncGenerator<OcdsRelease>, table: FlatTable): AsyncGenerator<string> {
  yield BOM + csv([tableHeader(table)]);
  for await (const compiled of records) {
    const rows = tableRows(table, compiled);
    if (rows.length > 0) yield csv(rows);
  }
}

/**
 * The zip of the six tables from one pass over the records: each table is written to its own temporary file as
 * the processes come (back-pressured, so memory holds one process), then the files are deflated into the zip one
 * after the other as the response takes them. The files are removed whatever happens.
 */
export async function* zipOf(records: AsyncGenerator<OcdsRelease>, mtime: Date): AsyncGenerator<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'licita-bulk-'));
  try {
    const paths = FLAT_TABLES.map((table) => join(dir, `${table.name}.csv`));
    await writeTables(records, paths);
    yield* zipFiles(paths, mtime);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeTables(records: AsyncGenerator<OcdsRelease>, paths: string[]): Promise<void> {
  const files = paths.map((path) => createWriteStream(path));
  const write = async (index: number, text: string) => {
    if (!files[index].write(text)) await once(files[index], 'drain');
  };
  try {
    for (const [index, table] of FLAT_TABLES.entries()) await write(index, BOM + csv([tableHeader(table)]));
    for await (const compiled of records)
      for (const [index, table] of FLAT_TABLES.entries()) {
        const rows = tableRows(table, compiled);
        if (rows.length > 0) await write(index, csv(rows));
      }
  } finally {
    await Promise.all(files.map((file) => new Promise((closed) => file.end(closed))));
  }
}

async function* zipFiles(paths: string[], mtime: Date): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | undefined;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else out.push(chunk);
  });
  for (const path of paths) {
    const file = new ZipDeflate(basename(path), { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    for await (const chunk of createReadStream(path)) {
      file.push(chunk as Buffer);
      if (failure) throw failure;
      yield* out.splice(0);
    }
    file.push(new Uint8Array(0), true);
  }
  zip.end();
  if (failure) throw failure;
  yield* out.splice(0);
}

async function send(response: Response, body: AsyncGenerator<string | Uint8Array>): Promise<void> {
  await pipeline(Readable.from(body), response).catch((error: Error) => {
    if (!response.headersSent) throw error;
    response.destroy(error); // the client went away, or the database failed mid-stream: end the response abruptly
  });
}
