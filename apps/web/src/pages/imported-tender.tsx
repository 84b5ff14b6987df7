/**
 * The public page of a procedure imported from another system's files (CompraNet "Contratos", OCDS): a banner
 * saying so (file and row), the facts as the source gives them, its contracts, the repairs the import made and
 * the original values (collapsible). None of a platform procedure's steps or desk actions: Licita did not
 * witness it, so there is no call, opening, award act or time travel to show.
 */
import { Facts, Table, TableSection, type Column } from '../components/blocks';
import { Badge, Money, Section } from '../components/ui';
import { date, dateTime } from '../format';
import { label, t } from '../i18n';
import { ocidPrefix } from '../paths';
import { Link } from '../router';
import type { PublicTender } from '../types';
import { Party } from './tender';
import { statusKind } from './tender-search';

type Origin = NonNullable<PublicTender['origin']>;

const SOURCE: Record<string, string> = { compranet: 'CompraNet', ocds: 'OCDS' };

/** "Registro histórico importado de CompraNet (archivo, fila)": the source, its file and where in it. */
export const importedFrom = (origin: Pick<Origin, 'kind' | 'fileName' | 'row'>) =>
  t('Registro histórico importado de {source} ({file}, {where})', {
    source: SOURCE[origin.kind] ?? origin.kind,
    file: origin.fileName,
    where: origin.kind === 'compranet' ? t('fila {row}', { row: origin.row }) : origin.row,
  });

export function ImportedTenderDetail({ tender, origin }: { tender: PublicTender; origin: Origin }) {
  const ocid = origin.ocid ?? `${ocidPrefix()}${tender.tenderId}`;
  return (
    <article>
      <p class="muted small">
        <Link href="/">{t('Licitaciones')}</Link> › {tender.number ?? tender.tenderId}
      </p>
      {tender.number && (
        <p class="procedure-number" data-testid="procedure-number">
          {tender.number}
        </p>
      )}
      <h1>{tender.title}</h1>
      <div class="notice" role="note" data-testid="imported-banner">
        <strong>{importedFrom(origin)}</strong>
        <p class="small">
          {t(
            'Licita no presenció este procedimiento: los datos son los del archivo de origen, leído el {date}. Las fechas son las del origen.',
            { date: dateTime(origin.importedAt) },
          )}
        </p>
      </div>
      <div class="meta" style={{ marginBottom: '1rem' }}>
        <Badge kind={statusKind(tender.status)}>{label('tenderStatus', tender.status)}</Badge>
        <Badge kind="neutral">{t('importado')}</Badge>
        <span>{label('procedureType', tender.procedureType)}</span>
        <span>{label('category', tender.category)}</span>
      </div>
      <Section title={t('Datos generales')}>
        <Facts
          facts={[
            [t('Unidad compradora'), <Party party={tender.buyingUnit} kind="unit" />],
            [t('Tipo de procedimiento en el origen'), origin.procedureTypeOriginal],
            origin.law !== null && [t('Ley'), origin.law],
            [t('Publicada'), origin.publishedAt ? date(origin.publishedAt) : t('sin fecha en el origen')],
            origin.openingAt !== null && [t('Acto de apertura'), date(origin.openingAt)],
            [t('Adjudicada'), origin.awardedAt ? date(origin.awardedAt) : t('sin fecha en el origen')],
            [t('Monto contratado'), <Money amount={tender.value} />],
          ]}
        />
        {tender.description && <p>{tender.description}</p>}
      </Section>
      <ImportedContracts origin={origin} tender={tender} />
      <Repairs origin={origin} />
      <Original title={t('Valores originales del procedimiento')} values={origin.original} testId="imported-original" />
      <Section title={t('Historia del procedimiento')}>
        <ol class="timeline" data-testid="timeline">
          {tender.timeline.map((entry) => (
            <li>
              <time dateTime={entry.at}>{dateTime(entry.at)}</time>
              {entry.text}
            </li>
          ))}
        </ol>
      </Section>
      <p class="small">
        {t('Datos abiertos de este procedimiento')}:{' '}
        <a href={`/api/ocds/records/${encodeURIComponent(ocid)}`}>{t('registro OCDS (JSON)')}</a>
      </p>
    </article>
  );
}

function ImportedContracts({ origin, tender }: { origin: Origin; tender: PublicTender }) {
  type Row = Origin['contracts'][number];
  const supplierOf = (row: Row) => tender.contracts.find((c) => c.contractId === row.contractId)?.supplier;
  const columns: Array<Column<Row>> = [
    {
      label: t('Contrato'),
      mono: true,
      cell: (c) => (
        <>
          {c.code ?? c.contractId}
          {(c.consolidatedPurchase || c.multiYear) && (
            <div class="small muted" data-testid="imported-features">
              {[
                c.consolidatedPurchase && t('Compra consolidada'),
                c.multiYear && t('Contrato plurianual'),
                c.multiYear?.portfolioKey && t('Clave de cartera SHCP {key}', { key: c.multiYear.portfolioKey }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </div>
          )}
        </>
      ),
    },
    {
      label: t('Proveedor'),
      cell: (c) => {
        const party = supplierOf(c);
        return party ? <Party party={party} kind="supplier" /> : c.supplier.name;
      },
    },
    { label: t('Monto'), num: true, cell: (c) => <Money amount={c.value} /> },
    { label: t('Firmado'), cell: (c) => (c.signedAt ? date(c.signedAt) : t('sin fecha en el origen')) },
    {
      label: t('Vigencia'),
      cell: (c) => (
        <>
          {date(c.startDate)} – {date(c.endDate)}
        </>
      ),
    },
    { label: t('Estado en el origen'), cell: (c) => c.status ?? '—' },
    { label: t('Fila'), mono: true, cell: (c) => c.row },
  ];
  return (
    <TableSection
      title={t('Contratos')}
      empty={t('El origen no registra contratos.')}
      columns={columns}
      rows={origin.contracts}
      rowTestId="imported-contract"
    />
  );
}

function Repairs({ origin }: { origin: Origin }) {
  const repairs = [
    ...origin.repairs.map((text) => ({ where: t('Procedimiento'), text })),
    ...origin.contracts.flatMap((c) => c.repairs.map((text) => ({ where: c.code ?? c.contractId, text }))),
  ];
  return (
    <Section title={t('Correcciones hechas al importar')}>
      {repairs.length === 0 ? (
        <p class="muted" data-testid="imported-repairs">
          {t('Ninguna: el registro se importó tal como venía.')}
        </p>
      ) : (
        <ul data-testid="imported-repairs">
          {repairs.map((repair) => (
            <li>
              <strong>{repair.where}:</strong> {repair.text}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Original({ title, values, testId }: { title: string; values: Origin['original']; testId: string }) {
  const rows = Object.entries(values);
  return (
    <details class="card" data-testid={testId}>
      <summary>{title}</summary>
      <Table
        columns={[
          { label: t('Campo'), mono: true, cell: ([key]: [string, unknown]) => key },
          {
            label: t('Valor'),
            cell: ([, value]: [string, unknown]) => (typeof value === 'string' ? value : JSON.stringify(value)),
          },
        ]}
        rows={rows}
      />
    </details>
  );
}
