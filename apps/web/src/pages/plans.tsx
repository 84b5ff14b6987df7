/**
 * Annual procurement plans (PAAAS, libs/planning): the buyer's desk writes the plan of its unit for a year,
 * publishes revisions with a reason and links the unit's procedures to the lines they execute; the public page
 * of a unit's plan shows its lines, every revision with what changed, the totals by quarter and by classifier
 * code, and planned against executed, each per currency.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, currentSession, get, getFresh } from '../api';
import { describe as describeEntry, ClassifierPicker } from '../components/classifier-picker';
import { FieldChanges, type FieldChange } from '../components/field-changes';
import { ActionForm, Empty, ErrorBox, Loaded, Money, Section, useAsync } from '../components/ui';
import { centavosToDecimal, dateTime, parseMoney } from '../format';
import { t } from '../i18n';
import { Link, navigate } from '../router';

type MoneyValue = { amount: number; currency: string };
type PlanLine = {
  lineId: string;
  classifierCode: string;
  description: string;
  estimate: MoneyValue;
  quarter: number;
  procedureType: string;
  legalBasis: string | null;
  tenderId?: string | null;
};
type Changes = {
  added: Array<{ lineId: string; description: string }>;
  removed: Array<{ lineId: string; description: string }>;
  changed: Array<{ lineId: string; description: string; changes: FieldChange[] }>;
};
type PlanView = {
  buyingUnitId: string;
  fiscalYear: number;
  revision: number;
  updatedAt: string;
  lines: PlanLine[];
  revisions: Array<{ revision: number; publishedAt: string; reason: string | null; changes: Changes }>;
  byClassifier: Array<{ classifierCode: string; currency: string; amount: number; lines: number }>;
  byQuarter: Array<{ quarter: number; currency: string; amount: number; lines: number }>;
  execution: {
    totals: Array<{ currency: string; planned: number; awarded: number; contracted: number }>;
    lines: Array<{ lineId: string; tenderId: string | null; awarded: MoneyValue[]; contracted: MoneyValue[] }>;
  };
};

export const PROCEDURES: Record<string, string> = {
  public_tender: 'Licitación pública',
  invitation: 'Invitación a cuando menos tres personas',
  direct_award: 'Adjudicación directa',
  framework_order: 'Pedido a contrato marco',
  quick_quotation: 'Cotización rápida',
};
const QUARTERS: Record<string, string> = {
  '1': '1.er trimestre',
  '2': '2.º trimestre',
  '3': '3.er trimestre',
  '4': '4.º trimestre',
};
const CURRENCIES = ['MXN', 'USD', 'EUR'];

const planPath = (unitId: string, year: number) => `/api/plans/${encodeURIComponent(unitId)}/${year}`;
export const publicPlanPage = (unitId: string, year: number) =>
  `/unidades/${encodeURIComponent(unitId)}/programa/${year}`;

/** The plan of a year, or `null` when the unit has not published one. */
async function planOrNull(unitId: string, year: number, fresh = false): Promise<PlanView | null> {
  try {
    return await (fresh ? getFresh<PlanView>(planPath(unitId, year)) : get<PlanView>(planPath(unitId, year)));
  } catch (error) {
    if ((error as { code?: string }).code === 'plan.not_found') return null;
    throw error;
  }
}

type DraftLine = Omit<PlanLine, 'estimate' | 'legalBasis'> & { amount: string; currency: string; legalBasis: string };

const draftOf = (line: PlanLine): DraftLine => ({
  ...line,
  amount: String(centavosToDecimal(line.estimate.amount)),
  currency: line.estimate.currency,
  legalBasis: line.legalBasis ?? '',
});

function lineOf(draft: DraftLine): Omit<PlanLine, 'tenderId'> {
  const amount = parseMoney(draft.amount);
  return {
    lineId: draft.lineId,
    classifierCode: draft.classifierCode.trim(),
    description: draft.description,
    estimate: { amount: amount ?? -1, currency: draft.currency },
    quarter: Number(draft.quarter),
    procedureType: draft.procedureType,
    legalBasis: draft.legalBasis.trim() || null,
  };
}

const nextLineId = (lines: DraftLine[]) => {
  let n = lines.length + 1;
  while (lines.some((line) => line.lineId === `L${n}`)) n++;
  return `L${n}`;
};

