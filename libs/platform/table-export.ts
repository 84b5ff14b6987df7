import type { ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import { HttpException, Inject, Injectable } from '@nestjs/common';
import type * as ExcelJS from 'exceljs';
import { DataSource, type QueryRunner } from 'typeorm';
import type { ProblemLanguage } from '@licita/shared';
import { OptionalOneOf } from './text-fields';
import { LICITA_CONFIG, type LicitaConfig } from './config';
import { PUBLIC_READS } from './public-reads';

/**
 * Any list as a file, written while its rows are read (constant memory: a server-side cursor feeds `batches`):
 * CSV (UTF-8 with a BOM, so Excel reads accents right; cells that would start a formula are quoted with `'`)
 * or XLSX (exceljs's streaming writer, inline strings, so nothing grows with the rows). Headers in Spanish or
 * English; amounts in pesos with two decimals from integer centavos (CSV: the exact decimal text; XLSX: a number
 * with the `#,##0.00` format, which is the exact decimal for any amount below 2^53 centavos, as Excel shows 15
 * significant digits); instants in Mexico City time (`2026-03-02 10:00:00`, which Excel reads as a date; XLSX:
 * a date cell).
 */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The parameters every export takes beside its list's filters (`IntersectionType` them into its DTO). */
export class ExportFileQuery {
  @OptionalOneOf(EXPORT_FORMATS, { default: 'csv' })
  format?: ExportFormat;

  @OptionalOneOf(['es', 'en'] as const, { description: 'Headers and labels in this language (else Accept-Language)' })
  lang?: 'es' | 'en';
}

/** A header or a name in both languages: `[español, English]`. */
export type Bilingual = readonly [string, string];

export type ExportColumn<Row> =
  | { header: Bilingual; type: 'text'; value: (row: Row) => string | null; width?: number }
  | { header: Bilingual; type: 'integer'; value: (row: Row) => number | null; width?: number }
  /** Integer centavos (a number or the digits PostgreSQL gives for a bigint). */
  | { header: Bilingual; type: 'money'; value: (row: Row) => number | string | null; width?: number }
  | { header: Bilingual; type: 'instant'; value: (row: Row) => Date | null; width?: number };

export interface TableExport<Row> {
  format: ExportFormat;
  language: ProblemLanguage;
  /** What the rows are, for the file name and the sheet: `['procedimientos', 'procedures']`. */
  name: Bilingual;
  /** The instant of the request: its date (Mexico City) goes in the file name. */
  now: Date;
  columns: ReadonlyArray<ExportColumn<Row>>;
  /** The rows, a batch at a time (a cursor's FETCH). */
  batches: AsyncIterable<readonly Row[]>;
}

const TIME_ZONE = 'America/Mexico_City';
const LOCAL = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Mexico City's offset from UTC at the instant (ms), from the zone's rules (Intl: slow, so cached below). */
function zoneOffset(at: number): number {
  const part = Object.fromEntries(LOCAL.formatToParts(new Date(at)).map(({ type, value }) => [type, value]));
  const wall = Date.UTC(+part.year, +part.month - 1, +part.day, +part.hour, +part.minute, +part.second);
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The offset by UTC day: one offset when the day starts and ends with the same one (a zone changes its offset
 * at most once a day, on a whole hour); else, for that day, by hour.
 */
const offsets = new Map<number, number | Map<number, number>>();

function offsetAt(instant: Date): number {
  const time = instant.getTime();
  const day = Math.floor(time / DAY_MS);
  let known = offsets.get(day);
  if (known === undefined) {
    const [start, end] = [zoneOffset(day * DAY_MS), zoneOffset((day + 1) * DAY_MS - 1)];
    known = start === end ? start : new Map<number, number>();
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(day, known);
  }
  if (typeof known === 'number') return known;
  const hour = Math.floor(time / HOUR_MS);
  let offset = known.get(hour);
  if (offset === undefined) known.set(hour, (offset = zoneOffset(hour * HOUR_MS)));
  return offset;
}

/** The instant as Mexico City's wall clock reads it, as a Date whose UTC fields are that reading. */
export function mexicoCityWallClock(instant: Date): Date {
  return new Date(instant.getTime() + offsetAt(instant));
}

/** `2026-03-02 10:00:00`: the instant on Mexico City's clock. */
export function mexicoCityTime(instant: Date): string {
  const text = mexicoCityWallClock(instant).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 19)}`;
}

/** `123450` → `1234.50`, `-5` → `-0.05`: exact, from the integer's digits (never `× 0.01`). */
export function pesos(centavos: number | string): string {
  const digits = String(centavos);
  const sign = digits.startsWith('-') ? '-' : '';
  const padded = digits.replace('-', '').padStart(3, '0');
  return `${sign}${padded.slice(0, -2)}.${padded.slice(-2)}`;
}

/** `licita-procedimientos-2026-12-07.csv` (the date on Mexico City's clock). */
export function exportFileName({
  name,
  language,
  now,
  format,
}: Pick<TableExport<unknown>, 'name' | 'language' | 'now' | 'format'>): string {
  return `licita-${name[language === 'en' ? 1 : 0]}-${mexicoCityTime(now).slice(0, 10)}.${format}`;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Writes the table to the response with its headers. Backpressure all the way: the next rows are read only once
 * the client took the previous ones. A client that goes away ends the loop, which closes `rows` (its cursor).
 */
export async function sendTable<Row>(response: ServerResponse, table: TableExport<Row>): Promise<void> {
  response.statusCode = 200;
  response.setHeader('Content-Type', CONTENT_TYPES[table.format]);
  response.setHeader('Content-Disposition', `attachment; filename="${exportFileName(table)}"`);
  const written = table.format === 'csv' ? sendCsv(response, table) : sendXlsx(response, table);
  await written.catch((error: Error) => {
    if (!response.headersSent) throw error;
    response.destroy(error); // the client went away, or the database failed mid-file: end it abruptly
  });
}

const headerOf = (column: { header: Bilingual }, language: ProblemLanguage) => column.header[language === 'en' ? 1 : 0];

async function sendCsv<Row>(response: ServerResponse, { columns, batches, language }: TableExport<Row>) {
  const text = (column: ExportColumn<Row>, row: Row): string => {
    switch (column.type) {
      case 'money': {
        const amount = column.value(row);
        return amount === null ? '' : pesos(amount);
      }
      case 'instant': {
        const instant = column.value(row);
        return instant === null ? '' : mexicoCityTime(instant);
      }
      default:
        return String(column.value(row) ?? '');
    }
  };
  // A batch at a time through csv-stringify's synchronous API: the stream API's cost per record was most of it.
  const options = { escape_formulas: true } as const;
  await written(response, `\uFEFF${stringify([columns.map((column) => headerOf(column, language))], options)}`);
  for await (const batch of batches)
    await written(
      response,
      stringify(
        batch.map((row) => columns.map((column) => text(column, row))),
        options,
      ),
    );
  response.end();
  await drained(response, 'finish');
}

/** Writes the text, then waits while the client has not taken what was written before. */
async function written(response: ServerResponse, text: string): Promise<void> {
  if (!response.write(text)) await drained(response);
}

const NUMBER_FORMATS: Record<ExportColumn<unknown>['type'], string | undefined> = {
  text: undefined,
  integer: '0',
  money: '#,##0.00',
  instant: 'yyyy-mm-dd hh:mm:ss',
};

async function sendXlsx<Row>(response: ServerResponse, { columns, batches, language, name }: TableExport<Row>) {
  // Loaded on the first XLSX asked for: exceljs is the heaviest module the API would otherwise load at start
  // (about 1.6 s of a 9 s start on a loaded machine, and its memory), for a file few requests ask for.
  const { stream } = (await import('exceljs')).default;
  const workbook = new stream.xlsx.WorkbookWriter({
    stream: response,
    useSharedStrings: false,
    useStyles: true,
    // Passed to archiver: the fastest deflate (a third larger than the default, several times quicker).
    zip: { zlib: { level: 1 } },
  });
  const sheet = workbook.addWorksheet(name[language === 'en' ? 1 : 0], {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((column, index) => ({
    header: headerOf(column, language),
    key: String(index),
    width: column.width ?? 16,
  }));
  // One style object per column, the same for every cell (none is an empty one): exceljs knows a style object it
  // has seen (a weak map), where each cell's own copy would be rendered again to be looked up (a sixth of the time).
  const styles: Array<Partial<ExcelJS.Style>> = columns.map((column) => {
    const numFmt = NUMBER_FORMATS[column.type];
    return numFmt ? { numFmt } : {};
  });
  const cell = (column: ExportColumn<Row>, row: Row): ExcelJS.CellValue => {
    switch (column.type) {
      case 'money': {
        const amount = column.value(row);
        return amount === null ? null : Number(pesos(amount));
      }
      case 'instant': {
        // Excel has no time zones: the cell holds Mexico City's wall-clock time (as if it were UTC).
        const instant = column.value(row);
        return instant === null ? null : mexicoCityWallClock(instant);
      }
      default:
        return column.value(row);
    }
  };
  for await (const batch of batches) {
    for (const row of batch) {
      const added = sheet.addRow(columns.map((column) => cell(column, row)));
      styles.forEach((style, index) => (added.getCell(index + 1).style = style));
      added.commit();
    }
    if (response.writableNeedDrain) await drained(response);
  }
  sheet.commit();
  await workbook.commit();
  await drained(response, 'finish');
}

/** Resolves when the response can take more (or has finished); rejects when the client went away first. */
function drained(response: ServerResponse, event: 'drain' | 'finish' = 'drain'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (event === 'finish' && response.writableFinished) return resolve();
    if (response.destroyed) return reject(new Error('the client went away'));
    const done = () => {
      response.off('close', gone);
      resolve();
    };
    const gone = () => {
      response.off(event, done);
      if (event === 'finish' && response.writableFinished) resolve();
      else reject(new Error('the client went away'));
    };
    response.once(event, done);
    response.once('close', gone);
  });
}

/**
 * A list to export: its rows' statement in parts (`from` holds FROM … WHERE …, with `$n` placeholders for
 * `params`), its columns and its name. Built by the list's context from the same filter its page uses.
 */
export interface ExportSource<Row> {
  name: Bilingual;
  columns: ReadonlyArray<ExportColumn<Row>>;
  select: string;
  from: string;
  orderBy: string;
  params: unknown[];
}

/** Rows per FETCH: a few hundred keeps the batch in flight small; round trips cost little beside writing them. */
export const FETCH_SIZE = 250;

/**
 * Sends exports of public lists, read on the public-reads DataSource through a server-side cursor in one
 * REPEATABLE READ snapshot (the count and the rows agree). More rows than EXPORT_MAX_ROWS: 400
 * `export.too_many_rows` before anything is sent.
 */
@Injectable()
export class TableExports {
  constructor(
    @Inject(PUBLIC_READS) private readonly db: DataSource,
    @Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'exportMaxRows'>,
  ) {}

  async send<Row>(
    response: ServerResponse,
    source: ExportSource<Row>,
    request: Pick<TableExport<Row>, 'format' | 'language' | 'now'>,
  ): Promise<void> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await this.refuseTooMany(runner, source);
      await runner.query(
        `DECLARE table_export NO SCROLL CURSOR FOR SELECT ${source.select} ${source.from} ORDER BY ${source.orderBy}`,
        source.params,
      );
      await sendTable(response, { ...source, ...request, batches: fetched<Row>(runner) });
    } finally {
      // Also when the client went away mid-file: the transaction and its cursor end here.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  private async refuseTooMany(
    runner: QueryRunner,
    source: Pick<ExportSource<unknown>, 'from' | 'params'>,
  ): Promise<void> {
    const maxRows = this.config.exportMaxRows;
    const [{ rows }] = (await runner.query(
      `SELECT count(*)::int AS rows FROM (SELECT 1 ${source.from} LIMIT ${maxRows + 1}) capped`,
      source.params,
    )) as Array<{ rows: number }>;
    if (rows > maxRows)
      throw new HttpException(
        {
          code: 'export.too_many_rows',
          detail: `the export would have more than ${maxRows} rows: narrow the search`,
          details: { maxRows },
        },
        400,
      );
  }
}

/** The cursor's rows a FETCH at a time; the next FETCH runs in PostgreSQL while this batch is written. */
async function* fetched<Row>(runner: QueryRunner): AsyncGenerator<Row[]> {
  const fetch = () => runner.query(`FETCH ${FETCH_SIZE} FROM table_export`) as Promise<Row[]>;
  let next: Promise<Row[]> | undefined = fetch();
  try {
    while (next) {
      const rows: Row[] = await next;
      next = rows.length < FETCH_SIZE ? undefined : fetch();
      yield rows;
    }
  } finally {
    // Stopped early (the client went away): let the FETCH in flight end before the connection is released.
    await next?.catch(() => undefined);
  }
}
