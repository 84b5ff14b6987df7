/** How many a list holds, as the API counted it: "1,234 procedimientos", or "≈ 123,000 procedimientos (estimado)". */
import { t, tn } from '../i18n';
import type { ListTotal } from '../types';

/**
 * The total line of a list: exact counts as Mexico writes numbers; past the API's bound its estimate, marked as
 * one. `singular`/`plural` name what is counted (`{n}` the number); without a total, how many are shown.
 */
export function TotalLine({
  total,
  shown,
  singular = '{n} procedimiento',
  plural = '{n} procedimientos',
  estimated = '≈ {n} procedimientos (estimado)',
}: {
  total: ListTotal | undefined;
  shown: number;
  singular?: string;
  plural?: string;
  estimated?: string;
}) {
  const text = !total
    ? tn(shown, 'Resultados mostrados: {n}', 'Resultados mostrados: {n}')
    : total.exact
      ? tn(total.value, singular, plural)
      : tn(total.value, estimated, estimated);
  return (
    <p class="muted" data-testid="list-total" aria-live="polite">
      {text}
    </p>
  );
}
