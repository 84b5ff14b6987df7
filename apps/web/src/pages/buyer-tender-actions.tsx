/**
 * The buyer's desk, the actions on a tender and its contracts beyond the procedure's steps: edit a draft,
 * amend a published call (the changes shown field by field before they are sent), cancel with a reason, and
 * a signed contract's amendment (within 20 %), completion and termination. What is not possible yet says from
 * when it will be (buyer-actions.ts).
 */
import { useState } from 'preact/hooks';
import { api, get, newId } from '../api';
import { contractActions, contractAmountLimits, type Availability } from '../buyer-actions';
import { useForm } from '../components/blocks';
import { FieldChanges, type FieldChange } from '../components/field-changes';
import { ActionForm, Badge, Field, InputField, Loaded, Money, Section, SelectField, useAsync } from '../components/ui';
import { centavosToDecimal, date, dateTime, isoToMexicoLocal, mexicoLocalToIso, money, parseMoney } from '../format';
import { label, t } from '../i18n';
import { serverNow } from '../server-clock';
import type { TenderView } from '../types';
import { ExecutionDesk } from './contract-execution';
import { MultiYearFields } from '../components/multi-year';
import { fiscalYearsOf, multiYearForm } from '../consolidation-forms';

const tenderPath = (view: TenderView, rest = '') => `/api/tenders/${encodeURIComponent(view.tenderId)}${rest}`;

/** Why an action is not offered, and from when it will be: "… posible a partir del 14 dic 2026, 10:00 …". */
export function NotYet({ availability }: { availability: Availability }) {
  if (availability.possible) return null;
  const vars = { date: availability.at ? dateTime(availability.at) : '', lot: availability.lot ?? '' };
  return (
    <span class="notice" data-testid="not-yet">
      {t(availability.message, vars)}
    </span>
  );
}

/** A draft's title and description, saved on the server (PATCH): every buyer of the unit sees the change. */
export function DraftEdit({ view, onDone }: { view: TenderView; onDone: () => void }) {
  const { form, bind } = useForm({ title: view.title, description: view.description });
  return (
    <Section title={t('Editar borrador')}>
      <ActionForm
        action={() => api('PATCH', tenderPath(view), { title: form.title, description: form.description })}
        onDone={onDone}
        submit={t('Guardar cambios del borrador')}
      >
        <InputField label={t('Título del borrador')} required {...bind('title')} />
        <Field label={t('Descripción del borrador')}>
          <textarea required {...bind('description')} />
        </Field>
      </ActionForm>
    </Section>
  );
}

const AMENDABLE_DATES = [
  ['questionsDeadline', 'Límite para preguntas'],
  ['submissionDeadline', 'Límite para propuestas'],
  ['openingDate', 'Acto de apertura'],
  ['awardDate', 'Fallo'],
] as const;
type AmendableDate = (typeof AMENDABLE_DATES)[number][0];

/** The fields the amendment form holds: the call's title, description and dates (Mexico City local time). */
type AmendFields = { title: string; description: string; reason: string } & Record<AmendableDate, string>;

function amendFields(view: TenderView): AmendFields {
  const dates = Object.fromEntries(
    AMENDABLE_DATES.map(([key]) => [key, view.schedule ? isoToMexicoLocal(view.schedule[key]) : '']),
  ) as Record<AmendableDate, string>;
  return { title: view.title, description: view.description, reason: '', ...dates };
}

/** The amendment the form describes: only what differs from the tender now, and the changes it makes. */
export function amendmentOf(view: TenderView, form: AmendFields) {
  const changes: { title?: string; description?: string; schedule?: Partial<Record<AmendableDate, string>> } = {};
  const diff: FieldChange[] = [];
  if (form.title !== view.title) {
    changes.title = form.title;
    diff.push({ path: 'title', before: view.title, after: form.title });
  }
  if (form.description !== view.description) {
    changes.description = form.description;
    diff.push({ path: 'description', before: view.description, after: form.description });
  }
  for (const [key] of AMENDABLE_DATES) {
    const before = view.schedule?.[key];
    if (!before || !form[key] || form[key] === isoToMexicoLocal(before)) continue;
    const after = mexicoLocalToIso(form[key]);
    changes.schedule = { ...changes.schedule, [key]: after };
    diff.push({ path: `schedule.${key}`, before, after });
  }
  return { changes, diff };
}

