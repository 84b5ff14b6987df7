/**
 * A contract's execution (libs/execution): the public panel (deliveries, invoices, payments, penalties, guarantees
 * and the flags of late and missing deliveries and late payments, explained) and the buyer's forms (schedule a
 * delivery, record a receipt, accept or reject an invoice, record a payment, release a guarantee) and the supplier's
 * invoice form with its CFDI XML. Amounts are typed in pesos, sent in centavos.
 */
import { useState } from 'preact/hooks';
import { api, get, newId, uploadFile } from '../api';
import type { UploadReceipt } from '../components/documents';
import { useForm } from '../components/blocks';
import { ActionForm, InputField, Loaded, Money, SelectField, useAsync } from '../components/ui';
import { date, dateTime, mexicoLocalToIso, parseMoney } from '../format';
import { t, tn } from '../i18n';

type Flag =
  | { code: 'late_delivery'; deliveryId: string; dueDate: string; days: number }
  | { code: 'missing_delivery'; deliveryId: string; dueDate: string; days: number; pending: number }
  | { code: 'late_payment'; invoiceId: string; dueDate: string; days: number; paid: boolean; termDays: number };

export type Execution = {
  contractId: string;
  currency: string | null;
  deliveries: Array<{
    deliveryId: string;
    itemId: string;
    quantity: number;
    unit: string;
    place: string;
    dueDate: string;
    accepted: number;
    completedAt: string | null;
  }>;
  invoices: Array<{
    invoiceId: string;
    cfdiUuid: string;
    folio: string;
    amount: number;
    currency: string;
    status: 'registered' | 'accepted' | 'rejected';
    paymentDueDate: string | null;
    paid: number;
    rejection: string | null;
    xmlFiled: boolean;
  }>;
  payments: Array<{ paymentId: string; invoiceId: string; amount: number; currency: string; paidAt: string }>;
  penalties: Array<{ penaltyId: string; deliveryId: string; amount: number; currency: string; reason: string }>;
  penaltyCap: number | null;
  guarantees: Array<{
    guaranteeId: string;
    amount: number;
    currency: string;
    issuer: string;
    policyNumber: string;
    released: { reason: string } | null;
  }>;
  totals: { invoiced: number; paid: number; penalties: number };
  flags: Flag[];
};

const executionPath = (contractId: string, rest = '') =>
  `/api/contracts/${encodeURIComponent(contractId)}/execution${rest}`;

/** A flag in words, with its numbers and, for payments, the law. */
export function flagText(flag: Flag, folioOf: (invoiceId: string) => string = (id) => id): string {
  switch (flag.code) {
    case 'late_delivery':
      return tn(
        flag.days,
        'Entrega {id} atrasada {n} día (vencía el {due}).',
        'Entrega {id} atrasada {n} días (vencía el {due}).',
        {
          id: flag.deliveryId,
          due: date(`${flag.dueDate}T18:00:00Z`),
        },
      );
    case 'missing_delivery':
      return tn(
        flag.days,
        'Entrega {id} faltante: venció hace {n} día y faltan {pending}.',
        'Entrega {id} faltante: venció hace {n} días y faltan {pending}.',
        {
          id: flag.deliveryId,
          pending: flag.pending,
        },
      );
    case 'late_payment':
      return tn(
        flag.days,
        flag.paid
          ? 'Factura {id} pagada {n} día después del plazo legal de {term} días naturales (LAASSP art. 51).'
          : 'Factura {id} sin pagar {n} día después del plazo legal de {term} días naturales (LAASSP art. 51).',
        flag.paid
          ? 'Factura {id} pagada {n} días después del plazo legal de {term} días naturales (LAASSP art. 51).'
          : 'Factura {id} sin pagar {n} días después del plazo legal de {term} días naturales (LAASSP art. 51).',
        { id: folioOf(flag.invoiceId), term: flag.termDays },
      );
  }
}

