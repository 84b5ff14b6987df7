/**
 * The buyer's desk: draft and publish a tender (items from the classifier), answer questions, hold the opening
 * act, record evaluations, schedule the reverse auction, award, and record contracts. Every step is one call to
 * the tendering API; the page reloads the tender after each.
 */
import { useState } from 'preact/hooks';
import { api, currentSession, downloadFile, get, getFresh, newId, query, uploadFile } from '../api';
import { ClassifierPicker, describe } from '../components/classifier-picker';
import { DocumentsInput, type DocumentRef, type UploadReceipt } from '../components/documents';
import {
  type Bind,
  CodeOptions,
  type Column,
  DeskTender,
  ListSection,
  ResultItem,
  Results,
  SignInFirst,
  SignInLink,
  Table,
  TenderHeading,
  useForm,
  valueOf,
} from '../components/blocks';
import {
  ActionForm,
  Badge,
  errorText,
  Field,
  InputField,
  Loaded,
  Money,
  Section,
  SelectField,
  useAsync,
} from '../components/ui';
import { dateTime, isoToMexicoLocal, lineTotal, mexicoLocalToIso, money, parseMoney } from '../format';
import { DeskCalendarLink } from '../components/feeds';
import { label, t, tn } from '../i18n';
import { PUBLIC } from '../paths';
import { Link, navigate } from '../router';
import { worksLogPage } from './works-log';
import type { UnitTender } from '@licita/tendering';
import type { Page, PublicTender, TenderSummary, TenderView } from '../types';
import { Deadline, statusKind } from './tender-search';
import { AmendStep, CancelStep, ContractPanel, DraftEdit, NotYet } from './buyer-tender-actions';
import { signAvailability, tenderActions, type Availability } from '../buyer-actions';
import { FieldChanges } from '../components/field-changes';
import { serverNow, syncServerClock } from '../server-clock';
import { isSandbox } from '../sandbox';
import { MultiYearFields } from '../components/multi-year';
import { fiscalYearsOf, multiYearForm } from '../consolidation-forms';
import { ConsolidationFields } from '../components/consolidation-fields';
import { consolidationBody, NO_CONSOLIDATION } from '../consolidation-forms';

const DAY = 86_400_000;

function useBuyer(): string | null {
  const session = currentSession();
  return session?.account.role === 'buyer' && session.account.buyingUnitId ? session.account.buyingUnitId : null;
}

const SignIn = () => (
  <SignInFirst title={t('Escritorio del comprador')}>
    <SignInLink>{t('Entra con tu cuenta de comprador.')}</SignInLink>
  </SignInFirst>
);

const deskHref = (tenderId: string) => `/comprador/licitaciones/${encodeURIComponent(tenderId)}`;

/** The title with its procedure number (CompraNet style) in front, when the tender has one. */
const numbered = (tender: { title: string; number?: string | null }) =>
  tender.number ? `${tender.number} · ${tender.title}` : tender.title;

export function BuyerDesk() {
  const unit = useBuyer();
  const [creating, setCreating] = useState(false);
  const published = useAsync(
    () =>
      unit
        ? get<Page<TenderSummary>>(`${PUBLIC.tenders}${query({ buyingUnitId: unit, limit: 50 })}`)
        : Promise.resolve({ items: [], nextCursor: null }),
    [unit],
  );
  // The unit's own list (drafts included): saved on the server, the same for every buyer of the unit.
  const mine = useAsync(async () => (unit ? (await syncServerClock(), get<UnitTender[]>('/api/tenders')) : []), [unit]);
  if (!unit) return <SignIn />;
  return (
    <>
      <h1>{t('Escritorio del comprador')}</h1>
      <p>
        <button type="button" onClick={() => setCreating(!creating)} aria-expanded={creating}>
          {creating ? t('Cerrar el formulario') : t('Nueva licitación')}
        </button>{' '}
        <Link href="/comprador/investigaciones">{t('Investigaciones de mercado')}</Link> ·{' '}
        <Link href="/comprador/programa">{t('Programa anual de adquisiciones')}</Link> ·{' '}
        <Link href="/comprador/cotizaciones">{t('Cotizaciones ágiles')}</Link> ·{' '}
        <Link href="/catalogo">{t('Comprar por catálogo (convenios marco)')}</Link> ·{' '}
        <Link href="/comprador/convenio-marco">{t('Establecer un convenio marco')}</Link>
      </p>
      {creating && <TenderForm unit={unit} />}
      <Section title={t('Borradores de mi unidad')}>
        <Loaded state={mine}>
          {(tenders) => (
            <Results
              items={tenders.filter((tender) => tender.status === 'draft')}
              empty={t('Tu unidad no tiene borradores.')}
            >
              {(draft) => (
                <ResultItem href={deskHref(draft.tenderId)} title={numbered(draft)}>
                  <Badge kind="neutral">{label('procedureType', draft.procedureType)}</Badge>
                  <Money amount={draft.estimatedTotal} />
                  <span>{t('Guardado el {date}', { date: dateTime(draft.updatedAt) })}</span>
                </ResultItem>
              )}
            </Results>
          )}
        </Loaded>
      </Section>
      <Loaded state={mine}>{(tenders) => <UnitCalendar tenders={tenders} />}</Loaded>
      <Section title={t('Procedimientos de mi unidad')}>
        <Loaded state={published}>
          {(page) => (
            <Results items={page.items} empty={t('Tu unidad aún no publica procedimientos.')}>
              {(tender) => (
                <ResultItem href={deskHref(tender.tenderId)} title={numbered(tender as TenderSummary & Numbered)}>
                  <Badge kind={statusKind(tender.status)}>{label('tenderStatus', tender.status)}</Badge>
                  <Money amount={tender.value} />
                  <span>{tn(tender.proposals, '{n} propuesta', '{n} propuestas')}</span>
                  <Deadline at={tender.submissionDeadline} />
                </ResultItem>
              )}
            </Results>
          )}
        </Loaded>
      </Section>
    </>
  );
}

type Numbered = { number?: string | null };

type CalendarEntry = { at: string; what: string; tender: UnitTender };

const CALENDAR_DATES = [
  ['questionsDeadline', 'Límite para preguntas'],
  ['submissionDeadline', 'Límite para propuestas'],
  ['openingDate', 'Acto de apertura'],
  ['awardDate', 'Fallo'],
] as const;

