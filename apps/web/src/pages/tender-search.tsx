/** The public search of procedures, with the transparency filters kept in the address for sharing. */
import { get, query } from '../api';
import { BuyingUnitOptions, CodeOptions, LoadMore, ResultItem, useForm, usePaged } from '../components/blocks';
import { ExportLinks } from '../components/exports';
import {
  ErrorBox,
  Field,
  InputField,
  Loading,
  Money,
  Badge,
  Empty,
  SelectField,
  useAsync,
  type BadgeKind,
} from '../components/ui';
import { AtomLink, FEEDS } from '../components/feeds';
import { date, dateTime, mexicoLocalToIso, parseMoney } from '../format';
import { label, t, tn } from '../i18n';
import { PUBLIC } from '../paths';
import { Link, navigate, useLocation } from '../router';
import { useRefresh } from '../refresh';
import type { Page, TenderSummary } from '../types';
import { SaveSearchButton } from './alerts';
import { TotalLine } from '../components/total';
import INEGI_STATES from '../../../../libs/buying-units/domain/inegi-states.json';

const FILTERS = [
  'q',
  'number',
  'status',
  'procedureType',
  'buyingUnitId',
  'buyingUnit',
  'supplier',
  'level',
  'stateCode',
  'municipalityCode',
  'classifierCode',
  'minValue',
  'maxValue',
  'minAwardedValue',
  'maxAwardedValue',
  'publishedFrom',
  'publishedTo',
  'deadlineFrom',
  'deadlineTo',
  'redFlag',
  'origin',
  'feature',
  'sort',
] as const;

/** The 32 states by their INEGI key (the catalogue the API checks), for the state filter. */
const STATES: Record<string, string> = {
  '': 'Todos',
  ...Object.fromEntries(INEGI_STATES.map((state) => [state.code, `${state.code} · ${state.name}`])),
};
/** The buying unit's level of government (the API's `level`). */
const LEVELS: Record<string, string> = { '': 'Todos', federal: 'Federal', state: 'Estatal', municipal: 'Municipal' };
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const RED_FLAGS: Record<string, string> = {
  single_bidder: 'Un solo licitante',
  short_submission_period: 'Plazo corto para presentar propuestas',
  late_amendment: 'Modificación cercana a la fecha límite',
  contract_amendment_near_limit: 'Modificación del contrato cerca del límite',
  supplier_recently_registered: 'Proveedor registrado poco antes',
  zero_amount_contract: 'Contrato por monto 0',
};

/** Where records come from: imported history (CompraNet, OCDS files) or procedures run on Licita. */
/** A consolidated purchase (LAASSP art. 17) or a multi-year contract, by the API's `feature`. */
const FEATURES = {
  '': 'Cualquiera',
  consolidated_purchase: 'Compra consolidada',
  multi_year: 'Contrato plurianual',
};

const ORIGINS = {
  '': 'Importados y de la plataforma',
  imported: 'Solo importados (historia)',
  platform: 'Solo de la plataforma',
};

/** The orders the search offers, by the API's `sort` (empty: its default, newest first). */
const SORTS = {
  '': 'Más recientes',
  publishedAt: 'Más antiguas',
  '-estimatedValue': 'Mayor valor',
  estimatedValue: 'Menor valor',
  deadline: 'Fecha límite más próxima',
};

/** The API's query from what the form holds: pesos become centavos, dates become Mexico City instants. */
function apiQuery(filters: Filters, cursor?: string) {
  const pesos = (text?: string) => (text ? (parseMoney(text) ?? undefined) : undefined);
  const from = (day?: string) => (day ? mexicoLocalToIso(`${day}T00:00`) : undefined);
  const to = (day?: string) => (day ? mexicoLocalToIso(`${day}T23:59`) : undefined);
  return query({
    q: filters.q,
    number: filters.number,
    status: filters.status,
    procedureType: filters.procedureType,
    buyingUnitId: filters.buyingUnitId,
    buyingUnit: filters.buyingUnit,
    supplier: filters.supplier,
    level: filters.level,
    stateCode: filters.stateCode,
    // A municipality is a key within its state: without one it would be a 400.
    municipalityCode: filters.stateCode ? filters.municipalityCode : undefined,
    classifierCode: filters.classifierCode,
    minValue: pesos(filters.minValue),
    maxValue: pesos(filters.maxValue),
    minAwardedValue: pesos(filters.minAwardedValue),
    maxAwardedValue: pesos(filters.maxAwardedValue),
    publishedFrom: from(filters.publishedFrom),
    publishedTo: to(filters.publishedTo),
    deadlineFrom: from(filters.deadlineFrom),
    deadlineTo: to(filters.deadlineTo),
    redFlag: filters.redFlag,
    origin: filters.origin,
    feature: filters.feature,
    sort: filters.sort,
    cursor,
    limit: 20,
  });
}

