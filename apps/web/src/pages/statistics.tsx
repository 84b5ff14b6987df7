/** Statistics of public procedures with charts, each with its numbers in a table beside it. */
import type { IntegrityReport as IntegrityData, Statistics as StatisticsData } from '@licita/transparency';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { get, query } from '../api';
import { categoryTicks, ChartCanvas, moneyBars, PALETTE, wrapLabel } from '../components/chart';
import { Field, Loaded, Money, OrEmpty, Section, useAsync } from '../components/ui';
import { basisPoints, mexicoLocalToIso, money, number, percent } from '../format';
import { currentLanguage, label, t, tn } from '../i18n';
import { ExportLinks } from '../components/exports';
import { ExecutionFigures } from './execution-statistics';
import { PUBLIC } from '../paths';
import { Link } from '../router';
import type { Money as MoneyValue } from '../types';
import INEGI_STATES from '../../../../libs/buying-units/domain/inegi-states.json';

const STATE_NAMES = new Map(INEGI_STATES.map((state) => [state.code, state.name]));

const GROUPS: Record<string, string> = {
  public_tender: 'Licitación pública',
  invitation: 'Invitación a cuando menos tres',
  direct_award: 'Adjudicación directa',
};
const pesos = (amount: MoneyValue) => amount.amount / 100;

