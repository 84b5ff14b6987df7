import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { parseAsOf } from '@licita/ledger';
import { ReadsFrom, ValidatedByCheckpoints } from '@licita/projections';
import { CACHE, Cached, LICITA_CONFIG, LogPositionParam, PageSize, Read, type LicitaConfig } from '@licita/platform';
import { PERIOD_KEY, parsePeriod } from '../domain/bulk-period';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, packageHeader } from '../application/queries/ocds-query.handlers';
import {
  OcdsBulkReleases,
  OcdsRecordByOcid,
  OcdsReleaseById,
  OcdsReleasePage,
} from '../application/queries/ocds.queries';

export class ReleasePageQuery {
  @LogPositionParam({
    description: 'The cursor: `links.next` of the previous page gives it; omit it to start from the first release',
  })
  after?: string;

  @PageSize(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  limit?: number;
}

const FORMATS = ['json', 'json.gz', 'jsonl'] as const;
type BulkFormat = (typeof FORMATS)[number];

export class BulkQuery {
  @ApiPropertyOptional({
    enum: FORMATS,
    default: 'json',
    description: '`json`: one release package; `json.gz`: the same, gzipped, as a file; `jsonl`: one release per line',
  })
  @IsOptional()
  @IsIn(FORMATS)
  format?: BulkFormat;

  @ApiPropertyOptional({
    description:
      'Only the releases of the processes published in this year (`2026`) or month (`2026-12`), Mexico City time',
    example: '2026-12',
  })
  @IsOptional()
  @Matches(PERIOD_KEY, { message: 'period is a year (2026) or a month (2026-12)' })
  period?: string;
}

/** Express's request and response: what Nest's `@Req()`/`@Res()` give on the platform the API runs. */
type Request = IncomingMessage & { originalUrl: string; now?: Date };
type Response = ServerResponse;

/**
 * Open contracting data (OCDS 1.1 with the bid, lots and auction extensions), public: the release feed, single
 * releases, records with their compiled release, and the bulk download. See libs/transparency/ocds/README.md.
 */
@ApiTags('ocds')
@Controller('api/ocds')
@ReadsFrom('ocds')
export class OcdsController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'publicUrl' | 'mode'>,
  ) {}

  /** This request's URL under PUBLIC_URL: the client's `Host` header never reaches an answer. */
  private absoluteUrl(request: Request): string {
    return `${this.config.publicUrl}${request.originalUrl}`;
  }

  @ValidatedByCheckpoints()
  @Read('releases', {
    summary: 'The release feed: a release package of the releases after the cursor, oldest first',
    ok: 'An OCDS release package; `links.next` is the URL of the next page (poll it to follow new releases)',
    cache: CACHE.feed,
  })
  async releases(@Query() query: ReleasePageQuery, @Req() request: Request): Promise<Record<string, unknown>> {
    const after = BigInt(query.after ?? '0');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const page = await this.queries.execute(new OcdsReleasePage(after, limit));
    const next = new URL(this.absoluteUrl(request));
    next.search = new URLSearchParams({
      after: page.lastPosition ?? after.toString(),
      limit: String(limit),
    }).toString();
    return {
      ...packageHeader({ mode: this.config.mode, uri: this.absoluteUrl(request), publishedDate: page.publishedDate }),
      releases: page.releases,
      links: { next: next.toString() },
    };
  }

  @ValidatedByCheckpoints()
  @Read('releases/:id', {
    summary: 'One release, in a release package',
    ok: 'An OCDS release package holding the release',
    notFound: '`ocds.release_not_found`',
    cache: CACHE.detail,
  })
  async release(@Param('id') releaseId: string, @Req() request: Request): Promise<Record<string, unknown>> {
    const release = await this.queries.execute(new OcdsReleaseById(releaseId));
    return {
      ...packageHeader({ mode: this.config.mode, uri: this.absoluteUrl(request), publishedDate: release.date }),
      releases: [release],
    };
  }

  @ValidatedByCheckpoints()
  @Read('records/:ocid', {
    summary: 'The record of one contracting process: every release and the compiled release',
    ok: 'An OCDS record package with one record',
    notFound: '`ocds.record_not_found` (also a process not yet published at `asOf`)',
    cache: CACHE.detail,
  })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description:
      'An ISO 8601 instant: the record as it stood then, with the releases published by then (422 `as_of.invalid`)',
  })
  async record(
    @Param('ocid') ocid: string,
    @Query('asOf') asOf: string | undefined,
    @Req() request: Request,
  ): Promise<Record<string, unknown>> {
    const at = asOf === undefined ? undefined : parseAsOf(asOf, request.now ?? new Date());
    const record = await this.queries.execute(new OcdsRecordByOcid(ocid, at));
    return {
      ...packageHeader({
        mode: this.config.mode,
        uri: this.absoluteUrl(request),
        publishedDate: record.compiledRelease.date,
      }),
      records: [record],
    };
  }

  @Get('download')
  @Cached(CACHE.list)
  @ApiOperation({ summary: 'Every release at once, streamed: a release package, gzipped, or one release per line' })
  @ApiProduces('application/json', 'application/gzip', 'application/x-ndjson')
  @ApiOkResponse({ description: 'Gzip-encoded when Accept-Encoding allows it (json, jsonl), or a .json.gz file' })
  async download(@Query() query: BulkQuery, @Req() request: Request, @Res() response: Response): Promise<void> {
    const format = query.format ?? 'json';
    const uri = this.absoluteUrl(request);
    const { releases, publishedDate } = await this.queries.execute(
      new OcdsBulkReleases(query.period === undefined ? undefined : parsePeriod(query.period)),
    );
    const body =
      format === 'jsonl'
        ? lines(releases)
        : releasePackage(releases, () =>
            packageHeader({ mode: this.config.mode, uri, publishedDate: publishedDate() }),
          );

    response.appendHeader('Vary', 'Accept-Encoding');
    if (format === 'json.gz') {
      response.setHeader('Content-Type', 'application/gzip');
      const name = query.period === undefined ? 'ocds-releases' : `ocds-releases-${query.period}`;
      response.setHeader('Content-Disposition', `attachment; filename="${name}.json.gz"`);
    } else {
      response.setHeader(
        'Content-Type',
        format === 'jsonl' ? 'application/x-ndjson; charset=utf-8' : 'application/json; charset=utf-8',
      );
    }
    const gzip = format === 'json.gz' || acceptsGzip(request);
    if (gzip && format !== 'json.gz') response.setHeader('Content-Encoding', 'gzip');
    const sent = gzip ? pipeline(Readable.from(body), createGzip(), response) : pipeline(Readable.from(body), response);
    await sent.catch((error: Error) => {
      if (!response.headersSent) throw error;
      response.destroy(error); // the client went away, or the database failed mid-stream: end the response abruptly
    });
  }
}