export function TenderSearch() {
  const { query: params } = useLocation();
  const applied: Filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Filters;
  const key = apiQuery(applied);
  const list = usePaged((cursor) => get<Page<TenderSummary>>(`${PUBLIC.tenders}${apiQuery(applied, cursor)}`), key);
  const page = list.first;
  // Statuses move on their own (a deadline passes): the first page is asked again while it is shown.
  useRefresh(page.reload);
  const items = list.items;

  return (
    <>
      <h1>{t('Licitaciones y contrataciones públicas')}</h1>
      {/* Keyed by the address: back, forward and a shared link show the filters they hold. */}
      <SearchForm key={key} applied={applied} />
      <SaveSearchButton apiQuery={key} suggestedName={applied.q || t('Mi búsqueda')} />
      <p class="feeds">
        <AtomLink href={FEEDS.searchAtom(apiQuery(applied))} title={t('Procedimientos de esta búsqueda (Atom)')} />
      </p>

      <section aria-live="polite" aria-busy={page.loading}>
        <ErrorBox error={page.error} />
        {page.data === undefined && !page.error ? (
          <Loading />
        ) : items.length === 0 && !page.error ? (
          <Empty>{t('Ningún procedimiento coincide con la búsqueda.')}</Empty>
        ) : (
          <>
            <TotalLine total={page.data?.total} shown={items.length} />
            <ExportLinks path={PUBLIC.tendersExport} listQuery={key} />
            <ul class="results">
              {items.map((tender) => (
                <TenderResult tender={tender} />
              ))}
            </ul>
            <LoadMore when={list.next} onMore={list.loadMore} />
          </>
        )}
      </section>
    </>
  );
}

/** Filters beyond the words: folded away on a phone (the results stay on its first screen) unless one is set. */
const MORE_FILTERS = FILTERS.filter((name) => name !== 'q' && name !== 'sort');

