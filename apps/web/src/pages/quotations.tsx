/**
 * Quick quotations (cotizaciones ágiles) and mini-competitions: the public page of a request (nothing of the sealed
 * quotations before the deadline), the buyer's list and form (publish, open after the deadline, mark a quotation
 * non-compliant, issue the order) and the supplier's list of requests for its codes (submit or replace a sealed
 * quotation, with its receipt).
 */
import { api, currentSession, get, newId, query } from '../api';
import { Facts, SignInFirst, SignInLink, Table, useForm } from '../components/blocks';
import {
  ActionForm,
  Badge,
  InputField,
  Loaded,
  Money,
  OrEmpty,
  Section,
  SelectField,
  useAsync,
  type BadgeKind,
} from '../components/ui';
import { dateTime, isoToMexicoLocal, mexicoLocalToIso, money, parseMoney } from '../format';
import { t } from '../i18n';
import { useRefresh } from '../refresh';
import { Link } from '../router';
import { serverNow, syncServerClock } from '../server-clock';

type MoneyValue = { amount: number; currency: string };
type Quotation = {
  quotationId: string;
  supplierId: string;
  amount: MoneyValue;
  notes: string;
  submittedAt: string;
  compliant: boolean;
  reason: string | null;
};
type RequestStatus = 'open' | 'closed' | 'opened' | 'deserted' | 'ordered';
type RequestView = {
  rfqId: string;
  kind: 'quick' | 'mini_competition';
  buyingUnitId: string;
  buyingUnitName: string | null;
  law: string;
  title: string;
  description: string;
  classifierCode: string;
  quantity: number;
  unit: string;
  estimatedValue: MoneyValue;
  threshold: MoneyValue | null;
  audience: { kind: 'classifier' } | { kind: 'invited'; supplierIds: string[] };
  deadline: string;
  publishedAt: string;
  status: RequestStatus;
  quotations: Quotation[];
  winner: Quotation | null;
  order: { orderId: string; supplierId: string; amount: MoneyValue; issuedAt: string } | null;
  supplierNames: Record<string, string>;
};
type RequestSummary = Pick<
  RequestView,
  'rfqId' | 'kind' | 'title' | 'classifierCode' | 'estimatedValue' | 'deadline' | 'publishedAt' | 'status'
> & { winner: { supplierId: string; amount: MoneyValue } | null };
type SupplierRequest = RequestSummary & {
  myQuotation: { quotationId: string; commitment: string; submittedAt: string; replacements: number } | null;
};

const STATUS: Record<RequestStatus, [string, BadgeKind]> = {
  open: ['Recibiendo cotizaciones', 'info'],
  closed: ['Plazo vencido, en espera de apertura', 'warn'],
  opened: ['Cotizaciones abiertas', 'neutral'],
  deserted: ['Desierta: sin cotizaciones', 'bad'],
  ordered: ['Orden de compra emitida', 'good'],
};
const KIND = { quick: 'Cotización ágil', mini_competition: 'Minicompetencia (contrato marco)' };

const StatusBadge = ({ status }: { status: RequestStatus }) => (
  <Badge kind={STATUS[status][1]}>
    <span data-testid="rfq-status">{t(STATUS[status][0])}</span>
  </Badge>
);

const path = (rfqId: string) => `/api/quotation-requests/${encodeURIComponent(rfqId)}`;

/** `/cotizaciones/:id`: anyone; the buyer of the unit also acts here. */
export function QuotationRequestPage({ rfqId }: { rfqId: string }) {
  const state = useAsync(() => get<RequestView>(path(rfqId)), [rfqId]);
  useRefresh(state.reload, state.data?.status === 'open' || state.data?.status === 'closed');
  return <Loaded state={state}>{(view) => <RequestDetail view={view} reload={state.reload} />}</Loaded>;
}

