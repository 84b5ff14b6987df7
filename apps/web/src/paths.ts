/**
 * The public read endpoints of the transparency context, in one place (libs/transparency). The write side and
 * the register have their own paths in the pages that call them.
 */
export const PUBLIC = {
  tenders: '/api/transparency/tenders',
  tendersExport: '/api/transparency/tenders/export',
  tender: (id: string) => `/api/transparency/tenders/${encodeURIComponent(id)}`,
  supplier: (id: string) => `/api/transparency/suppliers/${encodeURIComponent(id)}`,
  buyingUnit: (id: string) => `/api/transparency/buying-units/${encodeURIComponent(id)}`,
  statistics: '/api/transparency/statistics',
  redFlags: '/api/transparency/red-flags',
  feed: '/api/feed',
  buyingUnitsExport: '/api/buying-units/export',
  sanctionsExport: '/api/sanctions/export',
  statisticsExport: '/api/transparency/statistics/export',
  redFlagsExport: '/api/transparency/red-flags/export',
  executionStatistics: '/api/transparency/execution/statistics',
  executionExport: '/api/transparency/execution/export',
};

export const OCDS = {
  releases: '/api/ocds/releases',
  release: (id: string) => `/api/ocds/releases/${encodeURIComponent(id)}`,
  /** The record of a tender: its ocid is the server's prefix (index.html's meta tag) + the tender id. */
  record: (tenderId: string) => `/api/ocds/records/${encodeURIComponent(ocidPrefix() + tenderId)}`,
  download: (format: 'json' | 'json.gz' | 'jsonl') => `/api/ocds/download?format=${encodeURIComponent(format)}`,
};

/** Bulk open data by period (libs/transparency/ocds/http/bulk.controller.ts): the list, the CSV tables, their dictionary. */
export const BULK = {
  periods: '/api/bulk',
  dictionary: '/api/bulk/dictionary',
  dictionaryCsv: '/api/bulk/dictionary?format=csv',
};

export function ocidPrefix(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="licita-ocid-prefix"]')?.content || 'ocds-licita-';
}
