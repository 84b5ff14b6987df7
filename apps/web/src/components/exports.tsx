/** "Descargar CSV" / "Descargar Excel" beside a list: its API's export with the list's own filters. */
import { currentLanguage, t, useLanguage } from '../i18n';

/**
 * `path` is the list's export endpoint (`/api/transparency/tenders/export`), `listQuery` the query string the
 * list is read with (`?q=…&limit=20`): its filters and order go to the export, its paging does not, and the
 * file's headers are in the page's language.
 */
export function exportHref(path: string, listQuery: string, format: 'csv' | 'xlsx'): string {
  const params = new URLSearchParams(listQuery);
  params.delete('cursor');
  params.delete('limit');
  params.set('format', format);
  params.set('lang', currentLanguage());
  return `${path}?${params}`;
}

export function ExportLinks({ path, listQuery }: { path: string; listQuery: string }) {
  useLanguage();
  return (
    <p class="downloads">
      <a href={exportHref(path, listQuery, 'csv')} download data-testid="export-csv">
        {t('Descargar CSV')}
      </a>
      <a href={exportHref(path, listQuery, 'xlsx')} download data-testid="export-xlsx">
        {t('Descargar Excel')}
      </a>
    </p>
  );
}