function RequestDetail({ view, reload }: { view: RequestView; reload: () => void }) {
  const session = currentSession();
  const isBuyer = session?.account.role === 'buyer' && session.account.buyingUnitId === view.buyingUnitId;
  const name = (supplierId: string) => view.supplierNames[supplierId] ?? supplierId;
  const sealed = view.status === 'open' || view.status === 'closed';
  return (
    <>
      <p class="muted">{t(KIND[view.kind])}</p>
      <h1>{view.title}</h1>
      <StatusBadge status={view.status} />
      <Facts
        facts={[
          [t('Unidad compradora'), view.buyingUnitName ?? view.buyingUnitId],
          [t('Clave del clasificador'), view.classifierCode, 'mono'],
          [t('Cantidad'), `${view.quantity} ${view.unit}`],
          [t('Monto estimado'), <Money amount={view.estimatedValue} />],
          view.threshold && [
            t('Umbral de cotización ágil ({law})', { law: view.law }),
            <Money amount={view.threshold} />,
          ],
          [t('Publicada'), dateTime(view.publishedAt)],
          [t('Fecha límite'), dateTime(view.deadline)],
          [
            t('Pueden cotizar'),
            view.audience.kind === 'invited'
              ? view.audience.supplierIds.map(name).join(', ')
              : t('Los proveedores verificados con la clave {code}', { code: view.classifierCode }),
          ],
        ]}
      />
      {view.description && <p>{view.description}</p>}
      {sealed ? (
        <Section title={t('Cotizaciones')}>
          <p data-testid="rfq-sealed">
            {t('Las cotizaciones están selladas hasta la fecha límite: nadie, ni la unidad compradora, puede verlas.')}
          </p>
          {isBuyer && view.status === 'closed' && (
            <ActionForm
              submit={t('Abrir cotizaciones')}
              action={() => api('POST', `${path(view.rfqId)}/open`)}
              onDone={reload}
            />
          )}
        </Section>
      ) : (
        <Section title={t('Cotizaciones')}>
          <OrEmpty items={view.quotations} empty={t('No se recibieron cotizaciones.')}>
            {(quotations) => (
              <Table
                rows={quotations}
                rowTestId="quotation-row"
                columns={[
                  { label: t('Proveedor'), cell: (q) => name(q.supplierId) },
                  {
                    label: view.kind === 'mini_competition' ? t('Precio unitario') : t('Monto'),
                    num: true,
                    cell: (q) => <Money amount={q.amount} />,
                  },
                  { label: t('Enviada'), cell: (q) => dateTime(q.submittedAt) },
                  {
                    label: t('Resultado'),
                    cell: (q) =>
                      !q.compliant ? (
                        <>
                          <Badge kind="bad">{t('No cumple')}</Badge> {q.reason}
                        </>
                      ) : view.winner?.quotationId === q.quotationId ? (
                        <Badge kind="good">{t('Más baja que cumple')}</Badge>
                      ) : (
                        ''
                      ),
                  },
                  ...(isBuyer && view.status === 'opened'
                    ? [
                        {
                          label: t('Acción'),
                          cell: (q: Quotation) =>
                            q.compliant && <NonCompliantForm view={view} quotation={q} onDone={reload} />,
                        },
                      ]
                    : []),
                ]}
              />
            )}
          </OrEmpty>
          <p class="muted">
            {t(
              'Gana la cotización más baja que cumple; en un empate, la enviada antes (una sustitución cuenta desde su propia hora).',
            )}
          </p>
          {view.order ? (
            <p data-testid="rfq-order">
              {t('Orden de compra emitida a {supplier} por {amount} el {date}.', {
                supplier: name(view.order.supplierId),
                amount: money(view.order.amount.amount, view.order.amount.currency),
                date: dateTime(view.order.issuedAt),
              })}
            </p>
          ) : (
            isBuyer &&
            view.status === 'opened' &&
            view.winner && (
              <ActionForm
                submit={t('Emitir orden de compra')}
                action={() => api('POST', `${path(view.rfqId)}/order`, undefined, { idempotencyKey: newId() })}
                onDone={reload}
              />
            )
          )}
        </Section>
      )}
    </>
  );
}

function NonCompliantForm({
  view,
  quotation,
  onDone,
}: {
  view: RequestView;
  quotation: Quotation;
  onDone: () => void;
}) {
  const { form: values, bind } = useForm({ reason: '' });
  return (
    <ActionForm
      class="form inline"
      submit={t('Marcar que no cumple')}
      action={() =>
        api('POST', `${path(view.rfqId)}/quotations/${encodeURIComponent(quotation.quotationId)}/non-compliant`, {
          reason: values.reason,
        })
      }
      onDone={onDone}
    >
      <InputField label={t('Motivo')} name="reason" {...bind('reason')} required />
    </ActionForm>
  );
}

