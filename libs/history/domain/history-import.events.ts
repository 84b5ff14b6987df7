import type { HistoricalProcedureType, HistoricalSourceKind } from './history.events';

/**
 * The import runs themselves, one stream each (`historical-import-<importId>`): started, the outcome of every row
 * in file order (a batch at a time: the report, and the checkpoint a killed import resumes from), completed with
 * the counts. The import id is derived from the source kind and the file's SHA-256, so the same file is one run.
 */
export const historicalImportStream = (importId: string) => `historical-import-${importId}`;

export type HistoricalImportStarted = {
  type: 'HistoricalImportStarted';
  data: { importId: string; kind: HistoricalSourceKind; fileName: string; fileSha256: string; rowCount: number };
};

/** What became of one row: imported (with the ids it made) or rejected with a catalogue code. */
export type ImportedRowOutcome = {
  row: string;
  rowKey: string | null;
  status: 'imported' | 'rejected';
  /** The catalogue code of the rejection (`import.currency_invalid`…); null when imported. */
  code: string | null;
  procedureId: string | null;
  contractId: string | null;
  procedureType: HistoricalProcedureType | null;
  currency: string | null;
  /** Minor units of the contract's value; null when rejected. */
  amount: number | null;
  repairs: string[];
};

export type HistoricalImportRowsRecorded = {
  type: 'HistoricalImportRowsRecorded';
  data: { importId: string; rows: ImportedRowOutcome[] };
};

export type ImportCounts = {
  rows: number;
  imported: number;
  rejected: number;
  procedures: number;
  /** Sums of the imported contracts' values per currency, in minor units. */
  totals: Array<{ currency: string; amount: number; contracts: number }>;
  rejections: Array<{ code: string; rows: number }>;
};

export type HistoricalImportCompleted = {
  type: 'HistoricalImportCompleted';
  data: { importId: string; kind: HistoricalSourceKind; fileName: string; fileSha256: string } & ImportCounts;
};

export type HistoricalImportEvent = HistoricalImportStarted | HistoricalImportRowsRecorded | HistoricalImportCompleted;
