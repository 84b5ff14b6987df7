/**
 * The supplier's desk: registration, verification status, open procedures matching its classifier codes,
 * questions, sealed proposals (submit, replace, with the receipt), its auctions and its awards.
 */
import { useState } from 'preact/hooks';
import { MEXICAN_STATES } from '../../../../libs/suppliers/domain/mexican-states';
import { api, ApiError, currentSession, get, getFresh, login, newId, query, uploadFile } from '../api';
import {
  attachChosenFiles,
  MySupplierDocuments,
  SupplierDocumentFiles,
  type ChosenFiles,
} from '../components/supplier-documents';
import { ClassifierPicker, describe } from '../components/classifier-picker';
import { DocumentsInput, type DocumentRef, type UploadReceipt } from '../components/documents';
import { EfirmaStep, efirmaFields, NO_EFIRMA, type EfirmaChoice } from '../components/efirma-step';
import type { SignedProposalInput } from '../efirma';
import {
  DeskTender,
  ListSection,
  Facts,
  ResultItem,
  Results,
  SignInFirst,
  SignInLink,
  TenderHeading,
  useForm,
  valueOf,
  type Bind,
} from '../components/blocks';
import {
  ActionForm,
  Badge,
  Empty,
  Field,
  InputField,
  Loaded,
  Money,
  OrEmpty,
  Section,
  SelectField,
  useAsync,
} from '../components/ui';
import { dateTime, lineTotal, money, parseMoney } from '../format';
import { DeskCalendarLink } from '../components/feeds';
import { label, t } from '../i18n';
import { PUBLIC } from '../paths';
import { useRefresh } from '../refresh';
import { Link, navigate, useLocation } from '../router';
import { Deadline } from './tender-search';
import { SupplierFrameworkOrders } from './frameworks';
import {
  AwardsAndContracts,
  myProcedures,
  MyProceduresSection,
  ProfileEditor,
  receiptHref,
  titled,
  UpcomingAuctions,
  Welcome,
} from './supplier-work';
import type { ClassifierEntry, OwnProposal, Page, PublicTender, TenderSummary, TenderView } from '../types';

type SupplierProfileView = {
  supplierId: string;
  rfc: string;
  legalName: string;
  status: string;
  statusReason?: string | null;
  classifierCodes: string[];
  eligible: boolean;
  registeredAt: string;
  verifiedAt: string | null;
  sanctions: Array<{ sanctionId: string; status: string; reason: string; resolutionNumber: string }>;
};
type Receipt = { tenderId: string; proposalId: string; commitment: string; submittedAt: string };

export function SupplierRegistration() {
  const { form, bind } = useForm({
    rfc: '',
    legalName: '',
    personType: 'legal_entity',
    size: 'small',
    street: '',
    municipality: '',
    state: 'MX-CMX',
    postalCode: '',
    contactName: '',
    contactEmail: '',
    phone: '',
    email: '',
    password: '',
  });
  const [codes, setCodes] = useState<ClassifierEntry[]>([]);
  const [files, setFiles] = useState<ChosenFiles>({});
  const register = async () => {
    const registered = await api<{ supplierId: string }>(
      'POST',
      '/api/suppliers',
      {
        rfc: form.rfc.trim().toUpperCase(),
        legalName: form.legalName.trim(),
        personType: form.personType,
        size: form.size,
        address: {
          street: form.street,
          municipality: form.municipality,
          state: form.state,
          postalCode: form.postalCode,
        },
        contact: { name: form.contactName, email: form.contactEmail || form.email, phone: form.phone },
        classifierCodes: codes.map((c) => c.code),
        account: { email: form.email, password: form.password },
      },
      { idempotencyKey: `register-${form.rfc}-${form.email}` },
    );
    await login(form.email, form.password);
    // The documents go up once the supplier has its session (an upload belongs to its supplier).
    await attachChosenFiles(registered.supplierId, files);
    navigate('/proveedor');
  };
  return (
    <div class="card" style={{ maxWidth: '48rem', margin: '0 auto' }}>
      <h1>{t('Registro de proveedores')}</h1>
      <p class="muted">
        {t(
          'Tu registro queda pendiente hasta que la unidad registradora lo verifique. Mientras tanto puedes consultar procedimientos y hacer preguntas.',
        )}
      </p>
      <ActionForm action={register} submit={t('Registrar')}>
        <RegistrationFields bind={bind} />
        <ClassifierPicker
          id="supplier-codes"
          label={t('Qué ofreces (códigos del clasificador)')}
          onPick={(entry) => setCodes(codes.some((c) => c.code === entry.code) ? codes : [...codes, entry])}
        />
        <ul>
          {codes.map((entry) => (
            <li>
              <span class="mono">{entry.code}</span> {describe(entry)}{' '}
              <button type="button" class="link" onClick={() => setCodes(codes.filter((c) => c.code !== entry.code))}>
                {t('Quitar')}
              </button>
            </li>
          ))}
        </ul>
        <SupplierDocumentFiles value={files} onChange={setFiles} />
      </ActionForm>
    </div>
  );
}

