/** The public search of procedures, with the transparency filters kept in the address for sharing. */
import { useState } from 'preact/hooks';
import { get, query } from '../api';
import { ErrorBox, Field, Loading, Money, Badge, Empty, useAsync } from '../components/ui';
import { date, dateTime, mexicoLocalToIso, number, parseMoney } from '../format';
import { LABELS, label, t } from '../i18n';
import { PUBLIC } from '../paths';
import { Link, navigate, useLocation } from '../router';
import type { Page, TenderSummary } from '../types';

const FILTERS = [
  'q',
  'status',
  'procedureType',
  'buyingUnitId',
  'classifierCode',
  'minValue',
  'maxValue',
  'publishedFrom',
  'publishedTo',
  'redFlag',
  'sort',
] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const RED_FLAGS: Record<string, string> = {
  single_bidder: 'Un solo licitante',
  short_submission_period: 'Plazo corto para presentar propuestas',
  late_amendment: 'Modificación cercana a la fecha límite',
  contract_amendment_near_limit: 'Modificación del contrato cerca del límite',
  supplier_recently_registered: 'Proveedor registrado poco antes',
};

/** The API's query from what the form holds: pesos become centavos, dates become Mexico City instants. */
function apiQuery(filters: Filters, cursor?: string) {
  const pesos = (text?: string) => (text ? (parseMoney(text) ?? undefined) : undefined);
  return query({
    q: filters.q,
    status: filters.status,
    procedureType: filters.procedureType,
    buyingUnitId: filters.buyingUnitId,
    classifierCode: filters.classifierCode,
    minValue: pesos(filters.minValue),
    maxValue: pesos(filters.maxValue),
    publishedFrom: filters.publishedFrom ? mexicoLocalToIso(`${filters.publishedFrom}T00:00`) : undefined,
    publishedTo: filters.publishedTo ? mexicoLocalToIso(`${filters.publishedTo}T23:59`) : undefined,
    redFlag: filters.redFlag,
    sort: filters.sort,
    cursor,
    limit: 20,
  });
}

