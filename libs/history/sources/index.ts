import type { HistoricalSourceKind } from '../domain/history.events';
import type { SourceReader } from '../application/source-record';
import { readCompranetCsv } from './compranet-source';
import { readOcdsPackage } from './ocds-source';

/** The one registry of source readers by kind: the import command and the API pick a reader here. */
export const SOURCE_READERS: Record<HistoricalSourceKind, SourceReader> = {
  compranet: readCompranetCsv,
  ocds: readOcdsPackage,
};
