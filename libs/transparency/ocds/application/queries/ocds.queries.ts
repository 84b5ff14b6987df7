import { Query } from '@nestjs/cqrs';
import type { BulkPeriod } from '../../domain/bulk-period';
import type { OcdsRelease } from '../../domain/compile-release';

export type ReleasePage = { releases: OcdsRelease[]; publishedDate: string; lastPosition: string | null };
export type OcdsRecord = { ocid: string; releases: OcdsRelease[]; compiledRelease: OcdsRelease };
/** What the bulk download streams: each release's JSON text, and the package date once the first read is done. */
export type OcdsBulk = { releases: AsyncGenerator<string>; publishedDate: () => string };

/** The release feed: releases after a position (exclusive), oldest first. */
export class OcdsReleasePage extends Query<ReleasePage> {
  constructor(
    readonly after: bigint,
    readonly limit: number,
  ) {
    super();
  }
}

/** One release (`ocds.release_not_found`). */
export class OcdsReleaseById extends Query<OcdsRelease> {
  constructor(readonly releaseId: string) {
    super();
  }
}

/**
 * Every release of one contracting process, oldest first, and the compiled release (`ocds.record_not_found`).
 * With `asOf` (time travel), the record as it stood then.
 */
export class OcdsRecordByOcid extends Query<OcdsRecord> {
  constructor(
    readonly ocid: string,
    readonly asOf?: Date,
  ) {
    super();
  }
}

/**
 * Every release, streamed from one snapshot (stop iterating to close the cursor early); with a period, those of
 * the processes published in it (bulk-period.ts).
 */
export class OcdsBulkReleases extends Query<OcdsBulk> {
  constructor(readonly period?: BulkPeriod) {
    super();
  }
}
