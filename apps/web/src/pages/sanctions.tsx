/** The public directory of sanctioned suppliers (inhabilitados), current or all. */
import { useState } from 'preact/hooks';
import { get, query } from '../api';
import { LoadMore, Table, usePaged, type Column } from '../components/blocks';
import { ExportLinks } from '../components/exports';
import { Loaded, OrEmpty } from '../components/ui';
import { t } from '../i18n';
import { PUBLIC } from '../paths';
import { Link } from '../router';
import type { Page } from '../types';
import { SanctionBadge, sanctionPeriod, type Sanction } from './profiles';

type SanctionedSupplier = Sanction & { supplierId: string; rfc: string; legalName: string };

const columns = (): Array<Column<SanctionedSupplier>> => [
  {
    label: t('Proveedor'),
    cell: (s) => <Link href={`/proveedores/${encodeURIComponent(s.supplierId)}`}>{s.legalName}</Link>,
  },
  { label: 'RFC', mono: true, cell: (s) => s.rfc },
  { label: t('Resolución'), cell: (s) => s.resolutionNumber },
  { label: t('Motivo'), cell: (s) => s.reason },
  { label: t('Periodo'), cell: (s) => sanctionPeriod(s) },
  { label: t('Estado'), cell: (s) => <SanctionBadge status={s.status} /> },
];

export function Sanctions() {
  const [current, setCurrent] = useState(true);
  const list = usePaged(
    (cursor) => get<Page<SanctionedSupplier>>(`/api/sanctions${query({ current, limit: 50, cursor })}`),
    String(current),
  );
  return (
    <>
      <h1>{t('Proveedores sancionados')}</h1>
      <p class="muted">{t('Personas físicas y morales inhabilitadas para participar en contrataciones públicas.')}</p>
      <div class="card row">
        <label>
          <input
            type="checkbox"
            checked={current}
            onChange={(event) => setCurrent((event.target as HTMLInputElement).checked)}
            style={{ width: 'auto' }}
          />{' '}
          {t('Solo sanciones vigentes')}
        </label>
      </div>
      <ExportLinks path={PUBLIC.sanctionsExport} listQuery={query({ current })} />
      <Loaded state={list.first}>
        {() => (
          <OrEmpty items={list.items} empty={t('No hay proveedores sancionados.')}>
            {(rows) => (
              <Table columns={columns()} rows={rows} wrap="card table-wrap">
                <LoadMore when={list.next} onMore={list.loadMore} />
              </Table>
            )}
          </OrEmpty>
        )}
      </Loaded>
    </>
  );
}