type RegistrationForm = {
  rfc: string;
  legalName: string;
  personType: string;
  size: string;
  street: string;
  municipality: string;
  state: string;
  postalCode: string;
  contactName: string;
  contactEmail: string;
  phone: string;
  email: string;
  password: string;
};

const PERSON_TYPES = { legal_entity: 'Persona moral', individual: 'Persona física' };

function RegistrationFields({ bind }: { bind: Bind<RegistrationForm> }) {
  return (
    <div class="filters">
      <InputField label="RFC" field="rfc" required maxLength={13} {...bind('rfc')} autocomplete="off" />
      <InputField label={t('Razón social o nombre')} required {...bind('legalName')} autocomplete="organization" />
      <SelectField label={t('Tipo de persona')} {...bind('personType')} options={PERSON_TYPES} />
      <Field label={t('Tamaño')}>
        <select {...bind('size')}>
          {['micro', 'small', 'medium', 'large'].map((size) => (
            <option value={size}>{label('size', size)}</option>
          ))}
        </select>
      </Field>
      <InputField label={t('Calle y número')} required {...bind('street')} autocomplete="street-address" />
      <InputField label={t('Municipio o alcaldía')} required {...bind('municipality')} />
      <Field label={t('Entidad federativa')}>
        <select {...bind('state')}>
          {Object.entries(MEXICAN_STATES).map(([code, name]) => (
            <option value={code}>{name}</option>
          ))}
        </select>
      </Field>
      <InputField
        label={t('Código postal')}
        required
        inputMode="numeric"
        pattern="[0-9]{5}"
        {...bind('postalCode')}
        autocomplete="postal-code"
      />
      <InputField label={t('Persona de contacto')} required {...bind('contactName')} autocomplete="name" />
      <InputField label={t('Teléfono')} required type="tel" {...bind('phone')} autocomplete="tel" />
      <InputField label={t('Correo de la cuenta')} required type="email" {...bind('email')} autocomplete="username" />
      <InputField
        label={t('Contraseña')}
        hint={t('Entre 12 y 128 caracteres.')}
        required
        type="password"
        minLength={12}
        {...bind('password')}
        autocomplete="new-password"
      />
    </div>
  );
}

function useSupplierSession() {
  const session = currentSession();
  if (!session || session.account.role !== 'supplier' || !session.account.supplierId) return null;
  return session.account.supplierId;
}

export function SupplierDesk() {
  const supplierId = useSupplierSession();
  const { query: params } = useLocation();
  if (!supplierId) {
    return (
      <SignInFirst title={t('Escritorio del proveedor')}>
        <SignInLink>{t('Entra con tu cuenta de proveedor')}</SignInLink> {t('o')}{' '}
        <Link href="/registro">{t('registra tu empresa')}</Link>.
      </SignInFirst>
    );
  }
  const tenderId = params.get('licitacion');
  return tenderId ? (
    <SupplierTender supplierId={supplierId} tenderId={tenderId} />
  ) : (
    <DeskHome supplierId={supplierId} />
  );
}

