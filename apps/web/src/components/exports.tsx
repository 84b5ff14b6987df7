/** "Descargar CSV" / "Descargar Excel" beside a list: its API's export with the list's own filters. */
import { useState } from 'preact/hooks';
import { downloadFile } from '../api';
import { currentLanguage, t, useLanguage } from '../i18n';
import { ErrorBox } from './ui';

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

/** Today on Mexico City's clock, `2026-12-07`, as the server names its files. */
const mexicoCityToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', dateStyle: 'short' }).format(new Date());

/**
 * The same downloads for a list that needs the signed-in account (a desk's list): fetched with its token, then
 * saved as `licita-<name>-<date>.<format>`; a refusal is shown beside the buttons.
 */
export function SignedInExportButtons({
  path,
  listQuery,
  name,
}: {
  path: string;
  listQuery: string;
  name: { es: string; en: string };
}) {
  const language = useLanguage();
  const [error, setError] = useState<unknown>(null);
  const download = (format: 'csv' | 'xlsx') => () => {
    setError(null);
    const file = `licita-${name[language]}-${mexicoCityToday()}.${format}`;
    downloadFile(exportHref(path, listQuery, format), file).catch(setError);
  };
  return (
    <div class="downloads">
      <button type="button" class="secondary" onClick={download('csv')} data-testid="export-csv">
        {t('Descargar CSV')}
      </button>
      <button type="button" class="secondary" onClick={download('xlsx')} data-testid="export-xlsx">
        {t('Descargar Excel')}
      </button>
      <ErrorBox error={error} />
    </div>
  );
}
