/** The data dictionary of the bulk CSV tables: each table and column, from the exporter's own definitions. */
import { get } from '../api';
import { Loaded, useAsync } from '../components/ui';
import { currentLanguage, t } from '../i18n';
import { BULK } from '../paths';
import { Link } from '../router';

type DictionaryTable = {
  table: string;
  file: string;
  es: string;
  en: string;
  columns: Array<{ name: string; type: string; es: string; en: string; example: string }>;
};

export function DataDictionary() {
  const dictionary = useAsync(() => get<DictionaryTable[]>(BULK.dictionary), []);
  const described = (entry: { es: string; en: string }) => (currentLanguage() === 'en' ? entry.en : entry.es);
  return (
    <>
      <h1>{t('Diccionario de datos')}</h1>
      <p>
        {t(
          'Las columnas de las tablas CSV de datos abiertos. Cada nombre es la ruta del dato en OCDS; en las tablas hijas, el 0 indica el elemento de la fila, y ocid e id enlazan cada fila con su procedimiento.',
        )}{' '}
        <Link href="/datos-abiertos">{t('Datos abiertos')}</Link> ·{' '}
        <a href={BULK.dictionaryCsv} download>
          {t('Diccionario en CSV')}
        </a>
      </p>
      <Loaded state={dictionary}>
        {(tables) => (
          <>
            {tables.map((table) => (
              <section class="card" key={table.table} aria-labelledby={`table-${table.table}`}>
                <h2 id={`table-${table.table}`}>
                  <code>{table.file}</code>
                </h2>
                <p>{described(table)}</p>
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th>{t('Columna')}</th>
                        <th>{t('Tipo')}</th>
                        <th>{t('Descripción')}</th>
                        <th>{t('Ejemplo')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {table.columns.map((column) => (
                        <tr key={column.name}>
                          <td>
                            <code>{column.name}</code>
                          </td>
                          <td>{column.type}</td>
                          <td>{described(column)}</td>
                          <td>
                            <code>{column.example}</code>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            ))}
          </>
        )}
      </Loaded>
    </>
  );
}