/** The buyer's desk: the plan of its unit for a year, edited line by line and published as a revision. */
export function BuyerPlanDesk() {
  const unitId = currentSession()?.account.buyingUnitId ?? null;
  const [year, setYear] = useState(new Date().getFullYear());
  const [reloads, setReloads] = useState(0);
  const plan = useAsync(async () => (unitId ? planOrNull(unitId, year, reloads > 0) : null), [unitId, year, reloads]);
  const tenders = useAsync(
    async () => (unitId ? get<Array<{ tenderId: string; title: string }>>('/api/tenders') : []),
    [unitId],
  );
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [reason, setReason] = useState('');
  useEffect(() => setLines((plan.data?.lines ?? []).map(draftOf)), [plan.data]);
  if (!unitId) return <Empty>{t('Entra con una cuenta de comprador para escribir el programa anual.')}</Empty>;
  const update = (index: number, change: Partial<DraftLine>) =>
    setLines(lines.map((line, i) => (i === index ? { ...line, ...change } : line)));
  const current = plan.data ?? null;
  return (
    <div>
      <h1>{t('Programa anual de adquisiciones')}</h1>
      <label class="field">
        <span class="field-label">{t('Ejercicio fiscal')}</span>
        <input
          type="number"
          name="fiscalYear"
          value={year}
          min={2000}
          max={2100}
          onChange={(event) => setYear(Number((event.target as HTMLInputElement).value))}
        />
      </label>
      <p>
        {current
          ? t('Revisión vigente: {n}', { n: current.revision })
          : t('Aún no hay programa publicado para este ejercicio.')}{' '}
        {current && <Link href={publicPlanPage(unitId, year)}>{t('Ver la página pública del programa')}</Link>}
      </p>
      <ErrorBox error={plan.error} />
      <Section title={t('Líneas del programa')} id="plan-lines">
        <ActionForm
          submit={current ? t('Publicar revisión') : t('Publicar programa')}
          action={() =>
            api('PUT', planPath(unitId, year), {
              lines: lines.map(lineOf),
              reason: reason || undefined,
              basedOnRevision: current?.revision ?? 0,
            })
          }
          onDone={() => (setReason(''), setReloads(reloads + 1))}
        >
          {lines.map((line, index) => (
            <fieldset class="plan-line" data-testid="plan-line">
              <legend>
                {t('Línea {id}', { id: line.lineId })}
                {line.tenderId && <span class="muted small"> · {t('vinculada a un procedimiento')}</span>}
              </legend>
              <ClassifierPicker
                id={`classifier-${line.lineId}`}
                label={t('Buscar en el clasificador')}
                onPick={(entry) =>
                  update(index, { classifierCode: entry.code, description: line.description || describeEntry(entry) })
                }
              />
              <label class="field">
                <span class="field-label">{t('Clave del clasificador')}</span>
                <input
                  value={line.classifierCode}
                  onInput={(e) => update(index, { classifierCode: (e.target as HTMLInputElement).value })}
                />
              </label>
              <label class="field">
                <span class="field-label">{t('Descripción')}</span>
                <input
                  value={line.description}
                  onInput={(e) => update(index, { description: (e.target as HTMLInputElement).value })}
                />
              </label>
              <label class="field">
                <span class="field-label">{t('Monto estimado')}</span>
                <input
                  inputMode="decimal"
                  value={line.amount}
                  onInput={(e) => update(index, { amount: (e.target as HTMLInputElement).value })}
                />
              </label>
              <label class="field">
                <span class="field-label">{t('Moneda')}</span>
                <select
                  value={line.currency}
                  onChange={(e) => update(index, { currency: (e.target as HTMLSelectElement).value })}
                >
                  {CURRENCIES.map((code) => (
                    <option value={code}>{code}</option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span class="field-label">{t('Trimestre previsto')}</span>
                <select
                  value={String(line.quarter)}
                  onChange={(e) => update(index, { quarter: Number((e.target as HTMLSelectElement).value) })}
                >
                  {Object.entries(QUARTERS).map(([value, text]) => (
                    <option value={value}>{t(text)}</option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span class="field-label">{t('Procedimiento previsto')}</span>
                <select
                  value={line.procedureType}
                  onChange={(e) => update(index, { procedureType: (e.target as HTMLSelectElement).value })}
                >
                  {Object.entries(PROCEDURES).map(([value, text]) => (
                    <option value={value}>{t(text)}</option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span class="field-label">{t('Fundamento legal (opcional)')}</span>
                <input
                  value={line.legalBasis}
                  onInput={(e) => update(index, { legalBasis: (e.target as HTMLInputElement).value })}
                />
              </label>
              {!line.tenderId && (
                <button type="button" class="link" onClick={() => setLines(lines.filter((_, i) => i !== index))}>
                  {t('Quitar la línea')}
                </button>
              )}
            </fieldset>
          ))}
          <button
            type="button"
            onClick={() =>
              setLines([
                ...lines,
                {
                  lineId: nextLineId(lines),
                  classifierCode: '',
                  description: '',
                  amount: '',
                  currency: 'MXN',
                  quarter: 1,
                  procedureType: 'public_tender',
                  legalBasis: '',
                },
              ])
            }
          >
            {t('Agregar línea')}
          </button>
          {current && (
            <label class="field">
              <span class="field-label">{t('Motivo de la revisión')}</span>
              <input name="reason" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
            </label>
          )}
        </ActionForm>
      </Section>
      {current && (
        <Section title={t('Vincular procedimientos')} id="plan-links">
          {current.lines.map((line) => (
            <LinkLine
              unitId={unitId}
              year={year}
              line={line}
              tenders={tenders.data ?? []}
              onLinked={() => setReloads(reloads + 1)}
            />
          ))}
        </Section>
      )}
    </div>
  );
}

function LinkLine({
  unitId,
  year,
  line,
  tenders,
  onLinked,
}: {
  unitId: string;
  year: number;
  line: PlanLine;
  tenders: Array<{ tenderId: string; title: string }>;
  onLinked: () => void;
}) {
  const [tenderId, setTenderId] = useState('');
  if (line.tenderId) {
    const title = tenders.find((one) => one.tenderId === line.tenderId)?.title ?? line.tenderId;
    return (
      <p data-testid="plan-link">
        {t('Línea {id}', { id: line.lineId })}: {t('la ejecuta')}{' '}
        <Link href={`/comprador/licitaciones/${encodeURIComponent(line.tenderId)}`}>{title}</Link>
      </p>
    );
  }
  return (
    <ActionForm
      class="form inline"
      submit={t('Vincular')}
      action={() =>
        api('POST', `${planPath(unitId, year)}/lines/${encodeURIComponent(line.lineId)}/link`, { tenderId })
      }
      onDone={onLinked}
    >
      <label class="field">
        <span class="field-label">{t('Procedimiento que ejecuta la línea {id}', { id: line.lineId })}</span>
        <select value={tenderId} onChange={(e) => setTenderId((e.target as HTMLSelectElement).value)}>
          <option value="">{t('Elige un procedimiento')}</option>
          {tenders.map((tender) => (
            <option value={tender.tenderId}>{tender.title}</option>
          ))}
        </select>
      </label>
    </ActionForm>
  );
}

/** What a revision changed, in words: lines added and removed, and each changed field old → new. */
function RevisionChanges({ changes }: { changes: Changes }) {
  const readable = (change: FieldChange): FieldChange =>
    change.path === 'procedureType'
      ? {
          ...change,
          before: t(PROCEDURES[String(change.before)] ?? '—'),
          after: t(PROCEDURES[String(change.after)] ?? '—'),
        }
      : change;
  return (
    <div class="plan-changes">
      {changes.added.map((line) => (
        <p>
          <ins>{t('Línea agregada')}</ins>: {line.lineId} · {line.description}
        </p>
      ))}
      {changes.removed.map((line) => (
        <p>
          <del>{t('Línea quitada')}</del>: {line.lineId} · {line.description}
        </p>
      ))}
      {changes.changed.map((line) => (
        <div>
          <p>
            {t('Línea modificada')}: {line.lineId} · {line.description}
          </p>
          <FieldChanges changes={line.changes.map(readable)} />
        </div>
      ))}
    </div>
  );
}

/** The public page of a unit's plan for a year. */
export function PublicPlan({ unitId, year }: { unitId: string; year: number }) {
  const plan = useAsync(() => get<PlanView>(planPath(unitId, year)), [unitId, year]);
  return (
    <div>
      <h1>{t('Programa anual de adquisiciones {year}', { year })}</h1>
      <p>
        <Link href={`/unidades/${encodeURIComponent(unitId)}`}>{t('Unidad compradora')}</Link> ·{' '}
        <Link href={`/programas/${year}`}>{t('Todos los programas del año')}</Link>
      </p>
      <Loaded state={plan}>
        {(view) => (
          <div>
            <p>
              {t('Revisión vigente: {n}', { n: view.revision })} ·{' '}
              {t('Actualizado: {when}', { when: dateTime(view.updatedAt) })}
            </p>
            <Section title={t('Líneas del programa')} id="public-plan-lines">
              <table class="plan-lines">
                <thead>
                  <tr>
                    <th>{t('Línea')}</th>
                    <th>{t('Clave del clasificador')}</th>
                    <th>{t('Descripción')}</th>
                    <th>{t('Monto estimado')}</th>
                    <th>{t('Trimestre previsto')}</th>
                    <th>{t('Procedimiento previsto')}</th>
                    <th>{t('Procedimiento que la ejecuta')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.lines.map((line) => (
                    <tr>
                      <td>{line.lineId}</td>
                      <td class="mono">{line.classifierCode}</td>
                      <td>{line.description}</td>
                      <td class="num">
                        <Money amount={line.estimate} />
                      </td>
                      <td>{t(QUARTERS[String(line.quarter)])}</td>
                      <td>{t(PROCEDURES[line.procedureType] ?? line.procedureType)}</td>
                      <td>
                        {line.tenderId ? (
                          <Link href={`/licitaciones/${encodeURIComponent(line.tenderId)}`}>{t('Ver')}</Link>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
            <Section title={t('Programado contra ejercido')} id="plan-execution">
              <table class="plan-execution">
                <thead>
                  <tr>
                    <th>{t('Moneda')}</th>
                    <th>{t('Programado')}</th>
                    <th>{t('Adjudicado')}</th>
                    <th>{t('Contratado')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.execution.totals.map((total) => (
                    <tr>
                      <td>{total.currency}</td>
                      <td class="num">
                        <Money amount={total.planned} currency={total.currency} />
                      </td>
                      <td class="num">
                        <Money amount={total.awarded} currency={total.currency} />
                      </td>
                      <td class="num">
                        <Money amount={total.contracted} currency={total.currency} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
            <Section title={t('Por trimestre')} id="plan-quarters">
              <ul class="plan-quarters">
                {view.byQuarter.map((row) => (
                  <li>
                    {t(QUARTERS[String(row.quarter)])}: <Money amount={row.amount} currency={row.currency} />
                  </li>
                ))}
              </ul>
            </Section>
            <Section title={t('Por clave del clasificador')} id="plan-classifier">
              <ul class="plan-classifier">
                {view.byClassifier.map((row) => (
                  <li>
                    <span class="mono">{row.classifierCode}</span>:{' '}
                    <Money amount={row.amount} currency={row.currency} />
                  </li>
                ))}
              </ul>
            </Section>
            <Section title={t('Revisiones')} id="plan-revisions">
              <ol class="plan-revisions" reversed>
                {[...view.revisions].reverse().map((revision) => (
                  <li data-testid="plan-revision">
                    <strong>{t('Revisión {n}', { n: revision.revision })}</strong> · {dateTime(revision.publishedAt)}
                    {revision.reason && <p>{t('Motivo: {reason}', { reason: revision.reason })}</p>}
                    <RevisionChanges changes={revision.changes} />
                  </li>
                ))}
              </ol>
            </Section>
          </div>
        )}
      </Loaded>
    </div>
  );
}

type PlansOfYear = {
  fiscalYear: number;
  planCount: number;
  byClassifier: Array<{ classifierCode: string; currency: string; amount: number; lines: number; units: number }>;
  byQuarter: Array<{ quarter: number; currency: string; amount: number; lines: number }>;
  units: Array<{
    buyingUnitId: string;
    name: string | null;
    revision: number;
    lineCount: number;
    totals: Array<{ currency: string; planned: number; awarded: number; contracted: number }>;
  }>;
};

/** `/programas/:year`: every unit's plan for the year together, per currency. */
export function PlansOfYearPage({ year }: { year: string }) {
  const number = Number(year);
  const valid = /^\d{4}$/.test(year) && Number.isInteger(number);
  const summary = useAsync(
    () => (valid ? get<PlansOfYear>(`/api/plans/summary?fiscalYear=${number}`) : Promise.resolve(null)),
    [year],
  );
  if (!valid) {
    navigate(`/programas/${new Date().getFullYear()}`, { replace: true });
    return null;
  }
  return (
    <div>
      <h1>{t('Programas anuales de adquisiciones {year}', { year: number })}</h1>
      <p>
        <Link href={`/programas/${number - 1}`}>{t('Año anterior')}</Link> ·{' '}
        <Link href={`/programas/${number + 1}`}>{t('Año siguiente')}</Link>
      </p>
      <Loaded state={summary}>
        {(view) =>
          !view || view.planCount === 0 ? (
            <Empty>{t('Ninguna unidad ha publicado su programa de este año.')}</Empty>
          ) : (
            <div>
              <p>{t('{n} unidades compradoras publicaron su programa.', { n: view.planCount })}</p>
              <Section title={t('Programado contra ejercido, por unidad')} id="plans-units">
                <table class="plans-units">
                  <thead>
                    <tr>
                      <th>{t('Unidad compradora')}</th>
                      <th>{t('Moneda')}</th>
                      <th>{t('Programado')}</th>
                      <th>{t('Adjudicado')}</th>
                      <th>{t('Contratado')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.units.flatMap((unit) =>
                      unit.totals.map((total) => (
                        <tr>
                          <td>
                            <Link href={publicPlanPage(unit.buyingUnitId, view.fiscalYear)}>
                              {unit.name ?? unit.buyingUnitId}
                            </Link>
                          </td>
                          <td>{total.currency}</td>
                          <td class="num">
                            <Money amount={total.planned} currency={total.currency} />
                          </td>
                          <td class="num">
                            <Money amount={total.awarded} currency={total.currency} />
                          </td>
                          <td class="num">
                            <Money amount={total.contracted} currency={total.currency} />
                          </td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
              </Section>
              <Section title={t('Por trimestre')} id="plans-quarters">
                <ul class="plan-quarters">
                  {view.byQuarter.map((row) => (
                    <li>
                      {t(QUARTERS[String(row.quarter)])}: <Money amount={row.amount} currency={row.currency} />
                    </li>
                  ))}
                </ul>
              </Section>
              <Section title={t('Por clave del clasificador')} id="plans-classifier">
                <ul class="plan-classifier">
                  {view.byClassifier.map((row) => (
                    <li>
                      <span class="mono">{row.classifierCode}</span>:{' '}
                      <Money amount={row.amount} currency={row.currency} />{' '}
                      {t('({units} unidades, {lines} líneas)', { units: row.units, lines: row.lines })}
                    </li>
                  ))}
                </ul>
              </Section>
            </div>
          )
        }
      </Loaded>
    </div>
  );
}

/** `/unidades/:id/programa/:year`; a year that is not a number goes to the current one. */
export function PublicPlanRoute({ unitId, year }: { unitId: string; year: string }) {
  const number = Number(year);
  if (!Number.isInteger(number)) {
    navigate(publicPlanPage(unitId, new Date().getFullYear()), { replace: true });
    return null;
  }
  return <PublicPlan unitId={unitId} year={number} />;
}

/** On a unit's profile: a link to each year's plan it has published. */
export function UnitPlansLinks({ unitId }: { unitId: string }) {
  const plans = useAsync(
    () => get<Array<{ fiscalYear: number }>>(`/api/plans?buyingUnitId=${encodeURIComponent(unitId)}`),
    [unitId],
  );
  if (!plans.data || plans.data.length === 0) return null;
  return (
    <p class="plan-years">
      {t('Programas anuales')}:{' '}
      {plans.data.map((plan) => (
        <>
          <Link href={publicPlanPage(unitId, plan.fiscalYear)}>
            {t('Programa anual {year}', { year: plan.fiscalYear })}
          </Link>{' '}
        </>
      ))}
    </p>
  );
}
