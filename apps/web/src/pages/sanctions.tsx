/** The public directory of sanctioned suppliers (inhabilitados), current or all. */
import { useState } from 'preact/hooks';
import { get, query } from '../api';
import { Badge, Empty, Loaded, useAsync } from '../components/ui';
import { date } from '../format';
import { label, t } from '../i18n';
import { Link } from '../router';
import type { Page } from '../types';

type SanctionedSupplier = {
  supplierId: string;
  rfc: string;
  legalName: string;
  sanctionId: string;
  startsAt: string;
  endsAt: string | null;
  reason: string;
  resolutionNumber: string;
  status: string;
};

export function Sanctions() {
  const [current, setCurrent] = useState(true);
  const [pages, setPages] = useState<SanctionedSupplier[]>([]);
  const first = useAsync(
    () => (setPages([]), get<Page<SanctionedSupplier>>(`/api/sanctions${query({ current, limit: 50 })}`)),
    [current],
  );
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const next = cursor === undefined ? first.data?.nextCursor : cursor;
  const more = async () => {
    const page = await get<Page<SanctionedSupplier>>(`/api/sanctions${query({ current, limit: 50, cursor: next })}`);
    setPages([...pages, ...page.items]);
    setCursor(page.nextCursor);
  };
  return (
    <>
      <h1>{t('Proveedores sancionados')}</h1>
      <p class="muted">{t('Personas físicas y morales inhabilitadas para participar en contrataciones públicas.')}</p>
      <div class="card row">
        <label>
          <input
            type="checkbox"
            checked={current}
            onChange={(event) => (setCurrent((event.target as HTMLInputElement).checked), setCursor(undefined))}
            style={{ width: 'auto' }}
          />{' '}
          {t('Solo sanciones vigentes')}
        </label>
      </div>
      <Loaded state={first}>
        {(page) => {
          const rows = [...page.items, ...pages];
          if (rows.length === 0) return <Empty>{t('No hay proveedores sancionados.')}</Empty>;
          return (
            <div class="card table-wrap">
              <table class="stack">
                <thead>
                  <tr>
                    <th>{t('Proveedor')}</th>
                    <th>RFC</th>
                    <th>{t('Resolución')}</th>
                    <th>{t('Motivo')}</th>
                    <th>{t('Periodo')}</th>
                    <th>{t('Estado')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((s) => (
                    <tr>
                      <td data-label={t('Proveedor')}>
                        <Link href={`/proveedores/${encodeURIComponent(s.supplierId)}`}>{s.legalName}</Link>
                      </td>
                      <td data-label="RFC" class="mono">
                        {s.rfc}
                      </td>
                      <td data-label={t('Resolución')}>{s.resolutionNumber}</td>
                      <td data-label={t('Motivo')}>{s.reason}</td>
                      <td data-label={t('Periodo')}>
                        {date(s.startsAt)} – {s.endsAt ? date(s.endsAt) : t('indefinida')}
                      </td>
                      <td data-label={t('Estado')}>
                        <Badge kind={s.status === 'in_force' ? 'bad' : 'neutral'}>
                          {label('sanctionStatus', s.status)}
                        </Badge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {next && (
                <p>
                  <button type="button" class="secondary" onClick={more}>
                    {t('Cargar más')}
                  </button>
                </p>
              )}
            </div>
          );
        }}
      </Loaded>
    </>
  );
}
