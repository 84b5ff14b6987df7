/**
 * A multi-year contract's terms (contrato plurianual, LFPRH art. 50) as the buyer fills them on the contract's
 * signing and amendment forms: one row per fiscal year with its amount and, on signing, SHCP's portfolio key; the
 * rows' sum shown as it is typed against the contract's amount. The server checks the same (at least two years,
 * each once, within the period, adding up to the amount) and its refusal is shown in words from the catalogue.
 */
import type { ComponentChildren } from 'preact';
import { money } from '../format';
import { fiscalYearsSum, type MultiYearForm, type YearRow } from '../consolidation-forms';
import { t } from '../i18n';
import { Field } from './ui';

export function MultiYearFields({
  form,
  onChange,
  amount,
  currency = 'MXN',
  portfolioKey = true,
  children,
}: {
  form: MultiYearForm;
  onChange: (next: MultiYearForm) => void;
  /** The contract's amount the years must add up to, when the desk knows it. */
  amount: number | null;
  currency?: string;
  /** Whether the portfolio key is asked (on signing; an amendment changes only the years' amounts). */
  portfolioKey?: boolean;
  children?: ComponentChildren;
}) {
  const setRow = (index: number, change: Partial<YearRow>) =>
    onChange({ ...form, rows: form.rows.map((row, i) => (i === index ? { ...row, ...change } : row)) });
  const { sum, complete } = fiscalYearsSum(form);
  const matches = amount !== null && complete && sum === amount;
  return (
    <fieldset class="wide" data-testid="multi-year-form">
      <legend>
        <label>
          <input type="checkbox" checked={form.on} onChange={() => onChange({ ...form, on: !form.on })} />{' '}
          {t('Contrato plurianual')}
        </label>
      </legend>
      {form.on && (
        <div class="filters">
          {form.rows.map((row, index) => (
            <>
              <Field label={t('Ejercicio fiscal {n}', { n: index + 1 })}>
                <input
                  type="number"
                  min="2000"
                  max="2100"
                  required
                  value={row.fiscalYear}
                  onInput={(e) => setRow(index, { fiscalYear: (e.target as HTMLInputElement).value })}
                />
              </Field>
              <Field label={t('Monto del ejercicio {n} ({currency})', { n: index + 1, currency })}>
                <input
                  inputMode="decimal"
                  required
                  value={row.amount}
                  onInput={(e) => setRow(index, { amount: (e.target as HTMLInputElement).value })}
                />
              </Field>
            </>
          ))}
          <p class="wide">
            <button
              type="button"
              onClick={() => {
                const last = Number(form.rows.at(-1)?.fiscalYear) || new Date().getFullYear();
                onChange({ ...form, rows: [...form.rows, { fiscalYear: String(last + 1), amount: '' }] });
              }}
            >
              {t('Agregar ejercicio')}
            </button>{' '}
            {form.rows.length > 2 && (
              <button type="button" onClick={() => onChange({ ...form, rows: form.rows.slice(0, -1) })}>
                {t('Quitar el último ejercicio')}
              </button>
            )}
          </p>
          {portfolioKey && (
            <Field label={t('Clave de cartera SHCP')} hint={t('Si el proyecto tiene una (letras, dígitos y guiones).')}>
              <input
                value={form.portfolioKey}
                onInput={(e) => onChange({ ...form, portfolioKey: (e.target as HTMLInputElement).value })}
              />
            </Field>
          )}
          <p class="wide" data-testid="multi-year-sum" aria-live="polite">
            {amount === null
              ? t('Suma de los ejercicios: {sum}', { sum: money(sum, currency) })
              : t('Suma de los ejercicios: {sum} de {amount}', {
                  sum: money(sum, currency),
                  amount: money(amount, currency),
                })}{' '}
            {amount !== null && (matches ? '✓' : `(${t('la suma debe ser igual al monto del contrato')})`)}
          </p>
          {children}
        </div>
      )}
    </fieldset>
  );
}