export function Statistics() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [level, setLevel] = useState('');
  const [stateCode, setStateCode] = useState('');
  const place = query({ level: level || undefined, stateCode: stateCode || undefined });
  const params = query({
    from: from ? mexicoLocalToIso(`${from}T00:00`) : undefined,
    to: to ? mexicoLocalToIso(`${to}T23:59`) : undefined,
    level: level || undefined,
    stateCode: stateCode || undefined,
  });
  const stats = useAsync(() => get<StatisticsData>(`${PUBLIC.statistics}${params}`), [params]);
  const integrity = useAsync(() => get<IntegrityData>(`${PUBLIC.redFlags}${place}`), [place]);
  return (
    <>
      <h1>{t('Estadísticas de contrataciones públicas')}</h1>
      <div class="card filters">
        <Field label={t('Publicadas desde')}>
          <input type="date" value={from} onChange={(event) => setFrom((event.target as HTMLInputElement).value)} />
        </Field>
        <Field label={t('Publicadas hasta')}>
          <input type="date" value={to} onChange={(event) => setTo((event.target as HTMLInputElement).value)} />
        </Field>
        <Field label={t('Orden de gobierno')}>
          <select value={level} onChange={(event) => setLevel((event.target as HTMLSelectElement).value)}>
            <option value="">{t('Todos')}</option>
            {(['federal', 'state', 'municipal'] as const).map((code) => (
              <option value={code}>{label('level', code)}</option>
            ))}
          </select>
        </Field>
        <Field label={t('Entidad federativa')}>
          <select value={stateCode} onChange={(event) => setStateCode((event.target as HTMLSelectElement).value)}>
            <option value="">{t('Todas')}</option>
            {INEGI_STATES.map((state) => (
              <option value={state.code}>
                {state.code} · {state.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Loaded state={stats}>{(s) => <Figures stats={s} params={params} />}</Loaded>
      <Loaded state={integrity}>{(report) => <Integrity report={report} />}</Loaded>
      <ExecutionFigures />
    </>
  );
}

/**
 * Amounts are never added across currencies: the figures show one line per currency, and the charts and
 * tables show the currency chosen here (the one with most procedures first).
 */
function Figures({ stats, params }: { stats: StatisticsData; params: string }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const currency = chosen && stats.currencies.includes(chosen) ? chosen : stats.currencies[0];
  const view = inCurrency(stats, currency);
  return (
    <>
      <Kpis stats={stats} />
      {stats.currencies.length > 1 && (
        <div class="card filters">
          <Field label={t('Moneda de las gráficas y tablas')}>
            <select
              data-testid="statistics-currency"
              value={currency}
              onChange={(event) => setChosen((event.target as HTMLSelectElement).value)}
            >
              {stats.totals.byCurrency.map((c) => (
                <option value={c.currency}>
                  {c.currency} · {tn(c.procedures, '{n} procedimiento', '{n} procedimientos')}
                </option>
              ))}
            </select>
          </Field>
          <p>{t('Los montos en monedas distintas nunca se suman ni se convierten.')}</p>
        </div>
      )}
      <div class="grid">
        <ByMonth stats={view} params={params} />
        <AuctionSavings stats={stats} />
        <ByBuyingUnit stats={view} params={params} />
      </div>
      <div style={{ height: '1rem' }} />
      {/* Sections with a table of several columns take the page's width: in a grid cell the last ones were cut. */}
      <ByProcedureGroup stats={view} params={params} />
      <ByLevel stats={view} />
      <ByDivision stats={view} params={params} />
    </>
  );
}

/** The statistics' tables narrowed to the rows of one currency. */
function inCurrency(stats: StatisticsData, currency: string): StatisticsData {
  const mine = <Row extends { currency: string }>(rows: Row[]) => rows.filter((row) => row.currency === currency);
  return {
    ...stats,
    byProcedureType: mine(stats.byProcedureType),
    byProcedureGroup: mine(stats.byProcedureGroup),
    byMonth: mine(stats.byMonth),
    byBuyingUnit: mine(stats.byBuyingUnit),
    byClassifierDivision: mine(stats.byClassifierDivision),
    byLevel: mine(stats.byLevel),
    byState: mine(stats.byState),
  };
}

/** By level of government (federal, state, municipal), then by state: one currency, as every table here. */
function ByLevel({ stats: s }: { stats: StatisticsData }) {
  const rows = [
    ...s.byLevel.map((row) => ({
      key: row.level,
      name: row.level === 'unknown' ? t('Sin dato') : label('level', row.level),
      ...row,
    })),
    ...s.byState.map((row) => ({
      key: `${row.stateCode}-${row.level}`,
      name: `${STATE_NAMES.get(row.stateCode) ?? row.stateCode} · ${label('level', row.level)}`,
      ...row,
    })),
  ];
  return (
    <Section title={t('Por orden de gobierno y entidad federativa')}>
      <OrEmpty items={rows} empty={t('Sin procedimientos en el periodo.')}>
        {() => (
          <div class="table-wrap">
            <table class="small stack" data-testid="level-table">
              <thead>
                <tr>
                  <th>{t('Orden de gobierno')}</th>
                  <th class="num">{t('Número')}</th>
                  <th class="num">{t('Estimado')}</th>
                  <th class="num">{t('Adjudicado')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr data-level={row.key}>
                    <td data-label={t('Orden de gobierno')}>{row.name}</td>
                    <td data-label={t('Número')} class="num">
                      {number(row.procedures)}
                    </td>
                    <td data-label={t('Estimado')} class="num">
                      <Money amount={row.estimatedAmount} />
                    </td>
                    <td data-label={t('Adjudicado')} class="num">
                      <Money amount={row.awardedAmount} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </OrEmpty>
    </Section>
  );
}

/** One line per currency for each amount: never one sum of two currencies. */
function Kpis({ stats: s }: { stats: StatisticsData }) {
  const perCurrency = (amounts: MoneyValue[]) => (
    <>
      {amounts.length === 0 && money(0)}
      {amounts.map((amount) => (
        <span class="per-currency">
          <Money amount={amount} />
        </span>
      ))}
    </>
  );
  const kpis: Array<[string, ComponentChildren]> = [
    [t('Procedimientos'), number(s.totals.procedures)],
    [t('Monto estimado'), perCurrency(s.totals.byCurrency.map((c) => c.estimatedAmount))],
    [t('Monto adjudicado'), perCurrency(s.totals.byCurrency.map((c) => c.awardedAmount))],
    [t('Propuestas por procedimiento'), number(s.proposals.averagePerProcedure)],
    [t('Ahorro en subastas'), perCurrency(s.auctionSavings.totalSavings)],
  ];
  return (
    <div class="card kpis" data-testid="statistics-kpis">
      {kpis.map(([text, value]) => (
        <div class="kpi">
          {text}
          <b>{value}</b>
        </div>
      ))}
    </div>
  );
}

function ByProcedureGroup({ stats: s, params }: { stats: StatisticsData; params: string }) {
  return (
    <Section title={t('Monto por tipo de procedimiento')}>
      <ChartCanvas
        label={t('Monto adjudicado por tipo de procedimiento')}
        config={{
          type: 'doughnut',
          data: {
            labels: s.byProcedureGroup.map((g) => t(GROUPS[g.group] ?? g.group)),
            datasets: [
              {
                data: s.byProcedureGroup.map((g) =>
                  pesos(g.awardedAmount.amount > 0 ? g.awardedAmount : g.estimatedAmount),
                ),
                backgroundColor: PALETTE,
              },
            ],
          },
        }}
      />
      {/* Every figure the chart draws (the estimate where nothing is awarded yet), stacked on a phone. */}
      <div class="table-wrap">
        <table class="small stack" data-testid="procedure-group-table">
          <thead>
            <tr>
              <th>{t('Tipo')}</th>
              <th class="num">{t('Número')}</th>
              <th class="num">{t('Estimado')}</th>
              <th class="num">{t('Adjudicado')}</th>
              <th class="num">{t('Participación')}</th>
            </tr>
          </thead>
          <tbody>
            {s.byProcedureGroup.map((g) => (
              <tr>
                <td data-label={t('Tipo')}>{t(GROUPS[g.group] ?? g.group)}</td>
                <td data-label={t('Número')} class="num">
                  {number(g.procedures)}
                </td>
                <td data-label={t('Estimado')} class="num">
                  <Money amount={g.estimatedAmount} />
                </td>
                <td data-label={t('Adjudicado')} class="num">
                  <Money amount={g.awardedAmount} />
                </td>
                <td data-label={t('Participación')} class="num">
                  {percent(g.amountShare, 2)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ExportLinks path={PUBLIC.statisticsExport} listQuery={withTable(params, 'byProcedureType')} />
    </Section>
  );
}

function ByMonth({ stats: s, params }: { stats: StatisticsData; params: string }) {
  return (
    <Section title={t('Por mes de publicación')}>
      <OrEmpty items={s.byMonth} empty={t('Sin procedimientos en el periodo.')}>
        {() => (
          <ChartCanvas
            label={t('Monto estimado y adjudicado por mes')}
            config={moneyBars(
              s.byMonth.map((m) => monthName(m.month)),
              [
                { label: t('Estimado'), amounts: s.byMonth.map((m) => m.estimatedAmount), color: PALETTE[2] },
                { label: t('Adjudicado'), amounts: s.byMonth.map((m) => m.awardedAmount), color: PALETTE[0] },
              ],
            )}
          />
        )}
      </OrEmpty>
      <ExportLinks path={PUBLIC.statisticsExport} listQuery={withTable(params, 'byMonth')} />
    </Section>
  );
}

function AuctionSavings({ stats: s }: { stats: StatisticsData }) {
  const savingsRows = s.auctionSavings.distribution;
  return (
    <Section title={t('Ahorro de las subastas inversas')}>
      <p>
        {tn(s.auctionSavings.auctions, '{n} subasta; ahorro promedio {avg}.', '{n} subastas; ahorro promedio {avg}.', {
          avg: basisPoints(s.auctionSavings.averageBasisPoints),
        })}
      </p>
      <ChartCanvas
        label={t('Distribución del ahorro de las subastas')}
        height={220}
        config={{
          type: 'bar',
          data: {
            labels: savingsRows.map((b) =>
              b.toBasisPoints === null
                ? `≥ ${basisPoints(b.fromBasisPoints)}`
                : `${basisPoints(b.fromBasisPoints)} – ${basisPoints(b.toBasisPoints)}`,
            ),
            datasets: [{ label: t('Subastas'), data: savingsRows.map((b) => b.auctions), backgroundColor: PALETTE[4] }],
          },
          options: { plugins: { legend: { display: false } }, scales: { y: { ticks: { precision: 0 } } } },
        }}
      />
    </Section>
  );
}

function ByBuyingUnit({ stats: s, params }: { stats: StatisticsData; params: string }) {
  const top = s.byBuyingUnit.slice(0, 10);
  return (
    <Section title={t('Por unidad compradora')}>
      <OrEmpty items={s.byBuyingUnit} empty={t('Sin procedimientos en el periodo.')}>
        {() => (
          <ChartCanvas
            label={t('Monto adjudicado por unidad compradora')}
            height={Math.max(220, top.length * 44)}
            config={moneyBars(
              top.map((u) => shorten(u.name ?? u.buyingUnitId)),
              [{ label: t('Adjudicado'), amounts: top.map((u) => u.awardedAmount), color: PALETTE[1] }],
              true,
            )}
          />
        )}
      </OrEmpty>
      <ExportLinks path={PUBLIC.statisticsExport} listQuery={withTable(params, 'byBuyingUnit')} />
    </Section>
  );
}

/** By the items' classifier division (CPV), named in the reader's language. */
function ByDivision({ stats: s, params }: { stats: StatisticsData; params: string }) {
  const top = s.byClassifierDivision.slice(0, 10);
  const name = (d: StatisticsData['byClassifierDivision'][number]) =>
    (currentLanguage() === 'en' ? (d.description.en ?? d.description.es) : d.description.es) ?? d.division;
  return (
    <Section title={t('Por división del clasificador')}>
      <OrEmpty items={top} empty={t('Sin procedimientos en el periodo.')}>
        {() => (
          <>
            <ChartCanvas
              label={t('Monto estimado por división del clasificador')}
              height={Math.max(200, top.length * 36)}
              config={moneyBars(
                top.map((d) => shorten(`${d.division} ${name(d)}`)),
                [{ label: t('Estimado'), amounts: top.map((d) => d.estimatedAmount), color: PALETTE[5] }],
                true,
              )}
            />
            <div class="table-wrap">
              <table class="small stack" data-testid="division-table">
                <thead>
                  <tr>
                    <th>{t('División')}</th>
                    <th class="num">{t('Procedimientos')}</th>
                    <th class="num">{t('Estimado')}</th>
                  </tr>
                </thead>
                <tbody>
                  {top.map((d) => (
                    <tr>
                      <td data-label={t('División')}>
                        <span class="mono">{d.division}</span> {name(d)}
                      </td>
                      <td data-label={t('Procedimientos')} class="num">
                        {number(d.procedures)}
                      </td>
                      <td data-label={t('Estimado')} class="num">
                        <Money amount={d.estimatedAmount} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </OrEmpty>
      <ExportLinks path={PUBLIC.statisticsExport} listQuery={withTable(params, 'byClassifierDivision')} />
    </Section>
  );
}

function Integrity({ report }: { report: IntegrityData }) {
  const competitive = report.buyingUnits.filter((u) => u.procedures > 0);
  return (
    <Section title={t('Tasa de un solo licitante y banderas rojas por unidad compradora')}>
      <OrEmpty items={competitive} empty={t('Sin procedimientos todavía.')}>
        {() => (
          <>
            <ChartCanvas
              label={t('Porcentaje de procedimientos con un solo licitante por unidad compradora')}
              height={Math.max(160, competitive.length * 40)}
              config={{
                type: 'bar',
                data: {
                  labels: competitive.map((u) => wrapLabel(shorten(u.name ?? u.buyingUnitId))),
                  datasets: [
                    {
                      label: t('Un solo licitante (%)'),
                      data: competitive.map((u) => (100 * (u.tenderFlags.single_bidder ?? 0)) / u.procedures),
                      backgroundColor: PALETTE[3],
                    },
                  ],
                },
                options: {
                  indexAxis: 'y',
                  layout: { padding: { right: 12 } },
                  scales: { x: { min: 0, max: 100, ticks: { callback: (v) => `${v} %` } }, y: categoryTicks },
                },
              }}
            />
            <div class="table-wrap">
              <table class="stack">
                <thead>
                  <tr>
                    <th>{t('Unidad compradora')}</th>
                    <th class="num">{t('Procedimientos')}</th>
                    <th class="num">{t('Un solo licitante')}</th>
                    <th class="num">{t('Con banderas')}</th>
                    <th>{t('Banderas de la unidad')}</th>
                    <th>{t('Contratos con atrasos')}</th>
                  </tr>
                </thead>
                <tbody>
                  {competitive.map((u) => (
                    <tr>
                      <td data-label={t('Unidad compradora')}>
                        <Link href={`/unidades/${encodeURIComponent(u.buyingUnitId)}`}>{u.name ?? u.buyingUnitId}</Link>
                      </td>
                      <td data-label={t('Procedimientos')} class="num">
                        {number(u.procedures)}
                      </td>
                      <td data-label={t('Un solo licitante')} class="num">
                        {percent((100 * (u.tenderFlags.single_bidder ?? 0)) / u.procedures)}
                      </td>
                      <td data-label={t('Con banderas')} class="num">
                        {number(u.flaggedProcedures)}
                      </td>
                      <td data-label={t('Banderas de la unidad')}>
                        {u.unitFlags.map((f) => `${f.title} (${f.year}, ${f.currency})`).join('; ') || '—'}
                      </td>
                      <td data-label={t('Contratos con atrasos')}>
                        {u.contractFlags
                          .map(
                            (f) =>
                              `${f.title}: ${f.contractId} (${tn(f.value, '{n} día de atraso', '{n} días de atraso')})`,
                          )
                          .join('; ') || '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </OrEmpty>
      <details>
        <summary>{t('Qué mide cada bandera')}</summary>
        <dl>
          {report.definitions.map((d) => (
            <>
              <dt>
                <strong>{d.title}</strong>
              </dt>
              <dd>{d.description}</dd>
            </>
          ))}
        </dl>
      </details>
      <ExportLinks path={PUBLIC.redFlagsExport} listQuery="" />
    </Section>
  );
}

/** The page's filters and which table, for that table's file. */
function withTable(params: string, table: string): string {
  const search = new URLSearchParams(params);
  search.set('table', table);
  return `?${search}`;
}

function monthName(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(currentLanguage() === 'en' ? 'en-US' : 'es-MX', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, m - 1, 15)));
}

const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 38)}…` : text);