/** Amend the published call before the submission deadline; the changes are listed before they are sent. */
export function AmendStep({ view, can, onDone }: { view: TenderView; can: Availability; onDone: () => void }) {
  const { form, setForm, bind } = useForm(() => amendFields(view));
  const [amendmentId, setAmendmentId] = useState(newId);
  if (!can.possible) {
    return (
      <Section title={t('Modificar la convocatoria')}>
        <NotYet availability={can} />
      </Section>
    );
  }
  const { changes, diff } = amendmentOf(view, form);
  const send = () =>
    api(
      'POST',
      tenderPath(view, '/amendments'),
      { amendmentId, changes, reason: form.reason },
      { idempotencyKey: amendmentId },
    );
  return (
    <Section title={t('Modificar la convocatoria')}>
      <ActionForm
        action={send}
        onDone={() => {
          setAmendmentId(newId());
          setForm({ ...form, reason: '' });
          onDone();
        }}
        submit={t('Publicar la modificación')}
      >
        <div class="filters">
          <div class="wide">
            <InputField label={t('Título de la convocatoria')} required {...bind('title')} />
          </div>
          <div class="wide">
            <Field label={t('Descripción de la convocatoria')}>
              <textarea required {...bind('description')} />
            </Field>
          </div>
          {AMENDABLE_DATES.map(([key, text]) => (
            <InputField label={`${t(text)} (${t('nueva fecha')})`} type="datetime-local" required {...bind(key)} />
          ))}
          <div class="wide">
            <Field label={t('Motivo de la modificación')}>
              <textarea required {...bind('reason')} />
            </Field>
          </div>
        </div>
        {diff.length > 0 ? (
          <div class="card">
            <strong>{t('Cambios que se publicarán')}</strong>
            <FieldChanges changes={diff} />
          </div>
        ) : (
          <p class="small">{t('Cambia un campo para modificar la convocatoria.')}</p>
        )}
      </ActionForm>
    </Section>
  );
}

/** Cancel the procedure with its reason (possible until a contract is signed). */
export function CancelStep({ view, onDone }: { view: TenderView; onDone: () => void }) {
  const [reason, setReason] = useState('');
  return (
    <Section title={t('Cancelar el procedimiento')}>
      <ActionForm
        action={() =>
          api('POST', tenderPath(view, '/cancel'), { reason }, { idempotencyKey: `${view.tenderId}-cancel` })
        }
        onDone={onDone}
        submit={t('Cancelar la licitación')}
      >
        <Field label={t('Motivo de la cancelación')}>
          <textarea required value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
        </Field>
      </ActionForm>
    </Section>
  );
}

type Contract = {
  contractId: string;
  status: 'active' | 'completed' | 'terminated';
  supplierId: string;
  amount: { amount: number; currency: string };
  originalAmount: { amount: number; currency: string };
  /** An open contract (LAASSP art. 47): its amount may be 0.00. */
  openContract?: { maximum: { amount: number } | null };
  startDate: string;
  endDate: string;
  amendments: Array<{ amendmentId: string; reason: string; changes: FieldChange[]; amendedAt: string }>;
  closedAt: string | null;
  termination: { kind: string; reason: string } | null;
  items?: Array<{ itemId: string; description: string }>;
  /** A multi-year contract's amounts per fiscal year, as last amended. */
  multiYear?: { fiscalYears: Array<{ fiscalYear: number; amount: number }>; portfolioKey?: string } | null;
};

const TERMINATIONS = {
  early_termination: 'Terminación anticipada (interés general)',
  rescission: 'Rescisión (incumplimiento)',
};

