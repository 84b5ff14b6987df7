/** Open data: where to download everything as OCDS, and how machines follow the changes. */
import { t } from '../i18n';
import { OCDS, PUBLIC } from '../paths';

export function OpenData() {
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
            <a href="/docs">/docs</a> — {t('documentación de la API (OpenAPI).')}
          </li>
        </ul>
      </section>
    </>
  );
}