function DeskHome({ supplierId }: { supplierId: string }) {
  // Fresh: right after registering, the register's read model follows within a moment (a 404 is asked again).
  const profile = useAsync(
    () =>
      getFresh<SupplierProfileView>(`/api/suppliers/${encodeURIComponent(supplierId)}`, 6).catch((error) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
    [supplierId],
  );
  const procedures = useAsync(myProcedures, [supplierId]);
  // A deadline passing or an act held moves its procedures on: asked again while the desk is shown.
  useRefresh(procedures.reload);
  const [editing, setEditing] = useState(false);
  return (
    <>
      <h1>{t('Escritorio del proveedor')}</h1>
      <p>
        <Link href="/proveedor/investigaciones">{t('Solicitudes de precios (investigación de mercado)')}</Link> ·{' '}
        <Link href="/proveedor/cotizaciones">{t('Solicitudes de cotización')}</Link>
      </p>
      <Loaded state={profile}>
        {(p) => (
          <>
            <Welcome status={p?.status ?? null} hasProcedures={(procedures.data ?? []).length > 0} />
            {p && (
              <Section title={p.legalName}>
                <Facts
                  facts={[
                    ['RFC', p.rfc, 'mono'],
                    [
                      t('Verificación'),
                      <>
                        <Badge kind={p.status === 'verified' ? 'good' : p.status === 'pending' ? 'info' : 'bad'}>
                          {label('supplierStatus', p.status)}
                        </Badge>
                        {p.statusReason && <span class="muted"> — {p.statusReason}</span>}
                      </>,
                    ],
                    [t('Puede presentar propuestas'), p.eligible ? t('Sí') : t('No')],
                    [t('Códigos'), p.classifierCodes.join(', '), 'mono'],
                  ]}
                />
                {p.sanctions
                  .filter((s) => s.status === 'in_force')
                  .map((s) => (
                    <p class="error">
                      {t('Sanción vigente')}: {s.resolutionNumber} — {s.reason}
                    </p>
                  ))}
                {(p.status === 'pending' || p.status === 'rejected') && (
                  <>
                    <h3>{t('Mis documentos para la verificación')}</h3>
                    <MySupplierDocuments supplierId={supplierId} onSent={profile.reload} />
                  </>
                )}
                {editing ? (
                  <ProfileEditor supplierId={supplierId} codes={p.classifierCodes} onSaved={profile.reload} />
                ) : (
                  <button type="button" class="link" onClick={() => setEditing(true)}>
                    {t('Editar mis códigos del clasificador')}
                  </button>
                )}
              </Section>
            )}
            <Loaded state={procedures}>
              {(items) => (
                <>
                  <MyProceduresSection procedures={items} />
                  <UpcomingAuctions procedures={items} />
                  <Section title={t('Calendario de mis fechas')}>
                    <DeskCalendarLink />
                  </Section>
                  <AwardsAndContracts supplierId={supplierId} procedures={items} />
                  <SupplierFrameworkOrders supplierId={supplierId} />
                </>
              )}
            </Loaded>
            {p && <MatchingTenders codes={p.classifierCodes} />}
          </>
        )}
      </Loaded>
    </>
  );
}

function MatchingTenders({ codes }: { codes: string[] }) {
  const tenders = useAsync(async () => {
    const statuses = ['active.enquiries', 'active.tendering', 'auction'];
    const pages = await Promise.all(
      codes.flatMap((code) =>
        statuses.map((status) =>
          get<Page<TenderSummary>>(`${PUBLIC.tenders}${query({ classifierCode: code, status, limit: 50 })}`),
        ),
      ),
    );
    const byId = new Map(pages.flatMap((page) => page.items).map((tender) => [tender.tenderId, tender]));
    return [...byId.values()].sort((a, b) => (a.submissionDeadline ?? '').localeCompare(b.submissionDeadline ?? ''));
  }, [codes.join()]);
  return (
    <Section title={t('Procedimientos abiertos para tus códigos')}>
      <Loaded state={tenders}>
        {(items) => (
          <Results items={items} empty={t('No hay procedimientos abiertos con tus códigos por ahora.')}>
            {(tender) => (
              <ResultItem href={`/proveedor?licitacion=${encodeURIComponent(tender.tenderId)}`} title={titled(tender)}>
                <Badge kind="info">{label('tenderStatus', tender.status)}</Badge>
                <span>{tender.buyingUnit.name}</span>
                <Money amount={tender.value} />
                <Deadline at={tender.submissionDeadline} />
              </ResultItem>
            )}
          </Results>
        )}
      </Loaded>
    </Section>
  );
}

function SupplierTender({ supplierId, tenderId }: { supplierId: string; tenderId: string }) {
  const tender = useAsync(() => getFresh<TenderView>(`/api/tenders/${encodeURIComponent(tenderId)}`), [tenderId]);
  useRefresh(tender.reload); // the proposal actions close at the deadline without a reload
  const record = useAsync(() => get<PublicTender>(PUBLIC.tender(tenderId)).catch(() => null), [tenderId]);
  const mine = useAsync(
    () =>
      get<OwnProposal[]>(`/api/tenders/${encodeURIComponent(tenderId)}/proposals/mine`).catch(
        () => [] as OwnProposal[],
      ),
    [tenderId],
  );
  const [replacing, setReplacing] = useState<OwnProposal | null>(null);
  return (
    <DeskTender
      desk={t('Escritorio del proveedor')}
      deskHref="/proveedor"
      tenderId={tenderId}
      state={tender}
      badge={() => 'info'}
      when={(view) => view.schedule && [t('Fecha límite'), view.schedule.submissionDeadline]}
    >
      {(view) => (
        <>
          <AuctionsOfTender auctions={record.data?.auctions ?? []} />
          <Section title={t('Hacer una pregunta')}>
            <AskQuestion view={view} />
          </Section>
          <ProposalSection
            view={view}
            supplierId={supplierId}
            replacing={replacing}
            onDone={() => (setReplacing(null), mine.reload())}
          />
          <Section title={t('Mis propuestas')}>
            <Loaded state={mine}>
              {(own) => (
                <MyProposals
                  tenderId={tenderId}
                  own={own}
                  open={view.status === 'active.tendering'}
                  onReplace={setReplacing}
                  onWithdrawn={() => (setReplacing(null), mine.reload())}
                />
              )}
            </Loaded>
          </Section>
          <Loaded state={mine}>
            {(own) => <Challenges view={view} supplierId={supplierId} own={own} onFiled={tender.reload} />}
          </Loaded>
        </>
      )}
    </DeskTender>
  );
}

function AuctionsOfTender({ auctions }: { auctions: PublicTender['auctions'] }) {
  return (
    <ListSection title={t('Subastas')} items={auctions}>
      {(a) => (
        <>
          {t('Partida')} {a.lotId}: {dateTime(a.startsAt)} – {dateTime(a.endsAt)} ·{' '}
          <Link href={`/subastas/${encodeURIComponent(a.auctionId)}`}>
            {a.status === 'closed' ? t('Ver resultado') : t('Entrar a la subasta')}
          </Link>
        </>
      )}
    </ListSection>
  );
}

function ProposalSection({
  view,
  supplierId,
  replacing,
  onDone,
}: {
  view: TenderView;
  supplierId: string;
  replacing: OwnProposal | null;
  onDone: () => void;
}) {
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  return (
    <Section title={replacing ? t('Reemplazar mi propuesta') : t('Presentar propuesta sellada')}>
      <p class="muted small">
        {t(
          'Tu propuesta se cifra al recibirse y nadie puede leerla antes del acto de apertura. Guarda el acuse: su compromiso (SHA-256) se publica en la apertura.',
        )}
      </p>
      <ProposalForm
        view={view}
        supplierId={supplierId}
        replacing={replacing}
        onDone={(r) => (setReceipt(r), onDone())}
      />
      {receipt && (
        <div class="success" role="status" data-testid="receipt">
          <strong>{t('Acuse de recibo')}</strong>
          <Facts
            facts={[
              [t('Propuesta'), receipt.proposalId, 'mono'],
              [t('Recibida'), dateTime(receipt.submittedAt)],
              [t('Compromiso (SHA-256)'), receipt.commitment, 'mono'],
            ]}
          />
          <Link href={receiptHref(receipt.tenderId, receipt.proposalId)}>{t('Acuse para imprimir')}</Link>
        </div>
      )}
    </Section>
  );
}

function MyProposals({
  tenderId,
  own,
  open,
  onReplace,
  onWithdrawn,
}: {
  tenderId: string;
  own: OwnProposal[];
  open: boolean;
  onReplace: (proposal: OwnProposal) => void;
  onWithdrawn: () => void;
}) {
  if (own.length === 0) return <Empty>{t('Aún no presentas propuesta.')}</Empty>;
  const withdraw = async (proposal: OwnProposal) => {
    if (!window.confirm(t('¿Retirar esta propuesta? Podrás presentar otra antes de la fecha límite.'))) return;
    await api(
      'DELETE',
      `/api/tenders/${encodeURIComponent(tenderId)}/proposals/${encodeURIComponent(proposal.proposalId)}`,
      undefined,
      { idempotencyKey: newId() },
    );
    onWithdrawn();
  };
  return (
    <ul data-testid="my-proposals">
      {own.map((p) => (
        <li>
          <span class="mono">{p.proposalId}</span> · {dateTime(p.submittedAt)} · {t('partidas')} {p.lotIds.join(', ')}{' '}
          {p.withdrawn ? (
            <Badge kind="bad">{t('Retirada')}</Badge>
          ) : (
            <>
              <Badge kind="info">{t('Sellada')}</Badge>{' '}
              <Link href={receiptHref(tenderId, p.proposalId)}>{t('Acuse')}</Link>
            </>
          )}{' '}
          {!p.withdrawn && open && (
            <>
              <button type="button" class="link" onClick={() => onReplace(p)}>
                {t('Reemplazar')}
              </button>{' '}
              <ActionForm class="row" action={() => withdraw(p)} submit={t('Retirar')} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * Challenges (inconformidades): a bidder of a lot awarded to someone else may file one, with its written grounds,
 * until the lot's objection period ends; its own challenges are listed with their resolution.
 */
function Challenges({
  view,
  supplierId,
  own,
  onFiled,
}: {
  view: TenderView;
  supplierId: string;
  own: OwnProposal[];
  onFiled: () => void;
}) {
  const [grounds, setGrounds] = useState('');
  const [lotId, setLotId] = useState('');
  const [filed, setFiled] = useState(false);
  const bidLots = new Set(own.filter((p) => !p.withdrawn).flatMap((p) => p.lotIds));
  // The server's clock decides whether the objection period is still open (`challenge.objection_period_over`).
  const challengeable = view.lotResults.filter(
    (lot) =>
      bidLots.has(lot.lotId) &&
      lot.status === 'awarded' &&
      lot.award !== null &&
      lot.award.supplierId !== supplierId &&
      lot.award.objectionPeriodEndsAt !== null,
  );
  const mine = view.challenges.filter((c) => c.supplierId === supplierId);
  if (challengeable.length === 0 && mine.length === 0) return null;
  const chosen = lotId || challengeable[0]?.lotId || '';
  return (
    <Section title={t('Inconformidades')}>
      {mine.length > 0 && (
        <ul data-testid="my-challenges">
          {mine.map((c) => (
            <li>
              {t('Partida')} {c.lotId} · {dateTime(c.challengedAt)} · {c.grounds} ·{' '}
              {c.resolution ? (
                <Badge kind={c.resolution.upheld ? 'good' : 'bad'}>
                  {c.resolution.upheld ? t('Procedente') : t('Improcedente')}
                </Badge>
              ) : (
                <Badge kind="info">{t('En trámite')}</Badge>
              )}
            </li>
          ))}
        </ul>
      )}
      {challengeable.length > 0 && (
        <ActionForm
          action={() =>
            api(
              'POST',
              `/api/tenders/${encodeURIComponent(view.tenderId)}/challenges`,
              { lotId: chosen, grounds },
              { idempotencyKey: newId() },
            )
          }
          onDone={() => (setGrounds(''), setFiled(true), onFiled())}
          submit={t('Presentar inconformidad')}
        >
          <p class="muted small">
            {t('Puedes inconformarte contra el fallo hasta el fin del periodo de inconformidades')}:{' '}
            {challengeable.map((lot) => `${lot.lotId} — ${dateTime(lot.award!.objectionPeriodEndsAt!)}`).join('; ')}
          </p>
          <Field label={t('Partida')}>
            <select value={chosen} onChange={(e) => setLotId((e.target as HTMLSelectElement).value)}>
              {challengeable.map((lot) => (
                <option value={lot.lotId}>{view.lots.find((l) => l.lotId === lot.lotId)?.title ?? lot.lotId}</option>
              ))}
            </select>
          </Field>
          <Field label={t('Motivos de la inconformidad')}>
            <textarea
              required
              minLength={10}
              value={grounds}
              onInput={(e) => (setGrounds((e.target as HTMLTextAreaElement).value), setFiled(false))}
            />
          </Field>
          {filed && <p class="success">{t('Inconformidad presentada.')}</p>}
        </ActionForm>
      )}
    </Section>
  );
}

function AskQuestion({ view }: { view: TenderView }) {
  const [text, setText] = useState('');
  const [lotId, setLotId] = useState('');
  const [sent, setSent] = useState(false);
  return (
    <ActionForm
      action={() =>
        api(
          'POST',
          `/api/tenders/${encodeURIComponent(view.tenderId)}/questions`,
          { text, ...(lotId ? { lotId } : {}) },
          { idempotencyKey: newId() },
        )
      }
      onDone={() => (setText(''), setSent(true))}
      submit={t('Enviar pregunta')}
    >
      <Field label={t('Sobre')}>
        <select value={lotId} onChange={(e) => setLotId((e.target as HTMLSelectElement).value)}>
          <option value="">{t('Todo el procedimiento')}</option>
          {view.lots.map((lot) => (
            <option value={lot.lotId}>{lot.title}</option>
          ))}
        </select>
      </Field>
      <Field label={t('Pregunta')} hint={t('Se publica sin tu nombre.')}>
        <textarea
          required
          value={text}
          onInput={(e) => (setText((e.target as HTMLTextAreaElement).value), setSent(false))}
        />
      </Field>
      {sent && <p class="success">{t('Pregunta enviada.')}</p>}
    </ActionForm>
  );
}

/** The unit prices of the proposal being replaced, as the form holds them (pesos, by "lot/item"). */
function initialPrices(replacing: OwnProposal | null): Record<string, string> {
  const prices: Record<string, string> = {};
  for (const lot of replacing?.content.lots ?? [])
    for (const item of lot.items) prices[`${lot.lotId}/${item.itemId}`] = (item.unitPrice / 100).toFixed(2);
  return prices;
}

/** The lots offered (any unit price given), each with its amount computed as the API does. */
function offersOf(view: TenderView, prices: Record<string, string>) {
  return view.lots
    .map((lot) => {
      const items = lot.items.map((item) => ({
        item,
        unitPrice: parseMoney(prices[`${lot.lotId}/${item.itemId}`] ?? ''),
      }));
      if (items.every((i) => i.unitPrice === null)) return null;
      return {
        lot,
        items,
        amount: items.reduce((sum, i) => sum + (i.unitPrice === null ? 0 : lineTotal(i.item.quantity, i.unitPrice)), 0),
        complete: items.every((i) => i.unitPrice !== null),
      };
    })
    .filter((offer) => offer !== null);
}

/** Unit prices per item of each lot offered; the lot amount is computed as the API does. */
function ProposalForm({
  view,
  supplierId,
  replacing,
  onDone,
}: {
  view: TenderView;
  supplierId: string;
  replacing: OwnProposal | null;
  onDone: (receipt: Receipt) => void;
}) {
  const initial = () => initialPrices(replacing);
  const [prices, setPrices] = useState<Record<string, string>>(initial);
  const [documents, setDocuments] = useState<DocumentRef[]>([]);
  const [efirma, setEfirma] = useState<EfirmaChoice>(NO_EFIRMA);
  const signatureRequired = view.requireProposalSignature === true;
  const [key, setKey] = useState(replacing?.proposalId);
  if (key !== replacing?.proposalId) {
    setKey(replacing?.proposalId);
    setPrices(initial());
  }
  const offers = offersOf(view, prices);
  const submit = async () => {
    if (offers.length === 0 || offers.some((o) => !o.complete))
      throw new Error(t('Pon el precio unitario de cada concepto de las partidas que ofertas.'));
    const body = {
      lots: offers.map((o) => ({
        lotId: o.lot.lotId,
        amount: o.amount,
        items: o.items.map((i) => ({ itemId: i.item.itemId, unitPrice: i.unitPrice! })),
      })),
      documents,
    };
    // The browser chooses the proposal id so that it can sign the commitment before sending (README, "e.firma").
    const proposalId = replacing?.proposalId ?? newId();
    const signed = await efirmaFields(
      efirma,
      signatureRequired,
      {
        tenderId: view.tenderId,
        proposalId,
        supplierId,
        currency: view.currency,
        ...(body as Pick<SignedProposalInput, 'lots' | 'documents'>),
      },
      view.lots,
    );
    const path = `/api/tenders/${encodeURIComponent(view.tenderId)}/proposals`;
    return replacing
      ? api<Receipt>(
          'PUT',
          `${path}/${encodeURIComponent(proposalId)}`,
          { ...body, ...signed },
          { idempotencyKey: newId() },
        )
      : api<Receipt>('POST', path, { ...body, ...signed, proposalId }, { idempotencyKey: newId() });
  };
  return (
    <ActionForm
      action={submit}
      onDone={onDone}
      submit={replacing ? t('Reemplazar propuesta') : t('Presentar propuesta')}
    >
      {view.lots.map((lot) => (
        <fieldset class="card">
          <legend>
            {lot.title} (<Money amount={lot.estimatedValue} /> {t('estimado')})
          </legend>
          {lot.items.map((item) => (
            <Field
              label={`${item.description} — ${item.quantity} ${item.unit}`}
              hint={t('Precio unitario estimado: {amount}', { amount: money(item.estimatedUnitPrice) })}
            >
              <input
                inputMode="decimal"
                name={`price-${lot.lotId}-${item.itemId}`}
                value={prices[`${lot.lotId}/${item.itemId}`] ?? ''}
                onInput={(e) =>
                  setPrices({ ...prices, [`${lot.lotId}/${item.itemId}`]: (e.target as HTMLInputElement).value })
                }
                placeholder={t('Precio unitario (MXN)')}
              />
            </Field>
          ))}
        </fieldset>
      ))}
      {offers.map((o) => (
        <p>
          {t('Total de la partida')} «{o.lot.title}»: <strong>{money(o.amount)}</strong>
        </p>
      ))}
      <DocumentsInput
        id="proposal-docs"
        value={documents}
        onChange={setDocuments}
        upload={(file) =>
          uploadFile<UploadReceipt>(`/api/tenders/${encodeURIComponent(view.tenderId)}/proposal-files`, file)
        }
        hint={t('Cada archivo se cifra al subirlo: nadie lo lee antes del acto de apertura.')}
        withKind
      />
      <EfirmaStep value={efirma} onChange={setEfirma} required={signatureRequired} />
    </ActionForm>
  );
}
