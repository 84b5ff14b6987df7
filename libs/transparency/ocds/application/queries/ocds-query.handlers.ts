import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound } from '@licita/shared';
import { PUBLIC_READS } from '@licita/platform';
import { DataSource } from 'typeorm';
import type { BulkPeriod } from '../../domain/bulk-period';
import { compileReleases, type OcdsRelease } from '../../domain/compile-release';
import { periodProcesses } from './bulk-query.handlers';
import { OCDS_EXTENSION_URLS, OCDS_VERSION } from '../../domain/ocds-extensions';
import {
  OcdsBulkReleases,
  OcdsRecordByOcid,
  OcdsReleaseById,
  OcdsReleasePage,
  type OcdsBulk,
  type OcdsRecord,
  type ReleasePage,
} from './ocds.queries';

/**
 * Reads of the `ocds` projection's releases for /api/ocds: pages of the feed (by `position`, the global position
 * of each release's last event), one release, one process's record with its compiled release, and the whole
 * set as a stream read through a server-side cursor (constant memory, one consistent snapshot).
 */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
const BULK_FETCH_SIZE = 500;

export const PUBLISHER = { name: 'Licita' };
/** A sandbox's packages say they hold practice data (and its ocids carry `sandbox-`, LICITA_MODE in config.ts). */
export const SANDBOX_PUBLISHER = { name: 'Licita (SANDBOX / PRÁCTICA: datos de práctica, no reales)' };

export type PackageMeta = { uri: string; publishedDate: string; mode?: 'production' | 'sandbox' };

/** The metadata of a release or record package, `releases`/`records` aside. */
export function packageHeader({ uri, publishedDate, mode }: PackageMeta): Record<string, unknown> {
  const publisher = mode === 'sandbox' ? SANDBOX_PUBLISHER : PUBLISHER;
  return { uri, version: OCDS_VERSION, extensions: OCDS_EXTENSION_URLS, publisher, publishedDate };
}

@QueryHandler(OcdsReleasePage)
export class OcdsReleasePageHandler implements IQueryHandler<OcdsReleasePage> {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  async execute({ after, limit }: OcdsReleasePage): Promise<ReleasePage> {
    const rows: Array<{ position: string; release: OcdsRelease; date: Date }> = await this.db.query(
      'SELECT position, release, date FROM ocds_releases WHERE position > $1 ORDER BY position LIMIT $2',
      [after.toString(), limit],
    );
    return {
      releases: rows.map((row) => row.release),
      publishedDate: latest(rows.map((row) => row.date)),
      lastPosition: rows.at(-1)?.position ?? null,
    };
  }
}

@QueryHandler(OcdsReleaseById)
export class OcdsReleaseByIdHandler implements IQueryHandler<OcdsReleaseById> {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  async execute({ releaseId }: OcdsReleaseById): Promise<OcdsRelease> {
    const [row]: Array<{ release: OcdsRelease }> = await this.db.query(
      'SELECT release FROM ocds_releases WHERE release_id = $1',
      [releaseId],
    );
    if (!row) throw notFound('ocds.release_not_found', `there is no release ${releaseId}`, { releaseId });
    return row.release;
  }
}

/**
 * A release is dated by the `occurredAt` of the command that made it (rewritten only with the rest of that
 * command's events), so the releases dated up to `asOf` are exactly what had been published then.
 */
@QueryHandler(OcdsRecordByOcid)
export class OcdsRecordByOcidHandler implements IQueryHandler<OcdsRecordByOcid> {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  async execute({ ocid, asOf }: OcdsRecordByOcid): Promise<OcdsRecord> {
    const rows: Array<{ release: OcdsRelease }> = await this.db.query(
      'SELECT release FROM ocds_releases WHERE ocid = $1 AND ($2::timestamptz IS NULL OR date <= $2::timestamptz) ORDER BY position',
      [ocid, asOf?.toISOString() ?? null],
    );
    if (rows.length === 0) throw notFound('ocds.record_not_found', `there is no contracting process ${ocid}`, { ocid });
    const releases = rows.map((row) => row.release);
    return { ocid, releases, compiledRelease: compileReleases(releases) };
  }
}

@QueryHandler(OcdsBulkReleases)
export class OcdsBulkReleasesHandler implements IQueryHandler<OcdsBulkReleases> {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  execute({ period }: OcdsBulkReleases): Promise<OcdsBulk> {
    let publishedDate = '';
    const releases = this.allReleases((date) => (publishedDate = date), period);
    return Promise.resolve({ releases, publishedDate: () => publishedDate });
  }

  /** `first` gets the date of the latest release before any is yielded (a package's `publishedDate`). */
  private async *allReleases(first: (publishedDate: string) => void, period?: BulkPeriod): AsyncGenerator<string> {
    const selected = period === undefined ? 'TRUE' : `ocid IN (${periodProcesses(period)})`;
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const [{ latest: newest }] = (await runner.query(
        `SELECT max(date) AS latest FROM ocds_releases WHERE ${selected}`,
      )) as Array<{
        latest: Date | null;
      }>;
      first(latest(newest ? [newest] : []));
      await runner.query(
        `DECLARE ocds_bulk NO SCROLL CURSOR FOR
           SELECT release::text AS release FROM ocds_releases WHERE ${selected} ORDER BY position`,
      );
      for (;;) {
        const rows = (await runner.query(`FETCH ${BULK_FETCH_SIZE} FROM ocds_bulk`)) as Array<{ release: string }>;
        for (const row of rows) yield row.release;
        if (rows.length < BULK_FETCH_SIZE) break;
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }
}

export const OCDS_QUERY_HANDLERS = [
  OcdsReleasePageHandler,
  OcdsReleaseByIdHandler,
  OcdsRecordByOcidHandler,
  OcdsBulkReleasesHandler,
];

/** A package generated on demand is dated by the latest change it holds; an empty one by now. */
const latest = (dates: Date[]): string =>
  (dates.length === 0
    ? new Date()
    : new Date(Math.max(...dates.map((date) => new Date(date).getTime())))
  ).toISOString();
