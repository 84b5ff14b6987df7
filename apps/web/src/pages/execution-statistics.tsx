/**
 * The execution of public contracts in numbers (libs/execution: GET /api/transparency/execution/statistics): late
 * and missing deliveries and late payments per buying unit, year and currency, as of today, and the files of
 * deliveries and payments with their flags.
 */
import type { ExecutionStatistics } from '@licita/execution';
import { get } from '../api';
import { ExportLinks } from '../components/exports';
import { Loaded, Money, OrEmpty, Section, useAsync } from '../components/ui';
import { number } from '../format';
import { t } from '../i18n';
import { PUBLIC } from '../paths';
import { Link } from '../router';

export function ExecutionFigures() {
  const state = useAsync(() => get<ExecutionStatistics>(PUBLIC.executionStatistics), []);
  return (
    <Section title={t('Ejecución de contratos: entregas y pagos atrasados')}>
      <Loaded state={state}>
        {(stats) => (
          <OrEmpty items={stats.rows} empty={t('Sin entregas ni facturas con fecha de vencimiento todavía.')}>
            {() => (
              <div class="table-wrap">
                <table class="stack" data-testid="execution-statistics">
                  <thead>
                    <tr>
                      <th>{t('Unidad compradora')}</th>
                      <th class="num">{t('Año')}</th>
                      <th class="num">{t('Contratos')}</th>
                      <th class="num">{t('Entregas atrasadas o faltantes')}</th>
                      <th class="num">{t('Pagos atrasados')}</th>
                      <th class="num">{t('Días de atraso promedio')}</th>
                      <th class="num">{t('Pagado fuera de plazo')}</th>
                      <th class="num">{t('Vencido sin pagar')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {stats.rows.map((row) => (
                      <tr>
                        <td data-label={t('Unidad compradora')}>
                          <Link href={`/unidades/${encodeURIComponent(row.buyingUnitId)}`}>
                            {row.buyingUnitName ?? row.buyingUnitId}
                          </Link>
                        </td>
                        <td data-label={t('Año')} class="num">
                          {row.year}
                        </td>
                        <td data-label={t('Contratos')} class="num">
                          {number(row.contracts)}
                        </td>
                        <td data-label={t('Entregas atrasadas o faltantes')} class="num">
                          {number(row.deliveries.late + row.deliveries.missing)} / {number(row.deliveries.scheduled)}
                        </td>
                        <td data-label={t('Pagos atrasados')} class="num">
                          {number(row.payments.late)} / {number(row.payments.due)}
                        </td>
                        <td data-label={t('Días de atraso promedio')} class="num">
                          {number(row.payments.averageDaysLate)}
                        </td>
                        <td data-label={t('Pagado fuera de plazo')} class="num">
                          <Money amount={row.payments.amountPaidLate.amount} currency={row.currency} />
                        </td>
                        <td data-label={t('Vencido sin pagar')} class="num">
                          <Money amount={row.payments.amountOverdue.amount} currency={row.currency} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </OrEmpty>
        )}
      </Loaded>
      <p class="muted">
        {t(
          'Calculado a la fecha de la consulta: una entrega o un pago se atrasa al pasar su fecha, sin que nadie lo registre. Plazo de pago: 20 días naturales desde la aceptación de la factura (LAASSP art. 51).',
        )}
      </p>
      <p>{t('Entregas, con su bandera:')}</p>
      <ExportLinks path={PUBLIC.executionExport} listQuery="table=deliveries" />
      <p>{t('Facturas y pagos, con su bandera:')}</p>
      <ExportLinks path={PUBLIC.executionExport} listQuery="table=payments" />
    </Section>
  );
}