/** `{"uri":…,"releases":[r1,r2,…]}`, written as it is read; the header waits for the first read (its date). */
async function* releasePackage(
  releases: AsyncGenerator<string>,
  header: () => Record<string, unknown>,
): AsyncGenerator<string> {
  let separator = '';
  let opened = false;
  for await (const release of releases) {
    if (!opened) {
      yield openPackage(header());
      opened = true;
    }
    yield separator + release;
    separator = ',';
  }
  if (!opened) yield openPackage(header());
  yield ']}';
}

const openPackage = (header: Record<string, unknown>) => `${JSON.stringify(header).slice(0, -1)},"releases":[`;

async function* lines(releases: AsyncGenerator<string>): AsyncGenerator<string> {
  for await (const release of releases) yield `${release}\n`;
}

/** `Accept-Encoding: gzip`, `gzip;q=0.5` or `*`, unless refused with `q=0`. */
function acceptsGzip(request: Request): boolean {
  return String(request.headers['accept-encoding'] ?? '')
    .split(',')
    .map((entry) =>
      entry
        .trim()
        .toLowerCase()
        .split(/\s*;\s*/),
    )
    .some(
      ([coding, ...params]) =>
        (coding === 'gzip' || coding === '*') && !params.some((param) => /^q=0(\.0*)?$/.test(param)),
    );
}
