/** Open data: where to download everything as OCDS, the flat CSV tables per period, and how machines follow the changes. */
import { Loaded, OrEmpty, useAsync } from '../components/ui';
import { number } from '../format';
import { currentLanguage, t } from '../i18n';
import { get } from '../api';
import { BULK, OCDS, PUBLIC } from '../paths';
import { Link } from '../router';

/** One entry of `GET /api/bulk`: a year or a month with its files. */
export type BulkPeriod = {
  period: string;
  kind: 'year' | 'month';
  closed: boolean;
  procedures: number;
  releases: number;
  lastReleaseDate: string;
  csv: string;
  tables: Record<string, string>;
  json: string;
};

/** "2026" or "marzo de 2026" / "March 2026". */
export function periodName(period: BulkPeriod): string {
  if (period.kind === 'year') return period.period;
  return new Date(`${period.period}-15T12:00:00Z`).toLocaleDateString(currentLanguage() === 'en' ? 'en-US' : 'es-MX', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function OpenData() {
  const periods = useAsync(() => get<{ periods: BulkPeriod[] }>(BULK.periods), []);
  return (
    <>
      <h1>{t('Datos abiertos (OCDS)')}</h1>
      <section class="card">
        <h2>{t('Descarga completa')}</h2>
        <p>
          {t(
            'Todas las publicaciones de todos los procedimientos en el Estándar de Datos de Contrataciones Abiertas (OCDS 1.1), con las extensiones de partidas y ofertas.',
          )}
        </p>
        <ul>
          <li>
            <a href={OCDS.download('json.gz')} download>
              {t('Paquete de publicaciones, JSON comprimido (.json.gz)')}
            </a>
          </li>
          <li>
            <a href={OCDS.download('jsonl')}>{t('Una publicación por línea (JSON Lines)')}</a>
          </li>
          <li>
            <a href={OCDS.download('json')}>{t('Paquete de publicaciones (JSON)')}</a>
          </li>
        </ul>
      </section>
      <section class="card" aria-labelledby="bulk-csv">
        <h2 id="bulk-csv">{t('Tablas CSV por año y por mes')}</h2>
        <p>
          {t(
            'Cada procedimiento en su estado actual, en seis tablas planas con los nombres de columna del formato OCDS aplanado (procedimientos, partidas, conceptos, adjudicaciones, contratos y partes), en CSV UTF-8 que abre cualquier hoja de cálculo. Un procedimiento va en el periodo en que se publicó.',
          )}{' '}
          <Link href="/datos-abiertos/diccionario">{t('Diccionario de datos')}</Link>
        </p>
        <Loaded state={periods}>
          {({ periods: list }) => (
            <OrEmpty items={list} empty={t('Aún no hay procedimientos publicados.')}>
              {(rows) => (
                <div class="table-wrap">
                  <table class="bulk-periods">
                    <thead>
                      <tr>
                        <th>{t('Periodo')}</th>
                        <th class="num">{t('Procedimientos')}</th>
                        <th class="num">{t('Publicaciones')}</th>
                        <th>{t('Tablas CSV')}</th>
                        <th>OCDS</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((period) => (
                        <tr key={period.period} class={period.kind === 'year' ? 'year' : undefined}>
                          <th scope="row">
                            {periodName(period)}
                            {period.closed ? null : <span class="muted"> · {t('en curso')}</span>}
                          </th>
                          <td class="num">{number(period.procedures)}</td>
                          <td class="num">{number(period.releases)}</td>
                          <td>
                            <a href={period.csv} download>
                              {t('Todas (.zip)')}
                            </a>
                            {Object.entries(period.tables).map(([table, href]) => (
                              <span key={table}>
                                {' · '}
                                <a href={href} download>
                                  {table}
                                </a>
                              </span>
                            ))}
                          </td>
                          <td>
                            <a href={period.json} download>
                              .json.gz
                            </a>
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
      </section>
      <section class="card">
        <h2>{t('Para sistemas')}</h2>
        <ul>
          <li>
            <a href={OCDS.releases}>{`GET ${OCDS.releases}`}</a> —{' '}
            {t('publicaciones por páginas; para recibir las nuevas, sigue el enlace')} <code>links.next</code>.
          </li>
          <li>
            <code>GET /api/ocds/records/{'{ocid}'}</code> —{' '}
            {t('el registro de un procedimiento con todas sus publicaciones y la versión compilada.')}
          </li>
          <li>
            <a href={PUBLIC.feed}>{`GET ${PUBLIC.feed}`}</a> —{' '}
            {t('feed de cambios: procedimientos en el orden en que cambiaron, sin huecos ni repeticiones.')}
          </li>
          <li>
            <a href={BULK.periods}>{`GET ${BULK.periods}`}</a> —{' '}
            {t('los periodos con sus archivos CSV y OCDS; el diccionario en')}{' '}
            <a href={BULK.dictionary}>{BULK.dictionary}</a>.
          </li>
          <li>
            <a href="/docs">/docs</a> — {t('documentación de la API (OpenAPI).')}
          </li>
        </ul>
      </section>
    </>
  );
}
