import type { EventStore } from '@licita/event-store';
import { problemMessage } from '@licita/shared';
import {
  historicalImportStream,
  type HistoricalImportCompleted,
  type HistoricalImportRowsRecorded,
  type HistoricalImportStarted,
  type ImportCounts,
  type ImportedRowOutcome,
} from '../domain/history-import.events';
import type { HistoricalSourceKind } from '../domain/history.events';

/** One import run as listed: its file, its state and (once completed) its counts. */
export type ImportRunView = {
  importId: string;
  kind: HistoricalSourceKind;
  fileName: string;
  fileSha256: string;
  rowCount: number;
  status: 'running_or_interrupted' | 'completed';
  startedAt: string;
  startedBy: string;
  completedAt: string | null;
  counts: ImportCounts | null;
};

/** Every import run, newest first, from the runs' own events. */
export async function listImportRuns(store: EventStore): Promise<ImportRunView[]> {
  const runs = new Map<string, ImportRunView>();
  let fromPosition: bigint | undefined;
  for (;;) {
    const page = await store.readAll({
      fromPosition,
      maxCount: 1_000,
      filter: {
        streamPrefixes: ['historical-import-'],
        eventTypePrefixes: ['HistoricalImportStarted', 'HistoricalImportCompleted'],
      },
    });
    for (const event of page) {
      if (event.type === 'HistoricalImportStarted') {
        const data = event.data as unknown as HistoricalImportStarted['data'];
        runs.set(data.importId, {
          ...data,
          status: 'running_or_interrupted',
          startedAt: event.metadata.occurredAt,
          startedBy: event.metadata.actor,
          completedAt: null,
          counts: null,
        });
      } else {
        const data = event.data as unknown as HistoricalImportCompleted['data'];
        const run = runs.get(data.importId);
        if (!run) continue;
        const { rows, imported, rejected, procedures, totals, rejections } = data;
        run.status = 'completed';
        run.completedAt = event.metadata.occurredAt;
        run.counts = { rows, imported, rejected, procedures, totals, rejections };
      }
    }
    if (page.length < 1_000) break;
    fromPosition = page[page.length - 1].globalPosition;
  }
  return [...runs.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/** Every row's outcome of one run, in file order; `undefined` when there is no such run. */
export async function importRowOutcomes(
  store: EventStore,
  importId: string,
): Promise<ImportedRowOutcome[] | undefined> {
  const events = await store.readStream(historicalImportStream(importId));
  if (events.length === 0) return undefined;
  return events
    .filter((e) => e.type === 'HistoricalImportRowsRecorded')
    .flatMap((e) => (e.data as unknown as HistoricalImportRowsRecorded['data']).rows);
}

const REPORT_COLUMNS = [
  'row',
  'row_key',
  'status',
  'reason_code',
  'message_es',
  'message_en',
  'procedure_id',
  'contract_id',
  'procedure_type',
  'currency',
  'amount',
  'repairs',
] as const;

/**
 * The downloadable report: one line per row of the file, imported or rejected, with the catalogue's Spanish and
 * English message for a rejection and the repairs the import made; amounts as decimal strings of the currency's
 * major unit (never floats).
 */
export function importReportCsv(rows: ImportedRowOutcome[]): string {
  const lines = [REPORT_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.row,
        row.rowKey ?? '',
        row.status,
        row.code ?? '',
        row.code ? (problemMessage(row.code, 'es') ?? '') : '',
        row.code ? (problemMessage(row.code, 'en') ?? '') : '',
        row.procedureId ?? '',
        row.contractId ?? '',
        row.procedureType ?? '',
        row.currency ?? '',
        row.amount === null ? '' : majorUnits(row.amount),
        row.repairs.join(' '),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const majorUnits = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/** Quoted when needed; a leading =, +, -, @ is neutralised so a spreadsheet does not run it as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