/** The filters as the address holds them; searching puts the form's into the address (the page reads them there). */
function SearchForm({ applied }: { applied: Filters }) {
  const { form, bind } = useForm<Filters>(applied);
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const search = new URLSearchParams();
    for (const name of FILTERS) if (form[name]) search.set(name, form[name]!);
    navigate(`/${search.toString() ? `?${search}` : ''}`);
  };
  const wide = typeof matchMedia === 'function' && matchMedia('(min-width: 641px)').matches;
  const open = wide || MORE_FILTERS.some((name) => applied[name]);
  return (
    <form class="card search-form" role="search" onSubmit={onSubmit} aria-label={t('Buscar procedimientos')}>
      <div class="search-line">
        <InputField
          label={t('Buscar en título y descripción')}
          type="search"
          name="q"
          {...bind('q')}
          placeholder={t('p. ej. equipo de cómputo')}
        />
        <button type="submit">{t('Buscar')}</button>
      </div>
      <details class="more-filters" open={open} data-testid="more-filters">
        <summary>{t('Más filtros')}</summary>
        <div class="filters">
          <InputField
            label={t('Número de procedimiento')}
            hint={t('Completo o su inicio')}
            {...bind('number')}
            placeholder="LA-012000999"
          />
          <Field label={t('Estado')}>
            <select {...bind('status')}>
              <option value="">{t('Todos')}</option>
              <CodeOptions group="tenderStatus" except={['draft']} />
            </select>
          </Field>
          <Field label={t('Tipo de procedimiento')}>
            <select {...bind('procedureType')}>
              <option value="">{t('Todos')}</option>
              <CodeOptions group="procedureType" />
            </select>
          </Field>
          <Field label={t('Unidad compradora')}>
            <select {...bind('buyingUnitId')}>
              <BuyingUnitOptions none={t('Todas')} />
            </select>
          </Field>
          <InputField label={t('Nombre de la unidad compradora')} {...bind('buyingUnit')} />
          <InputField
            label={t('Proveedor (nombre o RFC)')}
            hint={t('Adjudicado, o participante tras la apertura')}
            {...bind('supplier')}
          />
          <SelectField label={t('Orden de gobierno')} {...bind('level')} options={LEVELS} />
          <SelectField label={t('Entidad federativa')} {...bind('stateCode')} options={STATES} />
          <InputField
            label={t('Municipio (clave INEGI)')}
            hint={t('3 dígitos, dentro de la entidad')}
            inputMode="numeric"
            pattern="[0-9]{3}"
            {...bind('municipalityCode')}
          />
          <InputField
            label={t('Código del clasificador')}
            hint={t('Incluye sus subcódigos')}
            {...bind('classifierCode')}
            placeholder="30000000-9"
          />
          <InputField label={t('Valor estimado mínimo (MXN)')} inputMode="decimal" {...bind('minValue')} />
          <InputField label={t('Valor estimado máximo (MXN)')} inputMode="decimal" {...bind('maxValue')} />
          <InputField label={t('Valor adjudicado mínimo (MXN)')} inputMode="decimal" {...bind('minAwardedValue')} />
          <InputField label={t('Valor adjudicado máximo (MXN)')} inputMode="decimal" {...bind('maxAwardedValue')} />
          <InputField label={t('Publicadas desde')} type="date" {...bind('publishedFrom')} />
          <InputField label={t('Publicadas hasta')} type="date" {...bind('publishedTo')} />
          <InputField label={t('Fecha límite desde')} type="date" {...bind('deadlineFrom')} />
          <InputField label={t('Fecha límite hasta')} type="date" {...bind('deadlineTo')} />
          <SelectField label={t('Bandera roja')} {...bind('redFlag')} options={{ '': 'Cualquiera', ...RED_FLAGS }} />
          <SelectField label={t('Origen')} {...bind('origin')} options={ORIGINS} />
          <SelectField label={t('Compra consolidada o plurianual')} {...bind('feature')} options={FEATURES} />
          <SelectField label={t('Ordenar por')} {...bind('sort')} options={SORTS} />
        </div>
      </details>
    </form>
  );
}

function TenderResult({ tender }: { tender: TenderSummary }) {
  return (
    <ResultItem
      href={`/licitaciones/${encodeURIComponent(tender.tenderId)}`}
      title={tender.number ? `${tender.number} · ${tender.title}` : tender.title}
      testId="tender-result"
    >
      <Badge kind={statusKind(tender.status)}>{label('tenderStatus', tender.status)}</Badge>
      {tender.origin === 'imported' && (
        <span data-testid="imported-badge">
          <Badge kind="neutral">{t('importado')}</Badge>
        </span>
      )}
      <span>{label('procedureType', tender.procedureType)}</span>
      <span>{tender.buyingUnit.name ?? tender.buyingUnit.id}</span>
      <span>
        {t('Valor estimado')}: <Money amount={tender.value} />
      </span>
      {tender.awardedValue.amount > 0 && (
        <span>
          {t('Adjudicado')}: <Money amount={tender.awardedValue} />
        </span>
      )}
      <span>
        {t('Publicada')}: {tender.publishedAt ? date(tender.publishedAt) : t('sin fecha en el origen')}
      </span>
      <Deadline at={tender.submissionDeadline} />
      <span>{tn(tender.proposals, '{n} propuesta', '{n} propuestas')}</span>
      {tender.redFlags.map((code) => (
        <Badge kind="warn">⚑ {t(RED_FLAGS[code] ?? code)}</Badge>
      ))}
    </ResultItem>
  );
}

/** "Fecha límite: …" in a result's line of facts, when the procedure has one. */
export function Deadline({ at }: { at: string | null | undefined }) {
  if (!at) return null;
  return (
    <span>
      {t('Fecha límite')}: {dateTime(at)}
    </span>
  );
}

export function statusKind(status: string): BadgeKind {
  if (status.startsWith('active')) return 'info';
  if (['awarded', 'contracted', 'completed'].includes(status)) return 'good';
  if (['cancelled', 'deserted'].includes(status)) return 'bad';
  return 'warn';
}
