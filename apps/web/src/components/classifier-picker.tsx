/** Search the classifier by words or code and pick one: used by the buyer's items and the supplier's registration. */
import { useEffect, useState } from 'preact/hooks';
import { get, query } from '../api';
import { currentLanguage, t } from '../i18n';
import type { ClassifierEntry, ListTotal, Page } from '../types';

export const describe = (entry: { description: { es: string | null; en: string | null } }) =>
  (currentLanguage() === 'en'
    ? (entry.description.en ?? entry.description.es)
    : (entry.description.es ?? entry.description.en)) ?? '';

/** A classifier installed (GET /api/classifier/schemes); `default` is the deployment's (CLASSIFIER_SCHEMES). */
export interface ClassifierScheme {
  scheme: string;
  version: string;
  codeCount: number;
  default: boolean;
}

let schemesLoaded: Promise<ClassifierScheme[]> | undefined;

/** The schemes installed, the default first (CUCoP in a Mexican deployment); asked once per page load. */
export function useClassifierSchemes(): ClassifierScheme[] {
  const [schemes, setSchemes] = useState<ClassifierScheme[]>([]);
  useEffect(() => {
    schemesLoaded ??= get<{ items: ClassifierScheme[] }>('/api/classifier/schemes').then(
      (answer) => answer.items,
      () => ((schemesLoaded = undefined), []),
    );
    let stale = false;
    void schemesLoaded.then((items) => !stale && setSchemes(items));
    return () => {
      stale = true;
    };
  }, []);
  return schemes;
}

/**
 * Results for `q` as the person types (after a short pause); the newest answer wins. Within `scheme`, or, without
 * one, in every scheme of `schemes` in their order (the default scheme's results first).
 */
export function useClassifierSearch(q: string, limit = 10, scheme = '', schemes: string[] = []): ClassifierEntry[] {
  return useClassifierPages(q, limit, scheme, schemes).items;
}

/** The same search with how many codes it finds in all (the API's total; only when one scheme is searched). */
export function useClassifierPages(
  q: string,
  limit = 10,
  scheme = '',
  schemes: string[] = [],
): { items: ClassifierEntry[]; total: ListTotal | undefined } {
  const [found, setFound] = useState<{ items: ClassifierEntry[]; total: ListTotal | undefined }>(NOTHING_FOUND);
  const searched = scheme ? [scheme] : schemes.length > 0 ? schemes : [''];
  useEffect(() => {
    if (q.trim().length < 2) return setFound(NOTHING_FOUND);
    let stale = false;
    const each = Math.max(Math.ceil(limit / searched.length), 3);
    const timer = setTimeout(() => {
      Promise.all(
        searched.map((one) =>
          get<Page<ClassifierEntry>>(`/api/classifier${query({ q, scheme: one || undefined, limit: each })}`),
        ),
      ).then(
        (pages) =>
          !stale &&
          setFound({
            items: pages.flatMap((page) => page.items),
            total: pages.length === 1 ? pages[0].total : undefined,
          }),
        () => !stale && setFound(NOTHING_FOUND),
      );
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [q, searched.join(',')]);
  return found;
}

const NOTHING_FOUND = { items: [], total: undefined };

/** The scheme switch: one scheme, or (with `all`) every scheme, the default's results first. */
export function SchemeSelect({
  id,
  value,
  onChange,
  schemes,
  all,
}: {
  id: string;
  value: string;
  onChange: (scheme: string) => void;
  schemes: ClassifierScheme[];
  all?: boolean;
}) {
  if (schemes.length < 2) return null;
  return (
    <label class="field" for={id}>
      <span class="field-label">{t('Catálogo')}</span>
      <select id={id} value={value} onChange={(event) => onChange((event.target as HTMLSelectElement).value)}>
        {all && <option value="">{schemes.map((one) => one.scheme).join(' + ')}</option>}
        {schemes.map((one) => (
          <option value={one.scheme}>
            {one.scheme} {one.default ? `(${t('predeterminado')})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ClassifierPicker({
  label,
  onPick,
  id,
}: {
  label: string;
  onPick: (entry: ClassifierEntry) => void;
  id: string;
}) {
  const [q, setQ] = useState('');
  const [scheme, setScheme] = useState('');
  const schemes = useClassifierSchemes();
  const items = useClassifierSearch(
    q,
    8,
    scheme,
    schemes.map((one) => one.scheme),
  );
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      <input
        id={id}
        type="search"
        value={q}
        onInput={(event) => setQ((event.target as HTMLInputElement).value)}
        placeholder={t('Palabras o clave, p. ej. computadora portátil')}
        autocomplete="off"
      />
      <SchemeSelect id={`${id}-scheme`} value={scheme} onChange={setScheme} schemes={schemes} all />
      {items.length > 0 && (
        <ul class="results" aria-label={t('Resultados del clasificador')}>
          {items.map((entry) => (
            <li>
              <button type="button" class="link" onClick={() => (onPick(entry), setQ(''))}>
                <span class="mono">{entry.code}</span> {describe(entry)} <span class="muted small">{entry.scheme}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