function useBuyingUnit(): string | null {
  const session = currentSession();
  return session?.account.role === 'buyer' && session.account.buyingUnitId ? session.account.buyingUnitId : null;
}

/** `/comprador/cotizaciones`: the unit's requests and the form to publish one. */
export function BuyerQuotations() {
  const unit = useBuyingUnit();
  const list = useAsync(
    () =>
      unit ? get<RequestSummary[]>(`/api/quotation-requests${query({ buyingUnitId: unit })}`) : Promise.resolve([]),
    [unit],
  );
  if (!unit)
    return (
      <SignInFirst title={t('Cotizaciones ágiles')}>
        <SignInLink>{t('Entra con tu cuenta de comprador')}</SignInLink>
      </SignInFirst>
    );
  return (
    <>
      <h1>{t('Cotizaciones ágiles')}</h1>
      <p class="muted">
        {t(
          'Para compras menores al umbral del año: se piden cotizaciones selladas a los proveedores de una clave o a los invitados, con un plazo de horas a días.',
        )}
      </p>
      <PublishForm unit={unit} onDone={list.reload} />
      <Section title={t('Solicitudes de mi unidad')}>
        <Loaded state={list}>{(requests) => <RequestList requests={requests} />}</Loaded>
      </Section>
    </>
  );
}

function RequestList({ requests }: { requests: RequestSummary[] }) {
  return (
    <OrEmpty items={requests} empty={t('No hay solicitudes de cotización.')}>
      {(items) => (
        <Table
          rows={items}
          rowTestId="rfq-row"
          columns={[
            {
              label: t('Solicitud'),
              cell: (r) => <Link href={`/cotizaciones/${encodeURIComponent(r.rfqId)}`}>{r.title}</Link>,
            },
            { label: t('Clave'), mono: true, cell: (r) => r.classifierCode },
            { label: t('Monto estimado'), num: true, cell: (r) => <Money amount={r.estimatedValue} /> },
            { label: t('Fecha límite'), cell: (r) => dateTime(r.deadline) },
            { label: t('Estado'), cell: (r) => <StatusBadge status={r.status} /> },
          ]}
        />
      )}
    </OrEmpty>
  );
}

function PublishForm({ unit, onDone }: { unit: string; onDone: () => void }) {
  const { form: values, bind } = useForm(() => ({
    title: '',
    description: '',
    classifierCode: '',
    quantity: '1',
    unit: 'pieza',
    estimated: '',
    deadline: isoToMexicoLocal(new Date(serverNow().getTime() + 2 * 86_400_000).toISOString()),
    audience: 'classifier',
    invited: '',
    law: 'LAASSP',
    agreementId: '',
    itemId: '',
  }));
  return (
    <Section title={t('Publicar una solicitud de cotización')}>
      <ActionForm
        submit={t('Publicar solicitud')}
        action={async () => {
          await syncServerClock();
          const supplierIds = values.invited
            .split(/[\s,]+/)
            .map((id) => id.trim())
            .filter(Boolean);
          return api(
            'POST',
            '/api/quotation-requests',
            {
              buyingUnitId: unit,
              law: values.law,
              title: values.title,
              description: values.description || undefined,
              classifierCode: values.classifierCode || undefined,
              quantity: Number(values.quantity),
              unit: values.unit,
              estimatedValue: { amount: parseMoney(values.estimated) ?? -1, currency: 'MXN' },
              ...(values.audience === 'framework'
                ? { framework: { agreementId: values.agreementId.trim(), itemId: values.itemId.trim() } }
                : {
                    audience: values.audience === 'invited' ? { kind: 'invited', supplierIds } : { kind: 'classifier' },
                  }),
              deadline: mexicoLocalToIso(values.deadline),
            },
            { idempotencyKey: newId() },
          );
        }}
        onDone={onDone}
      >
        <InputField label={t('Título')} name="title" {...bind('title')} required />
        <InputField label={t('Descripción')} name="description" {...bind('description')} />
        <SelectField label={t('Ley')} name="law" options={{ LAASSP: 'LAASSP', LOPSRM: 'LOPSRM' }} {...bind('law')} />
        {values.audience !== 'framework' && (
          <InputField label={t('Clave del clasificador')} name="classifierCode" {...bind('classifierCode')} />
        )}
        <InputField label={t('Cantidad')} name="quantity" type="number" min="0" step="any" {...bind('quantity')} />
        <InputField label={t('Unidad de medida')} name="unit" {...bind('unit')} />
        <InputField
          label={t('Monto estimado (pesos)')}
          name="estimated"
          field="estimatedValue.amount"
          inputMode="decimal"
          {...bind('estimated')}
          required
        />
        <InputField
          label={t('Fecha límite (hora de la Ciudad de México)')}
          name="deadline"
          type="datetime-local"
          {...bind('deadline')}
        />
        <SelectField
          label={t('Quiénes cotizan')}
          name="audience"
          options={{
            classifier: 'Todos los proveedores de la clave',
            invited: 'Solo los invitados',
            framework: 'Minicompetencia entre los proveedores de un contrato marco',
          }}
          {...bind('audience')}
        />
        {values.audience === 'invited' && (
          <InputField label={t('Proveedores invitados (identificadores)')} name="invited" {...bind('invited')} />
        )}
        {values.audience === 'framework' && (
          <>
            <InputField
              label={t('Contrato marco (identificador)')}
              name="agreementId"
              field="framework.agreementId"
              {...bind('agreementId')}
            />
            <InputField
              label={t('Partida sin precio fijo')}
              name="itemId"
              field="framework.itemId"
              {...bind('itemId')}
            />
          </>
        )}
      </ActionForm>
    </Section>
  );
}

