/**
 * What an amendment changed, field by field (`fieldDiff` of libs/tendering): "Límite para propuestas: 20 mar
 * 2026, 10:00 → 27 mar 2026, 10:00". Paths are named in words where the page knows them; dates, money and
 * lists are written as a person reads them. Used by the public tender page and the buyer's desk.
 */
import { dateTime, money } from '../format';
import { t } from '../i18n';

export type FieldChange = { path: string; before: unknown; after: unknown };

const FIELD_NAMES: Record<string, string> = {
  title: 'Título',
  description: 'Descripción',
  estimatedTotal: 'Valor estimado total',
  amount: 'Monto',
  endDate: 'Fecha de término',
  documents: 'Documentos',
  lots: 'Partidas',
  'schedule.questionsDeadline': 'Límite para preguntas',
  'schedule.submissionDeadline': 'Límite para propuestas',
  'schedule.openingDate': 'Acto de apertura',
  'schedule.awardDate': 'Fallo',
  // A line of an annual plan (pages/plans.tsx)
  classifierCode: 'Clave del clasificador',
  estimate: 'Monto estimado',
  quarter: 'Trimestre previsto',
  procedureType: 'Procedimiento previsto',
  legalBasis: 'Fundamento legal',
};

const ITEM_FIELDS: Record<string, string> = {
  title: 'Nombre de la partida',
  description: 'Descripción del concepto',
  quantity: 'Cantidad',
  unit: 'Unidad de medida',
  estimatedUnitPrice: 'Precio unitario estimado',
  estimatedValue: 'Valor estimado',
};

/** `lots[lot-1].items[item-2].quantity` → "Partida lot-1 · concepto item-2 · Cantidad". */
export function fieldName(full: string): string {
  // A sum of money changes in its centavos (`estimatedTotal.amount`): named as the sum.
  const path = full.replace(/\.amount$/, '');
  if (FIELD_NAMES[path]) return t(FIELD_NAMES[path]);
  const parts = [...path.matchAll(/([A-Za-z]+)(?:\[([^\]]+)\])?/g)].map(([, key, id]) => {
    if (key === 'lots') return id ? `${t('Partida')} ${id}` : t('Partidas');
    if (key === 'items') return id ? `${t('concepto')} ${id}` : t('conceptos');
    if (key === 'documents') return id ? `${t('documento')} ${id}` : t('Documentos');
    const known = ITEM_FIELDS[key] ?? FIELD_NAMES[key];
    return known ? t(known) : key;
  });
  return parts.join(' · ');
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Paths whose numbers are centavos. */
const CENTAVOS = /(\.amount|estimatedUnitPrice)$/;

/** A value of a change as a person reads it; `null` (the field did not exist) as a dash. */
export function changeValue(value: unknown, path = ''): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number' && CENTAVOS.test(path)) return money(value);
  if (typeof value === 'string') return ISO_INSTANT.test(value) ? dateTime(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null && 'amount' in value && 'currency' in value)
    return money((value as { amount: number }).amount, (value as { currency: string }).currency);
  if (typeof value === 'object' && value !== null) {
    const named = value as { title?: unknown; fileName?: unknown; description?: unknown };
    const name = named.title ?? named.fileName ?? named.description;
    if (typeof name === 'string') return name;
  }
  return JSON.stringify(value);
}

/** The list of changes of one amendment: field, the value before, the value after. */
export function FieldChanges({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return null;
  return (
    <ul class="changes" data-testid="amendment-changes">
      {changes.map((change) => (
        <li>
          <strong>{fieldName(change.path)}</strong>: <del>{changeValue(change.before, change.path)}</del> →{' '}
          <ins>{changeValue(change.after, change.path)}</ins>
        </li>
      ))}
    </ul>
  );
}
