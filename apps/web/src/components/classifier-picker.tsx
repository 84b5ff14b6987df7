/** Search the classifier by words or code and pick one: used by the buyer's items and the supplier's registration. */
import { useEffect, useState } from 'preact/hooks';
import { get, query } from '../api';
import { currentLanguage, t } from '../i18n';
import type { ClassifierEntry, Page } from '../types';

export const describe = (entry: { description: { es: string | null; en: string | null } }) =>
  (currentLanguage() === 'en'
    ? (entry.description.en ?? entry.description.es)
    : (entry.description.es ?? entry.description.en)) ?? '';

/** Results for `q` as the person types (after a short pause); the newest answer wins. */
export function useClassifierSearch(q: string, limit = 10): ClassifierEntry[] {
  const [items, setItems] = useState<ClassifierEntry[]>([]);
  useEffect(() => {
    if (q.trim().length < 2) return setItems([]);
    let stale = false;
    const timer = setTimeout(() => {
      get<Page<ClassifierEntry>>(`/api/classifier${query({ q, limit })}`).then(
        (page) => !stale && setItems(page.items),
        () => !stale && setItems([]),
      );
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [q]);
  return items;
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
  const items = useClassifierSearch(q, 8);
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
      {items.length > 0 && (
        <ul class="results" aria-label={t('Resultados del clasificador')}>
          {items.map((entry) => (
            <li>
              <button type="button" class="link" onClick={() => (onPick(entry), setQ(''))}>
                <span class="mono">{entry.code}</span> {describe(entry)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