/** The public execution of one contract, with its flags. */
export function ExecutionPanel({ contractId }: { contractId: string }) {
  const state = useAsync(() => get<Execution>(executionPath(contractId)), [contractId]);
  return <Loaded state={state}>{(e) => <ExecutionBody execution={e} />}</Loaded>;
}

function ExecutionBody({ execution: e }: { execution: Execution }) {
  const currency = e.currency ?? 'MXN';
  const folioOf = (invoiceId: string) => e.invoices.find((i) => i.invoiceId === invoiceId)?.folio ?? invoiceId;
  return (
    <div data-testid="contract-execution">
      <h3>{t('Ejecución del contrato {id}', { id: e.contractId })}</h3>
      {e.flags.length > 0 && (
        <ul class="notice" data-testid="execution-flags">
          {e.flags.map((flag) => (
            <li>{flagText(flag, folioOf)}</li>
          ))}
        </ul>
      )}
      {e.deliveries.length === 0 ? (
        <p class="muted">{t('Sin entregas programadas todavía.')}</p>
      ) : (
        <table data-testid="execution-deliveries">
          <thead>
            <tr>
              <th>{t('Entrega')}</th>
              <th>{t('Lugar')}</th>
              <th>{t('Vence')}</th>
              <th>{t('Recibido')}</th>
            </tr>
          </thead>
          <tbody>
            {e.deliveries.map((d) => (
              <tr>
                <td class="mono">{d.deliveryId}</td>
                <td>{d.place}</td>
                <td>{date(`${d.dueDate}T18:00:00Z`)}</td>
                <td>
                  {d.accepted} / {d.quantity} {d.unit}
                  {d.completedAt && ` · ${dateTime(d.completedAt)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p data-testid="execution-totals">
        {t('Facturado')}: <Money amount={e.totals.invoiced} currency={currency} /> · {t('Pagado')}:{' '}
        <Money amount={e.totals.paid} currency={currency} /> · {t('Penas convencionales')}:{' '}
        <Money amount={e.totals.penalties} currency={currency} />
      </p>
      {e.penalties.length > 0 && (
        <ul data-testid="execution-penalties">
          {e.penalties.map((p) => (
            <li>
              {t('Pena convencional por la entrega {id}', { id: p.deliveryId })}:{' '}
              <Money amount={p.amount} currency={p.currency} /> — {p.reason}
            </li>
          ))}
        </ul>
      )}
      {e.invoices.length > 0 && (
        <ul data-testid="execution-invoices">
          {e.invoices.map((i) => (
            <li>
              {i.status === 'rejected' ? (
                t('Factura {folio} rechazada: {reason}', { folio: i.folio, reason: i.rejection ?? '' })
              ) : (
                <>
                  {t('Factura {folio}', { folio: i.folio })}: <Money amount={i.amount} currency={i.currency} />
                </>
              )}
              {i.xmlFiled && ` · ${t('XML presentado')}`}
            </li>
          ))}
        </ul>
      )}
      {e.guarantees.map((g) => (
        <p data-testid="execution-guarantee">
          {t('Garantía de cumplimiento de {issuer}', { issuer: g.issuer })}:{' '}
          <Money amount={g.amount} currency={g.currency} />
          {g.released &&
            ` · ${t('Garantía {policy} liberada: {reason}', { policy: g.policyNumber, reason: g.released.reason })}`}
        </p>
      ))}
      {e.payments.length > 0 && (
        <ul data-testid="execution-payments">
          {e.payments.map((p) => (
            <li>
              {t('Pago de la factura {invoice}', { invoice: folioOf(p.invoiceId) })}:{' '}
              <Money amount={p.amount} currency={p.currency} /> · {dateTime(p.paidAt)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The buyer's forms on a contract's execution, above its public panel. */
export function ExecutionDesk({
  contractId,
  items,
  active,
}: {
  contractId: string;
  items: Array<{ itemId: string; description: string }>;
  active: boolean;
}) {
  const state = useAsync(() => get<Execution>(executionPath(contractId)), [contractId]);
  const done = () => (state.reload(), setTimeout(state.reload, 700));
  return (
    <div data-testid="execution-desk">
      <Loaded state={state}>
        {(e) => (
          <>
            <ExecutionBody execution={e} />
            {active && <ScheduleForm contractId={contractId} items={items} onDone={done} />}
            {active && e.deliveries.length > 0 && <ReceiptForm contractId={contractId} execution={e} onDone={done} />}
            {e.invoices
              .filter((i) => i.status === 'registered')
              .map((i) => (
                <>
                  <ActionForm
                    action={() =>
                      api('POST', executionPath(contractId, `/invoices/${encodeURIComponent(i.invoiceId)}/review`), {
                        decision: 'accepted',
                      })
                    }
                    onDone={done}
                    submit={t('Aceptar la factura {folio}', { folio: i.folio })}
                  />
                  <RejectInvoiceForm contractId={contractId} invoice={i} onDone={done} />
                </>
              ))}
            {e.invoices.some((i) => i.status === 'accepted' && i.paid < i.amount) && (
              <PaymentForm contractId={contractId} execution={e} onDone={done} />
            )}
            {e.penaltyCap === null && active && <PenaltyCapForm contractId={contractId} onDone={done} />}
            {e.penaltyCap !== null && e.flags.some((f) => f.code !== 'late_payment') && (
              <PenaltyForm contractId={contractId} execution={e} onDone={done} />
            )}
            {e.guarantees.length === 0 && active && <GuaranteeForm contractId={contractId} onDone={done} />}
            {!active &&
              e.guarantees
                .filter((g) => g.released === null)
                .map((g) => <ReleaseGuaranteeForm contractId={contractId} guarantee={g} onDone={done} />)}
          </>
        )}
      </Loaded>
    </div>
  );
}

function ScheduleForm({
  contractId,
  items,
  onDone,
}: {
  contractId: string;
  items: Array<{ itemId: string; description: string }>;
  onDone: () => void;
}) {
  const { form, bind } = useForm({ itemId: items[0]?.itemId ?? '', quantity: '', place: '', dueDate: '' });
  return (
    <ActionForm
      action={() =>
        api('POST', executionPath(contractId, '/deliveries'), {
          deliveryId: newId(),
          itemId: form.itemId,
          quantity: Number(form.quantity),
          place: form.place,
          dueDate: form.dueDate,
        })
      }
      onDone={onDone}
      submit={t('Programar la entrega')}
    >
      <div class="filters">
        <SelectField
          label={t('Partida')}
          {...bind('itemId')}
          options={Object.fromEntries(items.map((i) => [i.itemId, i.description]))}
        />
        <InputField label={t('Cantidad a entregar')} required type="number" min="0" step="any" {...bind('quantity')} />
        <InputField label={t('Lugar de entrega')} required {...bind('place')} />
        <InputField label={t('Fecha límite de entrega')} required type="date" {...bind('dueDate')} />
      </div>
    </ActionForm>
  );
}

function ReceiptForm({
  contractId,
  execution,
  onDone,
}: {
  contractId: string;
  execution: Execution;
  onDone: () => void;
}) {
  const pending = execution.deliveries.filter((d) => d.completedAt === null);
  const { form, bind } = useForm({
    deliveryId: pending[0]?.deliveryId ?? '',
    quantity: '',
    outcome: 'accepted',
    reason: '',
  });
  if (pending.length === 0) return null;
  return (
    <ActionForm
      action={() =>
        api('POST', executionPath(contractId, `/deliveries/${encodeURIComponent(form.deliveryId)}/receipts`), {
          receiptId: newId(),
          quantity: Number(form.quantity),
          outcome: form.outcome,
          ...(form.reason ? { reason: form.reason } : {}),
        })
      }
      onDone={onDone}
      submit={t('Registrar la recepción')}
    >
      <div class="filters">
        <SelectField
          label={t('Entrega recibida')}
          {...bind('deliveryId')}
          options={Object.fromEntries(pending.map((d) => [d.deliveryId, `${d.deliveryId} (${d.dueDate})`]))}
        />
        <InputField label={t('Cantidad recibida')} required type="number" min="0" step="any" {...bind('quantity')} />
        <SelectField
          label={t('Resultado')}
          {...bind('outcome')}
          options={{ accepted: 'Aceptada', rejected: 'Rechazada' }}
        />
        <InputField label={t('Motivo del rechazo')} {...bind('reason')} />
      </div>
    </ActionForm>
  );
}

function PaymentForm({
  contractId,
  execution,
  onDone,
}: {
  contractId: string;
  execution: Execution;
  onDone: () => void;
}) {
  const payable = execution.invoices.filter((i) => i.status === 'accepted' && i.paid < i.amount);
  const { form, bind } = useForm({ invoiceId: payable[0]?.invoiceId ?? '', amount: '' });
  return (
    <ActionForm
      action={() =>
        api('POST', executionPath(contractId, '/payments'), {
          paymentId: newId(),
          invoiceId: form.invoiceId,
          amount: parseMoney(form.amount),
        })
      }
      onDone={onDone}
      submit={t('Registrar el pago')}
    >
      <div class="filters">
        <SelectField
          label={t('Factura pagada')}
          {...bind('invoiceId')}
          options={Object.fromEntries(payable.map((i) => [i.invoiceId, i.folio]))}
        />
        <InputField label={t('Monto pagado (MXN)')} required {...bind('amount')} />
      </div>
    </ActionForm>
  );
}

/** The buyer rejects a registered invoice with its reason (RLAASSP art. 90: a defective CFDI goes back). */
function RejectInvoiceForm({
  contractId,
  invoice,
  onDone,
}: {
  contractId: string;
  invoice: Execution['invoices'][number];
  onDone: () => void;
}) {
  const { form, bind } = useForm({ reason: '' });
  return (
    <ActionForm
      action={() =>
        api('POST', executionPath(contractId, `/invoices/${encodeURIComponent(invoice.invoiceId)}/review`), {
          decision: 'rejected',
          reason: form.reason,
        })
      }
      onDone={onDone}
      submit={t('Rechazar la factura {folio}', { folio: invoice.folio })}
    >
      <InputField
        label={t('Motivo del rechazo de la factura {folio}', { folio: invoice.folio })}
        required
        {...bind('reason')}
      />
    </ActionForm>
  );
}

/** The buyer releases the performance guarantee once the contract is completed, with the reason. */
function ReleaseGuaranteeForm({
  contractId,
  guarantee,
  onDone,
}: {
  contractId: string;
  guarantee: Execution['guarantees'][number];
  onDone: () => void;
}) {
  const { form, bind } = useForm({ reason: '' });
  return (
    <ActionForm
      action={() =>
        api('POST', executionPath(contractId, `/guarantees/${encodeURIComponent(guarantee.guaranteeId)}/release`), {
          reason: form.reason,
        })
      }
      onDone={onDone}
      submit={t('Liberar la garantía {policy}', { policy: guarantee.policyNumber })}
    >
      <InputField label={t('Motivo de la liberación')} required {...bind('reason')} />
    </ActionForm>
  );
}

/**
 * The supplier registers its CFDI for a contract: folio fiscal, folio, total, issue date and the XML (uploaded as
 * the supplier's document; the public sees only that it was filed).
 */
export function InvoiceForm({ contractId, onDone }: { contractId: string; onDone?: () => void }) {
  const { form, bind } = useForm({ cfdiUuid: '', folio: '', amount: '', issuedOn: '' });
  const [xml, setXml] = useState<File | null>(null);
  const uploadXml = async (file: File) => {
    const receipt = await uploadFile<UploadReceipt>('/api/documents', file);
    const { documentId, fileName, mediaType, sha256 } = receipt;
    return { documentId, title: file.name.replace(/\.[^.]+$/, ''), fileName, mediaType, sha256 };
  };
  return (
    <ActionForm
      action={async () =>
        api('POST', executionPath(contractId, '/invoices'), {
          invoiceId: newId(),
          cfdiUuid: form.cfdiUuid.trim(),
          folio: form.folio,
          amount: parseMoney(form.amount),
          issuedAt: mexicoLocalToIso(`${form.issuedOn}T00:00`),
          ...(xml ? { xml: await uploadXml(xml) } : {}),
        })
      }
      onDone={onDone}
      submit={t('Registrar la factura')}
    >
      <div class="filters" data-testid="invoice-form">
        <InputField label={t('Folio fiscal (UUID) del CFDI')} required {...bind('cfdiUuid')} />
        <InputField label={t('Serie y folio')} required {...bind('folio')} />
        <InputField label={t('Total de la factura (MXN)')} required {...bind('amount')} />
        <InputField label={t('Fecha de emisión')} required type="date" {...bind('issuedOn')} />
        <label class="field">
          <span class="field-label">{t('XML del CFDI')}</span>
          <input
            type="file"
            accept=".xml,application/xml,text/xml"
            onChange={(e) => setXml((e.target as HTMLInputElement).files?.[0] ?? null)}
          />
          <span class="muted">{t('Se guarda para las partes; el público solo ve que se presentó.')}</span>
        </label>
      </div>
    </ActionForm>
  );
}

function PenaltyCapForm({ contractId, onDone }: { contractId: string; onDone: () => void }) {
  const { form, bind } = useForm({ cap: '', reason: '' });
  return (
    <ActionForm
      action={() =>
        api('PUT', executionPath(contractId, '/penalty-cap'), { cap: parseMoney(form.cap), reason: form.reason })
      }
      onDone={onDone}
      submit={t('Registrar el tope de penas')}
    >
      <div class="filters">
        <InputField label={t('Tope de penas convencionales (MXN)')} required {...bind('cap')} />
        <InputField label={t('Cláusula del contrato que lo fija')} required {...bind('reason')} />
      </div>
    </ActionForm>
  );
}

function PenaltyForm({
  contractId,
  execution,
  onDone,
}: {
  contractId: string;
  execution: Execution;
  onDone: () => void;
}) {
  const late = [...new Set(execution.flags.flatMap((f) => (f.code === 'late_payment' ? [] : [f.deliveryId])))];
  const { form, bind } = useForm({ deliveryId: late[0] ?? '', amount: '', reason: '' });
  return (
    <ActionForm
      action={() =>
        api('POST', executionPath(contractId, '/penalties'), {
          penaltyId: newId(),
          deliveryId: form.deliveryId,
          amount: parseMoney(form.amount),
          reason: form.reason,
        })
      }
      onDone={onDone}
      submit={t('Aplicar la pena convencional')}
    >
      <div class="filters">
        <SelectField
          label={t('Entrega atrasada')}
          {...bind('deliveryId')}
          options={Object.fromEntries(late.map((id) => [id, id]))}
        />
        <InputField label={t('Monto de la pena (MXN)')} required {...bind('amount')} />
        <InputField label={t('Motivo de la pena')} required {...bind('reason')} />
      </div>
    </ActionForm>
  );
}

function GuaranteeForm({ contractId, onDone }: { contractId: string; onDone: () => void }) {
  const { form, bind } = useForm({ amount: '', issuer: '', policyNumber: '' });
  return (
    <ActionForm
      action={() =>
        api('POST', executionPath(contractId, '/guarantees'), {
          guaranteeId: newId(),
          amount: parseMoney(form.amount),
          issuer: form.issuer,
          policyNumber: form.policyNumber,
        })
      }
      onDone={onDone}
      submit={t('Registrar la garantía')}
    >
      <div class="filters">
        <InputField label={t('Monto de la fianza (MXN)')} required {...bind('amount')} />
        <InputField label={t('Afianzadora')} required {...bind('issuer')} />
        <InputField label={t('Número de póliza')} required {...bind('policyNumber')} />
      </div>
    </ActionForm>
  );
}
