import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PUBLIC_READS } from '@licita/platform';
import type { DataSource, QueryRunner } from 'typeorm';
import { BULK_TIME_ZONE, type BulkPeriod } from '../../domain/bulk-period';
import { compileReleases, type OcdsRelease } from '../../domain/compile-release';

/** What a period holds: its processes and their releases, and the newest release (an ETag's ingredients). */
export interface PeriodSummary {
  period: string;
  procedures: number;
  releases: number;
  lastPosition: string;
  lastReleaseDate: string;
}

/** Every month that has a process, oldest first (years are summed from them). */
export class BulkMonths extends Query<PeriodSummary[]> {}

/** One period's summary; `undefined` when no process was published in it. */
export class BulkPeriodSummary extends Query<PeriodSummary | undefined> {
  constructor(readonly period: BulkPeriod) {
    super();
  }
}

/**
 * The compiled release of every process of the period, read from one database snapshot, ordered by ocid. Stop
 * iterating to release the connection.
 */
export class BulkPeriodRecords extends Query<AsyncGenerator<OcdsRelease>> {
  constructor(readonly period: BulkPeriod) {
    super();
  }
}

const FETCH_SIZE = 500;

/**
 * The ocids of the processes published in the period, as SQL text (a cursor's DECLARE takes no parameters): the
 * dates are parsePeriod's digits, nothing a client wrote.
 */
export const periodProcesses = (period: BulkPeriod): string =>
  `SELECT ocid FROM ocds_releases GROUP BY ocid
    HAVING min(date) >= ${localMidnight(period.start)} AND min(date) < ${localMidnight(period.end)}`;

const localMidnight = (day: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
  return `('${day}'::timestamp AT TIME ZONE '${BULK_TIME_ZONE}')`;
};

/** Each process's first release date, local to Mexico City: the period it belongs to. */
const PROCESSES = `
  SELECT ocid, min(date) AS first, count(*) AS releases, max(position) AS position, max(date) AS last
    FROM ocds_releases GROUP BY ocid`;
const LOCAL_FIRST = `(first AT TIME ZONE '${BULK_TIME_ZONE}')`;

type SummaryRow = { period: string; procedures: string; releases: string; position: string; last: Date };

const toSummary = (row: SummaryRow): PeriodSummary => ({
  period: row.period,
  procedures: Number(row.procedures),
  releases: Number(row.releases),
  lastPosition: row.position,
  lastReleaseDate: new Date(row.last).toISOString(),
});

@QueryHandler(BulkMonths)
export class BulkMonthsHandler implements IQueryHandler<BulkMonths> {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  async execute(): Promise<PeriodSummary[]> {
    const rows = await this.db.query<SummaryRow[]>(
      `SELECT to_char(${LOCAL_FIRST}, 'YYYY-MM') AS period, count(*) AS procedures, sum(releases) AS releases,
              max(position)::text AS position, max(last) AS last
         FROM (${PROCESSES}) processes GROUP BY 1 ORDER BY 1`,
    );
    return rows.map(toSummary);
  }
}

@QueryHandler(BulkPeriodSummary)
export class BulkPeriodSummaryHandler implements IQueryHandler<BulkPeriodSummary> {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  async execute({ period }: BulkPeriodSummary): Promise<PeriodSummary | undefined> {
    const [row] = await this.db.query<SummaryRow[]>(
      `SELECT $1::text AS period, count(*) AS procedures, sum(releases) AS releases, max(position)::text AS position,
              max(last) AS last
         FROM (${PROCESSES}) processes WHERE ${LOCAL_FIRST} >= $2::timestamp AND ${LOCAL_FIRST} < $3::timestamp`,
      [period.key, period.start, period.end],
    );
    return row && Number(row.procedures) > 0 ? toSummary(row) : undefined;
  }
}

@QueryHandler(BulkPeriodRecords)
export class BulkPeriodRecordsHandler implements IQueryHandler<BulkPeriodRecords> {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  execute({ period }: BulkPeriodRecords): Promise<AsyncGenerator<OcdsRelease>> {
    return Promise.resolve(this.records(period));
  }

  private async *records(period: BulkPeriod): AsyncGenerator<OcdsRelease> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      yield* compiledOfPeriod(runner, period);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }
}

/** The releases of the period's processes through a cursor, compiled process by process (one in memory at once). */
async function* compiledOfPeriod(runner: QueryRunner, period: BulkPeriod): AsyncGenerator<OcdsRelease> {
  await runner.query(
    `DECLARE ocds_bulk_period NO SCROLL CURSOR FOR
       SELECT ocid, release FROM ocds_releases WHERE ocid IN (${periodProcesses(period)}) ORDER BY ocid, position`,
  );
  let ocid: string | undefined;
  let releases: OcdsRelease[] = [];
  for (;;) {
    const rows = (await runner.query(`FETCH ${FETCH_SIZE} FROM ocds_bulk_period`)) as Array<{
      ocid: string;
      release: OcdsRelease;
    }>;
    for (const row of rows) {
      if (row.ocid !== ocid && releases.length > 0) yield compileReleases(releases);
      if (row.ocid !== ocid) releases = [];
      ocid = row.ocid;
      releases.push(row.release);
    }
    if (rows.length < FETCH_SIZE) break;
  }
  if (releases.length > 0) yield compileReleases(releases);
  await runner.query('CLOSE ocds_bulk_period');
}

export const BULK_QUERY_HANDLERS = [BulkMonthsHandler, BulkPeriodSummaryHandler, BulkPeriodRecordsHandler];