export function TenderSearch() {
  const { query: params } = useLocation();
  const applied: Filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Filters;
  const key = apiQuery(applied);
  const [form, setForm] = useState<Filters>(applied);
  const [more, setMore] = useState<{ key: string; items: TenderSummary[]; cursor: string | null } | null>(null);
  const page = useAsync(() => get<Page<TenderSummary>>(`${PUBLIC.tenders}${key}`), [key]);
  const units = useAsync(
    () => get<Page<{ buyingUnitId: string; name: string; code: string }>>('/api/buying-units?limit=100'),
    [],
  );

  const items = [...(page.data?.items ?? []), ...(more?.key === key ? more.items : [])];
  const nextCursor = more?.key === key ? more.cursor : (page.data?.nextCursor ?? null);
  const loadMore = async () => {
    const next = await get<Page<TenderSummary>>(`${PUBLIC.tenders}${apiQuery(applied, nextCursor!)}`);
    setMore({ key, items: [...(more?.key === key ? more.items : []), ...next.items], cursor: next.nextCursor });
  };
  const submit = (event: Event) => {
    event.preventDefault();
    const search = new URLSearchParams();
    for (const name of FILTERS) if (form[name]) search.set(name, form[name]!);
    navigate(`/${search.toString() ? `?${search}` : ''}`);
  };
  const bind = (name: keyof Filters) => ({
    value: form[name] ?? '',
    onInput: (event: Event) => setForm({ ...form, [name]: (event.target as HTMLInputElement).value }),
  });

  return (
    <>
      <h1>{t('Licitaciones y contrataciones públicas')}</h1>
      <form class="card filters" role="search" onSubmit={submit} aria-label={t('Buscar procedimientos')}>
        <div class="wide">
          <Field label={t('Buscar en título y descripción')}>
            <input type="search" name="q" {...bind('q')} placeholder={t('p. ej. equipo de cómputo')} />
          </Field>
        </div>
        <Field label={t('Estado')}>
          <select {...bind('status')}>
            <option value="">{t('Todos')}</option>
            {Object.keys(LABELS.tenderStatus)
              .filter((s) => s !== 'draft')
              .map((status) => (
                <option value={status}>{label('tenderStatus', status)}</option>
              ))}
          </select>
        </Field>
        <Field label={t('Tipo de procedimiento')}>
          <select {...bind('procedureType')}>
            <option value="">{t('Todos')}</option>
            {Object.keys(LABELS.procedureType).map((type) => (
              <option value={type}>{label('procedureType', type)}</option>
            ))}
          </select>
        </Field>
        <Field label={t('Unidad compradora')}>
          <select {...bind('buyingUnitId')}>
            <option value="">{t('Todas')}</option>
            {units.data?.items.map((unit) => (
              <option value={unit.buyingUnitId}>
                {unit.name} ({unit.code})
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('Código del clasificador')} hint={t('Incluye sus subcódigos')}>
          <input {...bind('classifierCode')} placeholder="30000000-9" />
        </Field>
        <Field label={t('Valor estimado mínimo (MXN)')}>
          <input inputMode="decimal" {...bind('minValue')} />
        </Field>
        <Field label={t('Valor estimado máximo (MXN)')}>
          <input inputMode="decimal" {...bind('maxValue')} />
        </Field>
        <Field label={t('Publicadas desde')}>
          <input type="date" {...bind('publishedFrom')} />
        </Field>
        <Field label={t('Publicadas hasta')}>
          <input type="date" {...bind('publishedTo')} />
        </Field>
        <Field label={t('Bandera roja')}>
          <select {...bind('redFlag')}>
            <option value="">{t('Cualquiera')}</option>
            {Object.entries(RED_FLAGS).map(([code, text]) => (
              <option value={code}>{t(text)}</option>
            ))}
          </select>
        </Field>
        <Field label={t('Ordenar por')}>
          <select {...bind('sort')}>
            <option value="">{t('Más recientes')}</option>
            <option value="publishedAt">{t('Más antiguas')}</option>
            <option value="-estimatedValue">{t('Mayor valor')}</option>
            <option value="estimatedValue">{t('Menor valor')}</option>
            <option value="deadline">{t('Fecha límite más próxima')}</option>
          </select>
        </Field>
        <div>
          <button type="submit">{t('Buscar')}</button>
        </div>
      </form>

      <section aria-live="polite" aria-busy={page.loading}>
        <ErrorBox error={page.error} />
        {page.data === undefined && !page.error ? (
          <Loading />
        ) : items.length === 0 && !page.error ? (
          <Empty>{t('Ningún procedimiento coincide con la búsqueda.')}</Empty>
        ) : (
          <>
            <p class="muted">{t('Resultados mostrados: {n}', { n: number(items.length) })}</p>
            <ul class="results">
              {items.map((tender) => (
                <TenderResult tender={tender} />
              ))}
            </ul>
            {nextCursor && (
              <p>
                <button type="button" class="secondary" onClick={loadMore}>
                  {t('Cargar más')}
                </button>
              </p>
            )}
          </>
        )}
      </section>
    </>
  );
}

function TenderResult({ tender }: { tender: TenderSummary }) {
  return (
    <li class="result" data-testid="tender-result">
      <h3>
        <Link href={`/licitaciones/${encodeURIComponent(tender.tenderId)}`}>{tender.title}</Link>
      </h3>
      <div class="meta">
        <Badge kind={statusKind(tender.status)}>{label('tenderStatus', tender.status)}</Badge>
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
          {t('Publicada')}: {date(tender.publishedAt)}
        </span>
        {tender.submissionDeadline && (
          <span>
            {t('Fecha límite')}: {dateTime(tender.submissionDeadline)}
          </span>
        )}
        <span>{t('{n} propuestas', { n: tender.proposals })}</span>
        {tender.redFlags.map((code) => (
          <Badge kind="warn">⚑ {t(RED_FLAGS[code] ?? code)}</Badge>
        ))}
      </div>
    </li>
  );
}

export function statusKind(status: string): 'neutral' | 'good' | 'warn' | 'bad' | 'info' {
  if (status.startsWith('active')) return 'info';
  if (['awarded', 'contracted', 'completed'].includes(status)) return 'good';
  if (['cancelled', 'deserted'].includes(status)) return 'bad';
  return 'warn';
}
