import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { HttpException, Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource, type QueryRunner } from 'typeorm';
import type { ProblemLanguage } from '@licita/shared';
import { OptionalOneOf } from './text-fields';
import { LICITA_CONFIG, type LicitaConfig } from './config';
import { PUBLIC_READS } from './public-reads';

/**
 * Any list as a file, written while its rows are read (constant memory: a server-side cursor feeds `rows`):
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
  rows: AsyncIterable<Row>;
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

/** `2026-03-02 10:00:00`: the instant on Mexico City's clock. */
export function mexicoCityTime(instant: Date): string {
  const part = Object.fromEntries(LOCAL.formatToParts(instant).map(({ type, value }) => [type, value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
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
  response.setHeader('Cache-Control', 'no-store');
  const written = table.format === 'csv' ? sendCsv(response, table) : sendXlsx(response, table);
  await written.catch((error: Error) => {
    if (!response.headersSent) throw error;
    response.destroy(error); // the client went away, or the database failed mid-file: end it abruptly
  });
}

const headerOf = (column: { header: Bilingual }, language: ProblemLanguage) => column.header[language === 'en' ? 1 : 0];

function sendCsv<Row>(response: ServerResponse, { columns, rows, language }: TableExport<Row>): Promise<void> {
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
  async function* records() {
    for await (const row of rows) yield columns.map((column) => text(column, row));
  }
  return pipeline(
    Readable.from(records()),
    stringify({
      bom: true,
      header: true,
      columns: columns.map((column) => headerOf(column, language)),
      escape_formulas: true,
    }),
    response,
  );
}

const NUMBER_FORMATS: Record<ExportColumn<unknown>['type'], string | undefined> = {
  text: undefined,
  integer: '0',
  money: '#,##0.00',
  instant: 'yyyy-mm-dd hh:mm:ss',
};

async function sendXlsx<Row>(response: ServerResponse, { columns, rows, language, name }: TableExport<Row>) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: response,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet(name[language === 'en' ? 1 : 0], {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((column, index) => {
    const numFmt = NUMBER_FORMATS[column.type];
    return {
      header: headerOf(column, language),
      key: String(index),
      width: column.width ?? 16,
      ...(numFmt ? { style: { numFmt } } : {}),
    };
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
        return instant === null ? null : new Date(`${mexicoCityTime(instant).replace(' ', 'T')}Z`);
      }
      default:
        return column.value(row);
    }
  };
  for await (const row of rows) {
    sheet.addRow(columns.map((column) => cell(column, row))).commit();
    if (response.writableNeedDrain) await drained(response);
  }
  sheet.commit();
  await workbook.commit();
  if (!response.writableFinished) await drained(response, 'finish');
}

/** Resolves when the response can take more (or has finished); rejects when the client went away first. */
function drained(response: ServerResponse, event: 'drain' | 'finish' = 'drain'): Promise<void> {
  return new Promise((resolve, reject) => {
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

const FETCH_SIZE = 1000;

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
      await sendTable(response, { ...source, ...request, rows: fetched<Row>(runner) });
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

async function* fetched<Row>(runner: QueryRunner): AsyncGenerator<Row> {
  for (;;) {
    const rows = (await runner.query(`FETCH ${FETCH_SIZE} FROM table_export`)) as Row[];
    yield* rows;
    if (rows.length < FETCH_SIZE) return;
  }
}