/** `/proveedor/cotizaciones`: requests for the supplier's codes or inviting it, and its sealed quotation. */
export function SupplierQuotations() {
  const session = currentSession();
  const supplierId = session?.account.role === 'supplier' ? session.account.supplierId : undefined;
  const list = useAsync(
    () => (supplierId ? get<SupplierRequest[]>('/api/me/quotation-requests') : Promise.resolve([])),
    [supplierId],
  );
  if (!supplierId)
    return (
      <SignInFirst title={t('Solicitudes de cotización')}>
        <SignInLink>{t('Entra con tu cuenta de proveedor')}</SignInLink>
      </SignInFirst>
    );
  return (
    <>
      <h1>{t('Solicitudes de cotización')}</h1>
      <p class="muted">{t('Tu cotización queda sellada hasta la fecha límite; puedes sustituirla antes.')}</p>
      <Loaded state={list}>
        {(requests) => (
          <OrEmpty items={requests} empty={t('No hay solicitudes para tus claves.')}>
            {(items) => (
              <>
                {items.map((request) => (
                  <SupplierRequestCard request={request} onDone={list.reload} />
                ))}
              </>
            )}
          </OrEmpty>
        )}
      </Loaded>
    </>
  );
}

function SupplierRequestCard({ request, onDone }: { request: SupplierRequest; onDone: () => void }) {
  const { form: values, bind } = useForm({ amount: '', notes: '' });
  return (
    <section class="card" data-testid="supplier-rfq">
      <h2>
        <Link href={`/cotizaciones/${encodeURIComponent(request.rfqId)}`}>{request.title}</Link>
      </h2>
      <StatusBadge status={request.status} />
      <Facts
        facts={[
          [t('Clave del clasificador'), request.classifierCode, 'mono'],
          [t('Monto estimado'), <Money amount={request.estimatedValue} />],
          [t('Fecha límite'), dateTime(request.deadline)],
        ]}
      />
      {request.myQuotation && (
        <p data-testid="quotation-receipt">
          {t('Tu cotización sellada: enviada el {date}; huella SHA-256 {commitment}.', {
            date: dateTime(request.myQuotation.submittedAt),
            commitment: request.myQuotation.commitment,
          })}
        </p>
      )}
      {request.status === 'open' && (
        <ActionForm
          submit={request.myQuotation ? t('Sustituir cotización') : t('Enviar cotización')}
          action={() =>
            api(
              'POST',
              `${path(request.rfqId)}/quotations`,
              {
                amount: { amount: parseMoney(values.amount) ?? -1, currency: request.estimatedValue.currency },
                notes: values.notes || undefined,
              },
              { idempotencyKey: newId() },
            )
          }
          onDone={onDone}
        >
          <InputField
            label={request.kind === 'mini_competition' ? t('Precio unitario (pesos)') : t('Monto total (pesos)')}
            name="amount"
            field="amount.amount"
            inputMode="decimal"
            {...bind('amount')}
            required
          />
          <InputField label={t('Notas')} name="notes" {...bind('notes')} />
        </ActionForm>
      )}
    </section>
  );
}