/** A signed contract of the tender: its terms, amendments, and what the buyer may do with it now. */
export function ContractPanel({
  contractId,
  lotId,
  onDone,
}: {
  contractId: string;
  lotId: string;
  onDone: () => void;
}) {
  const contract = useAsync(() => get<Contract>(`/api/contracts/${encodeURIComponent(contractId)}`), [contractId]);
  const done = () => (contract.reload(), setTimeout(contract.reload, 700), onDone());
  return (
    <Section title={t('Contrato de la partida {lot}', { lot: lotId })}>
      <Loaded state={contract}>
        {(c) => {
          const can = contractActions(c, serverNow());
          return (
            <div data-testid="buyer-contract">
              <p>
                <Badge kind={c.status === 'active' ? 'good' : 'neutral'}>{label('contractStatus', c.status)}</Badge>{' '}
                <span class="mono">{c.contractId}</span> · <Money amount={c.amount} /> ({t('original')}{' '}
                {money(c.originalAmount.amount)}) · {date(c.startDate)} – {date(c.endDate)}
              </p>
              {c.multiYear && (
                <p data-testid="contract-years">
                  {t('Plurianual')}:{' '}
                  {c.multiYear.fiscalYears
                    .map(
                      (y) => `${t('Ejercicio {year}', { year: y.fiscalYear })} ${money(y.amount, c.amount.currency)}`,
                    )
                    .join(' · ')}
                  {c.multiYear.portfolioKey &&
                    ` · ${t('Clave de cartera SHCP {key}', { key: c.multiYear.portfolioKey })}`}
                </p>
              )}
              {c.termination && (
                <p>
                  {t(TERMINATIONS[c.termination.kind as keyof typeof TERMINATIONS] ?? c.termination.kind)}:{' '}
                  {c.termination.reason}
                </p>
              )}
              {c.amendments.map((a) => (
                <div>
                  {dateTime(a.amendedAt)}: {a.reason}
                  <FieldChanges changes={a.changes} />
                </div>
              ))}
              {can.amend.possible && <ContractAmendForm contract={c} onDone={done} />}
              {can.complete.possible ? (
                <ActionForm
                  action={() => api('POST', `/api/contracts/${encodeURIComponent(c.contractId)}/complete`)}
                  onDone={done}
                  submit={t('Dar por concluido el contrato')}
                />
              ) : (
                c.status === 'active' && (
                  <p>
                    <NotYet availability={can.complete} />
                  </p>
                )
              )}
              {can.terminate.possible && <TerminateForm contractId={c.contractId} onDone={done} />}
              <ExecutionDesk contractId={c.contractId} items={c.items ?? []} active={c.status === 'active'} />
            </div>
          );
        }}
      </Loaded>
    </Section>
  );
}

function ContractAmendForm({ contract, onDone }: { contract: Contract; onDone: () => void }) {
  // An open contract's 20 % is of its maximum (LAASSP art. 47 and 52); any other's, of its original amount.
  const limits = contractAmountLimits(contract.originalAmount.amount, contract.openContract?.maximum?.amount);
  const endDay = isoToMexicoLocal(contract.endDate).slice(0, 10);
  const { form, bind } = useForm({ amount: centavosToDecimal(contract.amount.amount), endDate: endDay, reason: '' });
  // A multi-year contract's years: sent when they change (an amount change needs the new amount of every year).
  const [years, setYears] = useState(() => multiYearForm(contract.multiYear));
  const send = () => {
    const amount = parseMoney(form.amount);
    const endDate = mexicoLocalToIso(`${form.endDate}T23:59`);
    const fiscalYears = fiscalYearsOf(years);
    const yearsChanged =
      contract.multiYear && JSON.stringify(fiscalYears) !== JSON.stringify(contract.multiYear.fiscalYears);
    return api('POST', `/api/contracts/${encodeURIComponent(contract.contractId)}/amendments`, {
      ...(amount !== null && amount !== contract.amount.amount ? { amount } : {}),
      ...(form.endDate !== endDay ? { endDate } : {}),
      ...(yearsChanged ? { fiscalYears } : {}),
      reason: form.reason,
    });
  };
  return (
    <ActionForm action={send} onDone={onDone} submit={t('Modificar el contrato')}>
      <div class="filters">
        <InputField
          label={t('Nuevo monto (MXN)')}
          hint={t('Entre {min} y {max}: hasta 20 % del monto original (LAASSP art. 52).', {
            min: money(limits.min),
            max: money(limits.max),
          })}
          inputMode="decimal"
          required
          {...bind('amount')}
        />
        <InputField label={t('Nueva fecha de término')} type="date" required {...bind('endDate')} />
        {contract.multiYear && (
          <MultiYearFields
            form={{ ...years, on: true }}
            onChange={(next) => setYears({ ...next, on: true })}
            amount={parseMoney(form.amount)}
            currency={contract.amount.currency}
            portfolioKey={false}
          />
        )}
        <div class="wide">
          <Field label={t('Motivo del convenio modificatorio')}>
            <textarea required {...bind('reason')} />
          </Field>
        </div>
      </div>
    </ActionForm>
  );
}

function TerminateForm({ contractId, onDone }: { contractId: string; onDone: () => void }) {
  const { form, bind } = useForm({ kind: 'early_termination', reason: '' });
  return (
    <ActionForm
      action={() => api('POST', `/api/contracts/${encodeURIComponent(contractId)}/terminate`, form)}
      onDone={onDone}
      submit={t('Terminar el contrato')}
    >
      <div class="filters">
        <SelectField label={t('Forma de terminación')} {...bind('kind')} options={TERMINATIONS} />
        <div class="wide">
          <Field label={t('Motivo de la terminación')}>
            <textarea required {...bind('reason')} />
          </Field>
        </div>
      </div>
    </ActionForm>
  );
}