/** The unit's coming dates, from its tenders (schedule, objection periods) and their lots' auctions. */
export function calendarEntries(
  tenders: UnitTender[],
  auctions: Record<string, Array<{ lotId: string; startsAt: string }>>,
  now: Date,
): CalendarEntry[] {
  const live = tenders.filter((tender) => !['draft', 'cancelled', 'completed', 'deserted'].includes(tender.status));
  const entries = live.flatMap((tender) => [
    ...CALENDAR_DATES.flatMap(([key, what]) =>
      tender.schedule ? [{ at: tender.schedule[key], what: t(what), tender }] : [],
    ),
    ...tender.lots.flatMap((lot) =>
      lot.objectionPeriodEndsAt && !lot.contractId
        ? [
            {
              at: lot.objectionPeriodEndsAt,
              what: t('Fin del periodo de inconformidades (partida {lot})', { lot: lot.lotId }),
              tender,
            },
          ]
        : [],
    ),
    ...(auctions[tender.tenderId] ?? []).map((auction) => ({
      at: auction.startsAt,
      what: t('Subasta inversa (partida {lot})', { lot: auction.lotId }),
      tender,
    })),
  ]);
  return entries
    .filter((entry) => Date.parse(entry.at) >= now.getTime())
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function UnitCalendar({ tenders }: { tenders: UnitTender[] }) {
  const withAuctions = tenders.filter((tender) => tender.lots.some((lot) => lot.auctionId));
  const auctions = useAsync(async () => {
    const records = await Promise.all(
      withAuctions.map((tender) => get<PublicTender>(PUBLIC.tender(tender.tenderId)).catch(() => null)),
    );
    return Object.fromEntries(
      records.flatMap((record) => (record ? [[record.tenderId, record.auctions ?? []]] : [])),
    ) as Record<string, Array<{ lotId: string; startsAt: string }>>;
  }, [withAuctions.map((tender) => tender.tenderId).join()]);
  const entries = calendarEntries(tenders, auctions.data ?? {}, serverNow()).slice(0, 40);
  const columns: Array<Column<CalendarEntry>> = [
    { label: t('Fecha'), cell: (entry) => dateTime(entry.at) },
    { label: t('Evento'), cell: (entry) => entry.what },
    {
      label: t('Procedimiento'),
      cell: (entry) => <Link href={deskHref(entry.tender.tenderId)}>{numbered(entry.tender)}</Link>,
    },
  ];
  return (
    <Section title={t('Calendario de mi unidad')}>
      {entries.length === 0 ? (
        <p>{t('No hay plazos, aperturas ni subastas próximas.')}</p>
      ) : (
        <div data-testid="unit-calendar">
          <Table columns={columns} rows={entries} />
        </div>
      )}
      <DeskCalendarLink />
    </Section>
  );
}

type ItemDraft = {
  itemId: string;
  classifierCode: string;
  description: string;
  quantity: string;
  unit: string;
  price: string;
};
/** `open`: an open contract (LAASSP art. 47) with its minimum and maximum in pesos (either may be blank). */
type LotDraft = { lotId: string; title: string; items: ItemDraft[]; open?: { minimum: string; maximum: string } };

function defaultSchedule() {
  const publication = serverNow().getTime() + 60 * 60_000;
  const at = (ms: number) => isoToMexicoLocal(new Date(ms).toISOString());
  return {
    publicationDate: at(publication),
    questionsDeadline: at(publication + 7 * DAY),
    submissionDeadline: at(publication + 16 * DAY),
    openingDate: at(publication + 16 * DAY + 60 * 60_000),
    awardDate: at(publication + 23 * DAY),
  };
}

const EMPTY_TENDER = {
  title: '',
  description: '',
  category: 'goods',
  procedureType: 'public_national',
  criterion: 'lowest_price',
  technicalWeight: '50',
  reverseAuction: false,
  requireProposalSignature: false,
  /** Practice mode only (sandbox.tsx): the periods are divided by it. */
  timeAcceleration: '1',
  invited: '',
  directSupplier: '',
  article: 'LAASSP art. 41 fr. I',
  justification: '',
};
type TenderFields = typeof EMPTY_TENDER;
type Schedule = ReturnType<typeof defaultSchedule>;

const lotValue = (lot: LotDraft) =>
  lot.items.reduce((sum, item) => sum + lineTotal(Number(item.quantity) || 0, parseMoney(item.price) ?? 0), 0);

/** The body of `POST /api/tenders` from what the form holds. */
function draftBody(
  tenderId: string,
  unit: string,
  form: TenderFields,
  schedule: Schedule,
  lots: LotDraft[],
  documents: DocumentRef[],
) {
  const direct = form.procedureType === 'direct_award';
  return {
    tenderId,
    buyingUnitId: unit,
    title: form.title,
    description: form.description,
    category: form.category,
    procedureType: form.procedureType,
    awardCriterion:
      form.criterion === 'lowest_price'
        ? { type: 'lowest_price' }
        : {
            type: 'points_and_percentages',
            technicalWeight: Number(form.technicalWeight),
            economicWeight: 100 - Number(form.technicalWeight),
          },
    reverseAuction: form.reverseAuction,
    requireProposalSignature: form.procedureType !== 'direct_award' && form.requireProposalSignature,
    ...(isSandbox() && Number(form.timeAcceleration) > 1 ? { timeAcceleration: Number(form.timeAcceleration) } : {}),
    currency: 'MXN',
    lots: lots.map((lot) => ({
      lotId: lot.lotId,
      title: lot.title,
      items: lot.items.map((item) => ({
        itemId: item.itemId,
        classifierCode: item.classifierCode,
        description: item.description,
        quantity: Number(item.quantity),
        unit: item.unit,
        estimatedUnitPrice: parseMoney(item.price) ?? 0,
      })),
      estimatedValue: { amount: lotValue(lot), currency: 'MXN' },
      ...(lot.open ? { openContract: openContractBody(lot.open) } : {}),
    })),
    estimatedTotal: { amount: lots.reduce((sum, lot) => sum + lotValue(lot), 0), currency: 'MXN' },
    documents,
    schedule: direct ? null : Object.fromEntries(Object.entries(schedule).map(([k, v]) => [k, mexicoLocalToIso(v)])),
    invitedSupplierIds: form.procedureType === 'invitation' ? form.invited.split(/[\s,]+/).filter(Boolean) : [],
    directAward: direct
      ? {
          ...(form.directSupplier.trim() ? { supplierId: form.directSupplier.trim() } : {}),
          justification: { article: form.article, text: form.justification },
        }
      : null,
  };
}

/** An open contract's bounds in centavos; a blank bound is none. */
function openContractBody(open: NonNullable<LotDraft['open']>) {
  const bound = (pesos: string) => {
    const amount = pesos.trim() ? parseMoney(pesos) : null;
    return amount === null || amount === undefined ? null : { amount, currency: 'MXN' };
  };
  return { minimum: bound(open.minimum), maximum: bound(open.maximum) };
}

function TenderForm({ unit }: { unit: string }) {
  const { form, setForm, bind } = useForm(EMPTY_TENDER);
  const [schedule, setSchedule] = useState(defaultSchedule);
  const [lots, setLots] = useState<LotDraft[]>([{ lotId: 'lot-1', title: '', items: [] }]);
  const [documents, setDocuments] = useState<DocumentRef[]>([]);
  const [consolidation, setConsolidation] = useState(NO_CONSOLIDATION);
  const total = lots.reduce((sum, lot) => sum + lotValue(lot), 0);
  const direct = form.procedureType === 'direct_award';
  const updateLot = (index: number, lot: LotDraft) => setLots(lots.map((old, i) => (i === index ? lot : old)));
  const create = async () => {
    const tenderId = newId();
    const body = { ...draftBody(tenderId, unit, form, schedule, lots, documents), ...consolidationBody(consolidation) };
    await api('POST', '/api/tenders', body, { idempotencyKey: tenderId });
    navigate(`/comprador/licitaciones/${tenderId}`);
  };
  return (
    <Section title={t('Nueva licitación')}>
      <ActionForm action={create} submit={t('Guardar borrador')}>
        <GeneralFields form={form} setForm={setForm} bind={bind} />
        {form.procedureType === 'invitation' && (
          <InputField label={t('Proveedores invitados (identificadores, al menos tres)')} {...bind('invited')} />
        )}
        {direct && <DirectAwardFields bind={bind} />}
        {!direct && <ScheduleFields schedule={schedule} setSchedule={setSchedule} />}
        {lots.map((lot, lotIndex) => (
          <LotFields lot={lot} lotIndex={lotIndex} onChange={(changed) => updateLot(lotIndex, changed)} />
        ))}
        <p>
          <button
            type="button"
            class="secondary"
            onClick={() => setLots([...lots, { lotId: `lot-${lots.length + 1}`, title: '', items: [] }])}
          >
            {t('Agregar partida')}
          </button>
        </p>
        <p>
          {t('Valor estimado total')}: <strong>{money(total)}</strong>
        </p>
        <ConsolidationFields
          draft={consolidation}
          onChange={setConsolidation}
          unit={unit}
          items={lots.flatMap((lot) =>
            lot.items.map((item) => ({
              itemId: item.itemId,
              description: item.description,
              quantity: Number(item.quantity) || 0,
            })),
          )}
        />
        <DocumentsInput
          id="tender-docs"
          value={documents}
          onChange={setDocuments}
          upload={(file) => uploadFile<UploadReceipt>('/api/documents', file)}
          hint={t('El archivo se guarda en Licita y se publica con la convocatoria.')}
        />
      </ActionForm>
    </Section>
  );
}

/** The award criteria and minimum decrements the forms offer, by their API codes. */
const CRITERIA = { lowest_price: 'Binario (precio más bajo)', points_and_percentages: 'Puntos y porcentajes' };
const DECREMENTS = { absolute: 'Monto fijo', percent: 'Porcentaje del precio' };

function GeneralFields({
  form,
  setForm,
  bind,
}: {
  form: TenderFields;
  setForm: (form: TenderFields) => void;
  bind: Bind<TenderFields>;
}) {
  return (
    <div class="filters">
      <div class="wide">
        <InputField label={t('Título')} required {...bind('title')} />
      </div>
      <div class="wide">
        <Field label={t('Descripción')}>
          <textarea required {...bind('description')} />
        </Field>
      </div>
      <Field label={t('Tipo de procedimiento')}>
        <select {...bind('procedureType')}>
          <CodeOptions group="procedureType" />
        </select>
      </Field>
      <Field label={t('Categoría')}>
        <select {...bind('category')}>
          <CodeOptions group="category" />
        </select>
      </Field>
      <SelectField label={t('Criterio de evaluación')} {...bind('criterion')} options={CRITERIA} />
      {form.criterion !== 'lowest_price' && (
        <InputField label={t('Peso técnico (%)')} type="number" min="1" max="99" {...bind('technicalWeight')} />
      )}
      <label class="field">
        <span class="field-label">{t('Subasta inversa')}</span>
        <span>
          <input
            type="checkbox"
            checked={form.reverseAuction}
            onChange={(e) => setForm({ ...form, reverseAuction: (e.target as HTMLInputElement).checked })}
            style={{ width: 'auto' }}
          />{' '}
          {t('Las propuestas solventes compiten en una subasta')}
        </span>
      </label>
      {form.procedureType !== 'direct_award' && (
        <label class="field">
          <span class="field-label">{t('Firma con e.firma')}</span>
          <span>
            <input
              type="checkbox"
              name="requireProposalSignature"
              checked={form.requireProposalSignature}
              onChange={(e) => setForm({ ...form, requireProposalSignature: (e.target as HTMLInputElement).checked })}
              style={{ width: 'auto' }}
            />{' '}
            {t('Cada propuesta debe ir firmada con la e.firma del proveedor')}
          </span>
        </label>
      )}
      {isSandbox() && (
        <InputField
          label={t('Aceleración del tiempo')}
          hint={t('Práctica: los plazos se dividen entre este factor (1440 = un día por minuto).')}
          type="number"
          min="1"
          max="100000"
          name="timeAcceleration"
          {...bind('timeAcceleration')}
        />
      )}
    </div>
  );
}

function DirectAwardFields({ bind }: { bind: Bind<TenderFields> }) {
  return (
    <div class="filters">
      <InputField
        label={t('Proveedor de todas las partidas (identificador; vacío: se elige por partida al adjudicar)')}
        {...bind('directSupplier')}
      />
      <InputField label={t('Fundamento legal')} required {...bind('article')} />
      <div class="wide">
        <Field label={t('Justificación')}>
          <textarea required {...bind('justification')} />
        </Field>
      </div>
    </div>
  );
}

const SCHEDULE_FIELDS = [
  ['publicationDate', 'Publicación'],
  ['questionsDeadline', 'Límite para preguntas'],
  ['submissionDeadline', 'Límite para propuestas'],
  ['openingDate', 'Acto de apertura'],
  ['awardDate', 'Fallo'],
] as const;

function ScheduleFields({ schedule, setSchedule }: { schedule: Schedule; setSchedule: (next: Schedule) => void }) {
  return (
    <fieldset class="card">
      <legend>{t('Calendario (hora de la Ciudad de México)')}</legend>
      <div class="filters">
        {SCHEDULE_FIELDS.map(([key, text]) => (
          <Field label={t(text)}>
            <input
              type="datetime-local"
              required
              value={schedule[key]}
              onInput={(e) => setSchedule({ ...schedule, [key]: valueOf(e) })}
            />
          </Field>
        ))}
      </div>
    </fieldset>
  );
}

function LotFields({
  lot,
  lotIndex,
  onChange,
}: {
  lot: LotDraft;
  lotIndex: number;
  onChange: (lot: LotDraft) => void;
}) {
  const setItems = (items: ItemDraft[]) => onChange({ ...lot, items });
  const updateItem = (itemIndex: number, change: Partial<ItemDraft>) =>
    setItems(lot.items.map((item, i) => (i === itemIndex ? { ...item, ...change } : item)));
  return (
    <fieldset class="card">
      <legend>
        {t('Partida')} {lotIndex + 1}: <Money amount={lotValue(lot)} />
      </legend>
      <Field label={t('Nombre de la partida')}>
        <input required value={lot.title} onInput={(e) => onChange({ ...lot, title: valueOf(e) })} />
      </Field>
      {lot.items.map((item, itemIndex) => (
        <ItemFields
          item={item}
          onChange={(change) => updateItem(itemIndex, change)}
          onRemove={() => setItems(lot.items.filter((_, i) => i !== itemIndex))}
        />
      ))}
      <OpenContractFields lot={lot} lotIndex={lotIndex} onChange={onChange} />
      <ClassifierPicker
        id={`lot-${lotIndex}-code`}
        label={t('Agregar concepto del clasificador')}
        onPick={(entry) =>
          setItems([
            ...lot.items,
            {
              itemId: `item-${lotIndex + 1}-${lot.items.length + 1}`,
              classifierCode: entry.code,
              description: describe(entry),
              quantity: '1',
              unit: 'pieza',
              price: '',
            },
          ])
        }
      />
    </fieldset>
  );
}

/** LAASSP art. 47: the lot as an open contract, between a minimum and a maximum (either may be left blank). */
function OpenContractFields({
  lot,
  lotIndex,
  onChange,
}: {
  lot: LotDraft;
  lotIndex: number;
  onChange: (lot: LotDraft) => void;
}) {
  const open = lot.open;
  const set = (change: Partial<NonNullable<LotDraft['open']>>) =>
    onChange({ ...lot, open: { minimum: '', maximum: '', ...open, ...change } });
  return (
    <div class="filters">
      <label class="field">
        <span class="field-label">{t('Contrato abierto (LAASSP art. 47)')}</span>
        <span>
          <input
            type="checkbox"
            name={`lot-${lotIndex}-open`}
            checked={open !== undefined}
            onChange={(e) =>
              onChange({
                ...lot,
                open: (e.target as HTMLInputElement).checked ? { minimum: '', maximum: '' } : undefined,
              })
            }
            style={{ width: 'auto' }}
          />{' '}
          {t('Se contrata entre un mínimo y un máximo; puede adjudicarse por 0.00')}
        </span>
      </label>
      {open && (
        <>
          <InputField
            label={t('Mínimo (MXN)')}
            name={`lot-${lotIndex}-minimum`}
            inputMode="decimal"
            value={open.minimum}
            onInput={(e) => set({ minimum: valueOf(e) })}
          />
          <InputField
            label={t('Máximo (MXN)')}
            name={`lot-${lotIndex}-maximum`}
            inputMode="decimal"
            value={open.maximum}
            onInput={(e) => set({ maximum: valueOf(e) })}
          />
        </>
      )}
    </div>
  );
}

const ITEM_FIELDS = [
  ['description', 'Descripción del concepto', undefined],
  ['quantity', 'Cantidad', 'decimal'],
  ['unit', 'Unidad de medida', undefined],
  ['price', 'Precio unitario estimado (MXN)', 'decimal'],
] as const;

function ItemFields({
  item,
  onChange,
  onRemove,
}: {
  item: ItemDraft;
  onChange: (change: Partial<ItemDraft>) => void;
  onRemove: () => void;
}) {
  return (
    <div class="filters" style={{ marginTop: '0.6rem' }}>
      <div class="wide small">
        <span class="mono">{item.classifierCode}</span>{' '}
        <button type="button" class="link" onClick={onRemove}>
          {t('Quitar concepto')}
        </button>
      </div>
      {ITEM_FIELDS.map(([key, text, mode]) => (
        <Field label={t(text)}>
          <input required inputMode={mode} value={item[key]} onInput={(e) => onChange({ [key]: valueOf(e) })} />
        </Field>
      ))}
    </div>
  );
}

export function BuyerTender({ tenderId }: { tenderId: string }) {
  const unit = useBuyer();
  // The server's now is measured with each read: the steps are offered by it, not by the browser's clock.
  const view = useAsync(
    async () => (await syncServerClock(), getFresh<TenderView>(`/api/tenders/${encodeURIComponent(tenderId)}`)),
    [tenderId],
  );
  const record = useAsync(() => get<PublicTender>(PUBLIC.tender(tenderId)).catch(() => null), [tenderId]);
  if (!unit) return <SignIn />;
  const reload = () => {
    // Read models follow the command within a moment: read again now and shortly after.
    view.reload();
    record.reload();
    setTimeout(() => (view.reload(), record.reload()), 700);
  };
  return (
    <DeskTender
      desk={t('Escritorio del comprador')}
      deskHref="/comprador"
      tenderId={tenderId}
      state={view}
      badge={(v) => statusKind(v.status)}
      when={(v) => v.schedule && [t('Apertura'), v.schedule.openingDate]}
    >
      {(v) => <Steps view={v} record={record.data ?? null} reload={reload} />}
    </DeskTender>
  );
}

const path = (v: TenderView, rest = '') => `/api/tenders/${encodeURIComponent(v.tenderId)}${rest}`;

type StepProps = { view: TenderView; reload: () => void };

/** A command on the tender with no body, once: `POST /api/tenders/{id}{step}` keyed by the tender and `once`. */
function StepButton({ view, step, once, reload, submit }: StepProps & { step: string; once: string; submit: string }) {
  return (
    <ActionForm
      action={() => api('POST', path(view, step), undefined, { idempotencyKey: `${view.tenderId}-${once}` })}
      onDone={reload}
      submit={submit}
    />
  );
}

function Steps({ view: v, record, reload }: StepProps & { record: PublicTender | null }) {
  const competitive = v.procedureType !== 'direct_award';
  const auctions = (record?.auctions ?? []).map((a) => ({
    lotId: a.lotId,
    endsAt: a.endsAt,
    closed: a.status === 'closed',
  }));
  const can = tenderActions(v, serverNow(), auctions);
  const decided = ['awarded', 'contracted', 'completed', 'cancelled', 'deserted'].includes(v.status);
  return (
    <>
      {v.timeAcceleration !== undefined && (
        <p class="notice" data-testid="desk-time-acceleration">
          {t('Tiempo acelerado ×{factor} (práctica)', { factor: v.timeAcceleration })}:{' '}
          {t('cada plazo de la ley se divide entre {factor} (un día dura {seconds} s).', {
            factor: v.timeAcceleration,
            seconds: Math.round((86_400 * 100) / v.timeAcceleration) / 100,
          })}
        </p>
      )}
      {v.cancellation && (
        <Section title={t('Cancelada')}>
          <p>
            {dateTime(v.cancellation.cancelledAt)}: {v.cancellation.reason}
          </p>
        </Section>
      )}
      {v.status === 'draft' && (
        <Section title={t('Publicar')}>
          <p>
            {competitive
              ? t('Al publicar, la convocatoria es pública y corre el calendario.')
              : t('La adjudicación directa no tiene convocatoria: adjudícala abajo.')}
          </p>
          {can.publish.possible && (
            <StepButton view={v} step="/publish" once="publish" reload={reload} submit={t('Publicar convocatoria')} />
          )}
        </Section>
      )}
      {v.status === 'draft' && <DraftEdit view={v} onDone={reload} />}
      {competitive && v.status.startsWith('active') && <AmendStep view={v} can={can.amend} onDone={reload} />}
      <Questions view={v} reload={reload} can={can.answer} />
      {competitive && v.status.startsWith('active') && <OpeningStep view={v} reload={reload} can={can.open} />}
      {v.opening && !v.evaluationCompletedAt && !v.cancellation && (
        <Section title={t('Evaluación')}>
          <Evaluation view={v} onDone={reload} />
        </Section>
      )}
      <AuctionStep view={v} record={record} reload={reload} />
      {!decided && (v.evaluationCompletedAt || v.procedureType === 'direct_award') && (
        <Section title={t('Fallo')}>
          {v.procedureType === 'direct_award' ? (
            <DirectAward view={v} onDone={reload} />
          ) : can.award.possible ? (
            <StepButton view={v} step="/award" once="award" reload={reload} submit={t('Emitir el fallo')} />
          ) : (
            <NotYet availability={can.award} />
          )}
        </Section>
      )}
      {v.lotResults.some((lot) => lot.award && !lot.contractId) && v.status !== 'cancelled' && (
        <Section title={t('Contratos')}>
          {v.lotResults
            .filter((lot) => lot.award && !lot.contractId)
            .map((lot) => {
              const sign = signAvailability(v, lot.lotId, serverNow());
              if (v.consolidation)
                return <UnitContracts view={v} record={record} lotId={lot.lotId} sign={sign} onDone={reload} />;
              return sign.possible ? (
                <ContractForm view={v} lotId={lot.lotId} onDone={reload} />
              ) : (
                <p>
                  {t('Partida')} {lot.lotId}: <NotYet availability={sign} />
                </p>
              );
            })}
        </Section>
      )}
      {v.consolidation
        ? // A consolidated purchase: each participating unit's buyers follow their own unit's contract.
          v.lotResults.flatMap((lot) =>
            (lot.unitContracts ?? [])
              .filter((c) => c.buyingUnitId === useBuyer())
              .map((c) => <ContractPanel contractId={c.contractId} lotId={lot.lotId} onDone={reload} />),
          )
        : v.lotResults
            .filter((lot) => lot.contractId)
            .map((lot) => <ContractPanel contractId={lot.contractId!} lotId={lot.lotId} onDone={reload} />)}
      {v.category === 'works' &&
        v.lotResults
          .filter((lot) => lot.contractId)
          .map((lot) => (
            <p data-testid="works-log-link">
              <Link href={worksLogPage(lot.contractId!)}>{t('Bitácora de obra')}</Link> · {t('Partida')} {lot.lotId}
            </p>
          ))}
      <AwardList view={v} />
      {v.amendments.length > 0 && (
        <ListSection title={t('Modificaciones a la convocatoria')} items={v.amendments}>
          {(a) => (
            <>
              {dateTime(a.amendedAt)}: {a.reason}
              <FieldChanges changes={a.changes} />
            </>
          )}
        </ListSection>
      )}
      {can.cancel.possible && <CancelStep view={v} onDone={reload} />}
    </>
  );
}

function Questions({ view, reload, can }: StepProps & { can: Availability }) {
  if (view.questions.length === 0) return null;
  return (
    <Section title={t('Preguntas de los interesados')}>
      {view.questions.map((q) => (
        <div class="card">
          <p>
            <strong>{t('Pregunta')}</strong> ({dateTime(q.askedAt)}): {q.text}
          </p>
          {q.answer ? (
            <p>
              <strong>{t('Respuesta')}</strong>: {q.answer}
            </p>
          ) : can.possible ? (
            <AnswerForm view={view} questionId={q.questionId} onDone={reload} />
          ) : (
            <NotYet availability={can} />
          )}
        </div>
      ))}
    </Section>
  );
}

function OpeningStep({ view, reload, can }: StepProps & { can: Availability }) {
  if (view.opening) return null;
  return (
    <Section title={t('Acto de apertura')}>
      <p>{t('{n} propuestas selladas recibidas.', { n: view.receipts.filter((r) => !r.withdrawn).length })}</p>
      {can.possible ? (
        <StepButton view={view} step="/open" once="open" reload={reload} submit={t('Abrir propuestas')} />
      ) : (
        <NotYet availability={can} />
      )}
    </Section>
  );
}

function AuctionStep({ view, record, reload }: StepProps & { record: PublicTender | null }) {
  const lots = view.lotResults.filter((lot) => lot.status === 'auction');
  if (lots.length === 0) return null;
  return (
    <Section title={t('Subasta inversa')}>
      {lots.map((lot) => {
        const scheduled = record?.auctions.find((a) => a.lotId === lot.lotId);
        return scheduled ? (
          <p>
            {t('Partida')} {lot.lotId}: {dateTime(scheduled.startsAt)} – {dateTime(scheduled.endsAt)} ·{' '}
            <Link href={`/subastas/${encodeURIComponent(scheduled.auctionId)}`}>{t('Ver la subasta en vivo')}</Link>
          </p>
        ) : (
          <ScheduleAuction view={view} lot={lot} onDone={reload} />
        );
      })}
    </Section>
  );
}

function AwardList({ view }: { view: TenderView }) {
  return (
    <ListSection title={t('Adjudicaciones')} items={view.lotResults.filter((lot) => lot.award)}>
      {(lot) => (
        <>
          {t('Partida')} {lot.lotId}: <SupplierName id={lot.award!.supplierId} /> — <Money amount={lot.award!.amount} />{' '}
          ({label('awardBasis', lot.award!.basis)})
          {lot.contractId && (
            <>
              {' '}
              · {t('contrato')} <span class="mono">{lot.contractId}</span>
            </>
          )}
        </>
      )}
    </ListSection>
  );
}

function SupplierName({ id }: { id: string }) {
  const supplier = useAsync(
    () => get<{ legalName: string }>(`/api/suppliers/${encodeURIComponent(id)}`).catch(() => ({ legalName: id })),
    [id],
  );
  return <Link href={`/proveedores/${encodeURIComponent(id)}`}>{supplier.data?.legalName ?? id}</Link>;
}

function AnswerForm({ view, questionId, onDone }: { view: TenderView; questionId: string; onDone: () => void }) {
  const [answer, setAnswer] = useState('');
  return (
    <ActionForm
      action={() => api('POST', path(view, `/questions/${encodeURIComponent(questionId)}/answer`), { answer })}
      onDone={onDone}
      submit={t('Responder')}
    >
      <Field label={t('Respuesta')}>
        <textarea required value={answer} onInput={(e) => setAnswer((e.target as HTMLTextAreaElement).value)} />
      </Field>
    </ActionForm>
  );
}

type OpenedProposal = NonNullable<TenderView['opening']>['proposals'][number];
type OfferRow = { proposal: OpenedProposal; offer: OpenedProposal['offers'][number] };

function Evaluation({ view, onDone }: { view: TenderView; onDone: () => void }) {
  const points = view.awardCriterion.type === 'points_and_percentages';
  const [done, setDone] = useState<Record<string, boolean>>({});
  const rows: OfferRow[] = view.opening!.proposals.flatMap((p) => p.offers.map((offer) => ({ proposal: p, offer })));
  const verdict = ({ proposal, offer }: OfferRow) => {
    const key = `${proposal.proposalId}/${offer.lotId}`;
    if (done[key] !== undefined) return done[key] ? t('Solvente') : t('Desechada');
    return (
      <EvaluateRow
        view={view}
        proposalId={proposal.proposalId}
        lotId={offer.lotId}
        points={points}
        onDone={(compliant) => setDone({ ...done, [key]: compliant })}
      />
    );
  };
  const columns: Array<Column<OfferRow>> = [
    { label: t('Licitante'), cell: (r) => <SupplierName id={r.proposal.supplierId} /> },
    { label: t('Partida'), cell: (r) => r.offer.lotId },
    { label: t('Monto'), num: true, cell: (r) => <Money amount={r.offer.amount} /> },
    { label: t('Firmante (e.firma)'), cell: (r) => signerOf(r.proposal) },
    { label: t('Archivos'), cell: (r) => <ProposalFiles tenderId={view.tenderId} proposal={r.proposal} /> },
    { label: t('Dictamen'), cell: verdict },
  ];
  return (
    <>
      <Table columns={columns} rows={rows} />
      <StepButton
        view={view}
        step="/evaluations/complete"
        once="evaluated"
        reload={onDone}
        submit={t('Concluir la evaluación')}
      />
    </>
  );
}

/** The opened proposal's files, each downloaded (decrypted by the API, now that the act has opened them). */
function ProposalFiles({ tenderId, proposal }: { tenderId: string; proposal: OpenedProposal }) {
  const [error, setError] = useState<string | null>(null);
  const documents = proposal.content?.documents ?? [];
  if (documents.length === 0) return <>{t('Sin archivos')}</>;
  const path = (documentId: string) =>
    `/api/tenders/${encodeURIComponent(tenderId)}/proposals/${encodeURIComponent(proposal.proposalId)}/documents/${encodeURIComponent(documentId)}/content`;
  return (
    <>
      {documents.map((doc) => (
        <button
          type="button"
          class="link"
          data-testid="proposal-file"
          onClick={() => downloadFile(path(doc.documentId), doc.fileName).catch((e: unknown) => setError(errorText(e)))}
        >
          {doc.fileName}
        </button>
      ))}
      {error && <span class="error">{error}</span>}
    </>
  );
}

/** Who signed the proposal with e.firma, as the opening act lists it: name, RFC and certificate serial. */
function signerOf(proposal: OpenedProposal) {
  const { signer } = proposal;
  if (!signer) return t('Sin firma');
  return (
    <>
      {signer.name} · RFC {signer.rfc} · {t('serie')} <span class="mono">{signer.serialNumber}</span>
    </>
  );
}

function EvaluateRow({
  view,
  proposalId,
  lotId,
  points,
  onDone,
}: {
  view: TenderView;
  proposalId: string;
  lotId: string;
  points: boolean;
  onDone: (compliant: boolean) => void;
}) {
  const [compliant, setCompliant] = useState(true);
  const [reason, setReason] = useState('');
  const [technical, setTechnical] = useState('');
  return (
    <ActionForm
      class="row"
      action={() =>
        api('POST', path(view, '/evaluations'), {
          proposalId,
          lotId,
          compliant,
          reasons: compliant ? [] : [reason],
          ...(points && compliant ? { technicalPoints: Number(technical) } : {}),
        })
      }
      onDone={() => onDone(compliant)}
      submit={t('Registrar')}
    >
      <select
        aria-label={t('Dictamen')}
        value={compliant ? 'yes' : 'no'}
        onChange={(e) => setCompliant((e.target as HTMLSelectElement).value === 'yes')}
        style={{ width: 'auto' }}
      >
        <option value="yes">{t('Solvente')}</option>
        <option value="no">{t('Desechar')}</option>
      </select>
      {!compliant && (
        <input
          aria-label={t('Motivo')}
          required
          placeholder={t('Motivo')}
          value={reason}
          onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          style={{ width: 'auto' }}
        />
      )}
      {points && compliant && (
        <input
          aria-label={t('Puntos técnicos')}
          required
          type="number"
          min="0"
          max="100"
          placeholder={t('Puntos técnicos')}
          value={technical}
          onInput={(e) => setTechnical((e.target as HTMLInputElement).value)}
          style={{ width: '8rem' }}
        />
      )}
    </ActionForm>
  );
}

const AUCTION_DEFAULTS = {
  startsAt: '',
  minutes: '20',
  kind: 'absolute',
  step: '100.00',
  percent: '0.5',
  window: '60',
  extension: '120',
  maxMinutes: '20',
  floor: '',
};
type AuctionFields = typeof AUCTION_DEFAULTS;

/** The body of the lot's auction from the form; the participants are taken by the API from the tender. */
function auctionBody(form: AuctionFields) {
  const startsAt = mexicoLocalToIso(form.startsAt);
  const durationSeconds = Math.round(Number(form.minutes) * 60);
  const end = Date.parse(startsAt) + durationSeconds * 1000;
  return {
    startsAt,
    durationSeconds,
    minimumDecrement:
      form.kind === 'absolute'
        ? { kind: 'absolute', amount: parseMoney(form.step) }
        : { kind: 'percent', basisPoints: Math.round(Number(form.percent) * 100) },
    antiSniping:
      Number(form.window) > 0
        ? {
            windowSeconds: Number(form.window),
            extensionSeconds: Number(form.extension),
            maximumEndsAt: new Date(end + Number(form.maxMinutes) * 60_000).toISOString(),
          }
        : null,
    abnormallyLowFloor: form.floor ? parseMoney(form.floor) : null,
  };
}

function ScheduleAuction({
  view,
  lot,
  onDone,
}: {
  view: TenderView;
  lot: TenderView['lotResults'][number];
  onDone: () => void;
}) {
  const { form, bind } = useForm(() => ({
    ...AUCTION_DEFAULTS,
    // Ten minutes from the server's now, as every step of the desk goes by (a practice server's clock may differ).
    startsAt: isoToMexicoLocal(new Date(serverNow().getTime() + 10 * 60_000).toISOString()),
  }));
  const schedule = async () => {
    const snapshot = await api<{ auctionId: string }>(
      'POST',
      path(view, `/lots/${encodeURIComponent(lot.lotId)}/auction`),
      auctionBody(form),
      { idempotencyKey: `${view.tenderId}-${lot.lotId}-auction` },
    );
    navigate(`/subastas/${encodeURIComponent(snapshot.auctionId)}`);
  };
  return (
    <ActionForm
      action={schedule}
      onDone={onDone}
      submit={t('Programar la subasta de la partida {lot}', { lot: lot.lotId })}
    >
      <p class="small">
        {t('Participan {n} propuestas solventes, cada una desde su oferta abierta.', { n: lot.ranking.length })}
      </p>
      <AuctionFieldset form={form} bind={bind} factor={view.timeAcceleration} />
    </ActionForm>
  );
}

/** `factor`: a practice tender's time acceleration, by which the auction's duration is divided. */
function AuctionFieldset({ form, bind, factor }: { form: AuctionFields; bind: Bind<AuctionFields>; factor?: number }) {
  return (
    <div class="filters">
      <InputField
        label={t('Inicio (hora de la Ciudad de México)')}
        type="datetime-local"
        required
        {...bind('startsAt')}
      />
      <InputField
        label={t('Duración (minutos)')}
        {...(factor === undefined
          ? {}
          : {
              // As the auction decider does: the duration divided by the factor, at least a second.
              hint: t('Práctica: se divide entre {factor} (tiempo acelerado); dura {seconds} s reales.', {
                factor,
                seconds: Math.max(1, Math.round((Number(form.minutes) * 60) / factor)),
              }),
            })}
        type="number"
        min="1"
        required
        {...bind('minutes')}
      />
      <SelectField label={t('Decremento mínimo')} {...bind('kind')} options={DECREMENTS} />
      {form.kind === 'absolute' ? (
        <InputField label={t('Monto (MXN)')} inputMode="decimal" required {...bind('step')} />
      ) : (
        <InputField label={t('Porcentaje')} inputMode="decimal" required {...bind('percent')} />
      )}
      <InputField
        label={t('Anti-francotirador: ventana final (s)')}
        hint={t('0 = sin extensión')}
        type="number"
        min="0"
        {...bind('window')}
      />
      <InputField label={t('Extensión (s)')} type="number" min="1" {...bind('extension')} />
      <InputField label={t('Extensión máxima (minutos)')} type="number" min="1" {...bind('maxMinutes')} />
      <InputField label={t('Precio anormalmente bajo debajo de (MXN)')} inputMode="decimal" {...bind('floor')} />
    </div>
  );
}

/**
 * The direct award (LAASSP art. 41/42): each lot's supplier, picked from the verified suppliers of the register
 * (or the one the draft names for every lot), and its amount; an open-contract lot (art. 47) may be 0.00.
 */
function DirectAward({ view, onDone }: { view: TenderView; onDone: () => void }) {
  const named = view.directAward?.supplierId ?? '';
  const [amounts, setAmounts] = useState<Record<string, string>>(
    Object.fromEntries(
      view.lots.map((lot) => [lot.lotId, lot.openContract ? '0.00' : (lot.estimatedValue.amount / 100).toFixed(2)]),
    ),
  );
  const [chosen, setChosen] = useState<Record<string, string>>(
    Object.fromEntries(view.lots.map((lot) => [lot.lotId, named])),
  );
  const verified = useAsync(
    () =>
      named
        ? Promise.resolve([])
        : get<Page<{ supplierId: string; legalName: string; rfc: string }>>(
            `/api/suppliers${query({ status: 'verified', limit: 100 })}`,
          ).then((page) => page.items),
    [named],
  );
  const body = {
    lots: view.lots.map((lot) => ({
      lotId: lot.lotId,
      ...(named ? {} : { supplierId: chosen[lot.lotId] }),
      amount: parseMoney(amounts[lot.lotId]) ?? 0,
    })),
  };
  return (
    <ActionForm
      action={() => api('POST', path(view, '/direct-award'), body, { idempotencyKey: `${view.tenderId}-direct` })}
      onDone={onDone}
      submit={t('Adjudicar directamente')}
    >
      {view.lots.map((lot, index) => (
        <div class="filters" data-testid="direct-award-lot">
          <Field label={t('Proveedor de la partida {lot}', { lot: lot.title })}>
            <select
              name={`direct-supplier-${index}`}
              required
              disabled={named !== ''}
              value={chosen[lot.lotId]}
              onChange={(e) => setChosen({ ...chosen, [lot.lotId]: (e.target as HTMLSelectElement).value })}
            >
              {named ? (
                <option value={named}>{named}</option>
              ) : (
                <>
                  <option value="">{t('Elige un proveedor verificado')}</option>
                  {(verified.data ?? []).map((supplier) => (
                    <option value={supplier.supplierId}>
                      {supplier.legalName} ({supplier.rfc})
                    </option>
                  ))}
                </>
              )}
            </select>
          </Field>
          <Field
            label={
              lot.openContract ? `${lot.title} (MXN; ${t('contrato abierto: puede ser 0.00')})` : `${lot.title} (MXN)`
            }
          >
            <input
              name={`direct-amount-${index}`}
              inputMode="decimal"
              value={amounts[lot.lotId]}
              onInput={(e) => setAmounts({ ...amounts, [lot.lotId]: (e.target as HTMLInputElement).value })}
            />
          </Field>
        </div>
      ))}
    </ActionForm>
  );
}

function ContractForm({
  view,
  lotId,
  onDone,
  unit,
}: {
  view: TenderView;
  lotId: string;
  onDone: () => void;
  /** A consolidated purchase: the participating unit signing its own contract (its share computed by the server). */
  unit?: string;
}) {
  const today = isoToMexicoLocal(serverNow().toISOString()).slice(0, 10);
  const [start, setStart] = useState(today);
  const [end, setEnd] = useState(
    isoToMexicoLocal(new Date(serverNow().getTime() + 180 * DAY).toISOString()).slice(0, 10),
  );
  const [multiYear, setMultiYear] = useState(() => multiYearForm(null, Number(today.slice(0, 4))));
  const award = view.lotResults.find((lot) => lot.lotId === lotId)?.award;
  return (
    <ActionForm
      class="row"
      action={() =>
        api(
          'POST',
          '/api/contracts',
          {
            tenderId: view.tenderId,
            lotId,
            startDate: mexicoLocalToIso(`${start}T00:00`),
            endDate: mexicoLocalToIso(`${end}T23:59`),
            ...(unit ? { buyingUnitId: unit } : {}),
            ...(multiYear.on
              ? {
                  multiYear: {
                    fiscalYears: fiscalYearsOf(multiYear),
                    ...(multiYear.portfolioKey.trim() ? { portfolioKey: multiYear.portfolioKey.trim() } : {}),
                  },
                }
              : {}),
          },
          { idempotencyKey: `${view.tenderId}-${lotId}${unit ? `-${unit}` : ''}-contract` },
        )
      }
      onDone={onDone}
      submit={
        unit
          ? t('Firmar el contrato de mi unidad (partida {lot})', { lot: lotId })
          : t('Registrar contrato firmado de la partida {lot}', { lot: lotId })
      }
    >
      <Field label={t('Inicio')}>
        <input type="date" required value={start} onInput={(e) => setStart(valueOf(e))} />
      </Field>
      <Field label={t('Fin')}>
        <input type="date" required value={end} onInput={(e) => setEnd(valueOf(e))} />
      </Field>
      <MultiYearFields
        form={multiYear}
        onChange={setMultiYear}
        amount={unit ? null : (award?.amount.amount ?? null)}
        currency={award?.amount.currency}
      />
    </ActionForm>
  );
}

/**
 * A consolidated lot's contracts (LAASSP art. 17): each participating unit signs its own with the winner, for its
 * quantities and its share of the award, which the server computes (shown once signed, as the API returns it). A
 * buyer of a participating unit that has not signed yet is offered "Firmar el contrato de mi unidad".
 */
function UnitContracts({
  view,
  record,
  lotId,
  sign,
  onDone,
}: {
  view: TenderView;
  record: PublicTender | null;
  lotId: string;
  sign: Availability;
  onDone: () => void;
}) {
  const mine = useBuyer();
  const lot = view.lotResults.find((l) => l.lotId === lotId)!;
  const itemIds = new Set(view.lots.find((l) => l.lotId === lotId)?.items.map((i) => i.itemId) ?? []);
  const participants = (view.consolidation?.participants ?? []).filter((p) =>
    p.items.some((i) => itemIds.has(i.itemId)),
  );
  const nameOf = (unitId: string) => {
    const unit = record?.consolidation?.participants.find((p) => p.buyingUnitId === unitId)?.buyingUnit;
    return unit?.name ?? unitId;
  };
  return (
    <div data-testid="unit-contracts">
      <p>
        {t('Partida')} {lotId}: {t('cada unidad participante firma su propio contrato.')}
      </p>
      <ul>
        {participants.map((p) => {
          const signed = lot.unitContracts?.find((c) => c.buyingUnitId === p.buyingUnitId);
          return (
            <li>
              {nameOf(p.buyingUnitId)} (
              {p.items
                .filter((i) => itemIds.has(i.itemId))
                .map((i) => `${i.itemId}: ${i.quantity}`)
                .join(', ')}
              ):{' '}
              {signed ? (
                <>
                  {t('contrato firmado')} <span class="mono">{signed.contractId}</span> ·{' '}
                  <Money amount={signed.amount} />
                </>
              ) : (
                t('pendiente de firma')
              )}
            </li>
          );
        })}
      </ul>
      {mine &&
        participants.some((p) => p.buyingUnitId === mine) &&
        !lot.unitContracts?.some((c) => c.buyingUnitId === mine) &&
        (sign.possible ? (
          <ContractForm view={view} lotId={lotId} onDone={onDone} unit={mine} />
        ) : (
          <p>
            <NotYet availability={sign} />
          </p>
        ))}
    </div>
  );
}
