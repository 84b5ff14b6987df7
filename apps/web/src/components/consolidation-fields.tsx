/**
 * The tender editor's "Compra consolidada" section (LAASSP art. 17): the central unit records each participating
 * unit (picked by code and name from the register's list of units), the reference of its request, the quantities of
 * the tender's items it requires and what it commits from its budget. Each item's quantities are added up as they
 * are typed against the tender's; the server checks the same (`tender.consolidation_quantities_mismatch`) and its
 * refusal is shown in words from the catalogue.
 */
import { get } from '../api';
import { money, parseMoney } from '../format';
import {
  emptyParticipant,
  type ConsolidationDraft,
  type ConsolidationItem,
  type ParticipantDraft,
} from '../consolidation-forms';
import { t } from '../i18n';
import { Field, useAsync } from './ui';

type Unit = { buyingUnitId: string; code: string; name: string };

export function ConsolidationFields({
  draft,
  onChange,
  items,
  unit,
}: {
  draft: ConsolidationDraft;
  onChange: (next: ConsolidationDraft) => void;
  /** The tender's items as the form holds them. */
  items: ConsolidationItem[];
  /** The central (drafting) unit. */
  unit: string;
}) {
  const units = useAsync(() => get<{ items: Unit[] }>('/api/buying-units?limit=100'), []);
  const setParticipant = (index: number, change: Partial<ParticipantDraft>) =>
    onChange({ ...draft, participants: draft.participants.map((p, i) => (i === index ? { ...p, ...change } : p)) });
  return (
    <fieldset data-testid="consolidation">
      <legend>
        <label>
          <input type="checkbox" checked={draft.on} onChange={() => onChange({ ...draft, on: !draft.on })} />{' '}
          {t('Compra consolidada (LAASSP art. 17)')}
        </label>
      </legend>
      {draft.on && (
        <>
          <p class="small muted">
            {t(
              'Cada unidad participante firmará su propio contrato por sus cantidades; las cantidades suman las de la licitación.',
            )}
          </p>
          {draft.participants.map((p, index) => (
            <div class="filters" data-testid="participant-fields">
              <Field label={t('Unidad participante {n}', { n: index + 1 })}>
                <select
                  required
                  value={p.buyingUnitId}
                  onChange={(e) => setParticipant(index, { buyingUnitId: (e.target as HTMLSelectElement).value })}
                >
                  <option value="">{t('Elige una unidad del registro')}</option>
                  {(units.data?.items ?? [])
                    .filter((u) => u.buyingUnitId !== unit || p.buyingUnitId === unit)
                    .map((u) => (
                      <option value={u.buyingUnitId}>
                        {u.code} · {u.name}
                      </option>
                    ))}
                </select>
              </Field>
              <Field label={t('Requisición u oficio de la unidad {n}', { n: index + 1 })}>
                <input
                  required
                  value={p.requestReference}
                  onInput={(e) => setParticipant(index, { requestReference: (e.target as HTMLInputElement).value })}
                />
              </Field>
              {items.map((item) => (
                <Field
                  label={t('Cantidad de {item} (unidad {n})', { item: item.description || item.itemId, n: index + 1 })}
                >
                  <input
                    type="number"
                    min="0"
                    step="any"
                    value={p.quantities[item.itemId] ?? ''}
                    onInput={(e) =>
                      setParticipant(index, {
                        quantities: { ...p.quantities, [item.itemId]: (e.target as HTMLInputElement).value },
                      })
                    }
                  />
                </Field>
              ))}
              <Field label={t('Monto comprometido por la unidad {n} (MXN)', { n: index + 1 })}>
                <input
                  inputMode="decimal"
                  required
                  value={p.commitment}
                  onInput={(e) => setParticipant(index, { commitment: (e.target as HTMLInputElement).value })}
                />
              </Field>
            </div>
          ))}
          <p>
            <button
              type="button"
              class="secondary"
              onClick={() => onChange({ ...draft, participants: [...draft.participants, emptyParticipant()] })}
            >
              {t('Agregar unidad participante')}
            </button>{' '}
            {draft.participants.length > 2 && (
              <button
                type="button"
                class="secondary"
                onClick={() => onChange({ ...draft, participants: draft.participants.slice(0, -1) })}
              >
                {t('Quitar la última unidad')}
              </button>
            )}
          </p>
          <ul data-testid="consolidation-sums" aria-live="polite">
            {items.map((item) => {
              const sum = draft.participants.reduce((s, p) => s + (Number(p.quantities[item.itemId]) || 0), 0);
              return (
                <li>
                  {t('{item}: las unidades suman {sum} de {quantity}', {
                    item: item.description || item.itemId,
                    sum: String(sum),
                    quantity: String(item.quantity),
                  })}{' '}
                  {sum === item.quantity ? '✓' : `(${t('deben sumar la cantidad de la licitación')})`}
                </li>
              );
            })}
          </ul>
          <p class="small muted">
            {t('Comprometido en total: {sum}', {
              sum: money(draft.participants.reduce((s, p) => s + (parseMoney(p.commitment) ?? 0), 0)),
            })}
          </p>
        </>
      )}
    </fieldset>
  );
}
