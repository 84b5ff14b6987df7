import { conflict, invalid, notFound, type DecisionContext, type Decider } from '@licita/shared';
import { checkDocuments, checkId, instant, requiredText, validQuantity } from '@licita/tendering';
import { daysAfter, paymentDueDate } from './payment-term';
import type {
  ContractFacts,
  DocumentRef,
  ExecutionCommand,
  ExecutionEvent,
  InvoiceRegistered,
  IsoDateTime,
  ScheduleDelivery,
  RecordReceipt,
  RegisterInvoice,
  ReviewInvoice,
  RecordPayment,
  SetPenaltyCap,
  ApplyPenalty,
  RecordGuarantee,
  ReleaseGuarantee,
} from './execution.types';

export type DeliveryState = {
  deliveryId: string;
  itemId: string;
  quantity: number;
  unit: string;
  place: string;
  dueDate: string;
  accepted: number;
  rejected: number;
  /** When the accepted quantity reached the scheduled one; null while it has not. */
  completedAt: IsoDateTime | null;
};
export type InvoiceState = {
  invoiceId: string;
  cfdiUuid: string;
  amount: number;
  status: 'registered' | 'accepted' | 'rejected';
  acceptedAt: IsoDateTime | null;
  paymentDueDate: string | null;
  paid: number;
  /** When the payments reached the invoice's amount. */
  paidAt: IsoDateTime | null;
};
export type ExecutionState = {
  deliveries: Record<string, DeliveryState>;
  receiptIds: string[];
  invoices: Record<string, InvoiceState>;
  paymentIds: string[];
  penaltyCap: number | null;
  penalties: Record<string, number>;
  guarantees: Record<string, { amount: number; released: boolean }>;
};

export const initialExecutionState = (): ExecutionState => ({
  deliveries: {},
  receiptIds: [],
  invoices: {},
  paymentIds: [],
  penaltyCap: null,
  penalties: {},
  guarantees: {},
});

const MAX_TEXT = 2_000;

export function decideExecution(
  command: ExecutionCommand,
  state: ExecutionState,
  { now }: DecisionContext,
): ExecutionEvent[] {
  const decide = DECISIONS[command.type] as (
    c: ExecutionCommand,
    s: ExecutionState,
    at: IsoDateTime,
  ) => ExecutionEvent[];
  return decide(command, state, now.toISOString());
}

const DECISIONS: {
  [T in ExecutionCommand['type']]: (
    c: Extract<ExecutionCommand, { type: T }>,
    s: ExecutionState,
    at: IsoDateTime,
  ) => ExecutionEvent[];
} = {
  ScheduleDelivery: scheduleDelivery,
  RecordReceipt: recordReceipt,
  RegisterInvoice: registerInvoice,
  ReviewInvoice: reviewInvoice,
  RecordPayment: recordPayment,
  SetPenaltyCap: setPenaltyCap,
  ApplyPenalty: applyPenalty,
  RecordGuarantee: recordGuarantee,
  ReleaseGuarantee: releaseGuarantee,
};

export function evolveExecution(state: ExecutionState, event: ExecutionEvent): ExecutionState {
  switch (event.type) {
    case 'DeliveryScheduled': {
      const { deliveryId, itemId, quantity, unit, place, dueDate } = event.data;
      const delivery = {
        deliveryId,
        itemId,
        quantity,
        unit,
        place,
        dueDate,
        accepted: 0,
        rejected: 0,
        completedAt: null,
      };
      return { ...state, deliveries: { ...state.deliveries, [deliveryId]: delivery } };
    }
    case 'DeliveryReceived': {
      const { deliveryId, quantity, outcome, receivedAt, receiptId } = event.data;
      const delivery = state.deliveries[deliveryId];
      const accepted = delivery.accepted + (outcome === 'accepted' ? quantity : 0);
      const rejected = delivery.rejected + (outcome === 'rejected' ? quantity : 0);
      const complete = delivery.completedAt ?? (accepted >= delivery.quantity ? receivedAt : null);
      return {
        ...state,
        receiptIds: [...state.receiptIds, receiptId],
        deliveries: { ...state.deliveries, [deliveryId]: { ...delivery, accepted, rejected, completedAt: complete } },
      };
    }
    case 'InvoiceRegistered': {
      const { invoiceId, cfdiUuid, amount } = event.data;
      const blank = { acceptedAt: null, paymentDueDate: null, paid: 0, paidAt: null };
      const invoice: InvoiceState = { invoiceId, cfdiUuid, amount, status: 'registered', ...blank };
      return { ...state, invoices: { ...state.invoices, [invoiceId]: invoice } };
    }
    case 'InvoiceAccepted': {
      const invoice = state.invoices[event.data.invoiceId];
      const accepted = {
        ...invoice,
        status: 'accepted' as const,
        acceptedAt: event.data.acceptedAt,
        paymentDueDate: event.data.paymentDueDate,
      };
      return { ...state, invoices: { ...state.invoices, [invoice.invoiceId]: accepted } };
    }
    case 'InvoiceRejected': {
      const invoice = state.invoices[event.data.invoiceId];
      return { ...state, invoices: { ...state.invoices, [invoice.invoiceId]: { ...invoice, status: 'rejected' } } };
    }
    case 'PaymentRecorded': {
      const invoice = state.invoices[event.data.invoiceId];
      const paid = invoice.paid + event.data.amount;
      const paidAt = paid >= invoice.amount ? event.data.paidAt : null;
      return {
        ...state,
        paymentIds: [...state.paymentIds, event.data.paymentId],
        invoices: { ...state.invoices, [invoice.invoiceId]: { ...invoice, paid, paidAt } },
      };
    }
    case 'PenaltyCapSet':
      return { ...state, penaltyCap: event.data.cap };
    case 'PenaltyApplied':
      return { ...state, penalties: { ...state.penalties, [event.data.penaltyId]: event.data.amount } };
    case 'GuaranteeRecorded':
      return {
        ...state,
        guarantees: { ...state.guarantees, [event.data.guaranteeId]: { amount: event.data.amount, released: false } },
      };
    case 'GuaranteeReleased': {
      const guarantee = state.guarantees[event.data.guaranteeId];
      return {
        ...state,
        guarantees: { ...state.guarantees, [event.data.guaranteeId]: { ...guarantee, released: true } },
      };
    }
  }
}

export const executionDecider: Decider<ExecutionCommand, ExecutionEvent, ExecutionState> = {
  initialState: initialExecutionState,
  decide: decideExecution,
  evolve: evolveExecution,
};

/** The tighter of the cap the contract states and the guarantees recorded (LAASSP art. 53); null before either. */
export function penaltyCapOf(state: ExecutionState): number | null {
  const guarantees = Object.values(state.guarantees);
  const guaranteed = guarantees.length > 0 ? guarantees.reduce((sum, g) => sum + g.amount, 0) : null;
  const caps = [state.penaltyCap, guaranteed].filter((cap): cap is number => cap !== null);
  return caps.length > 0 ? Math.min(...caps) : null;
}

export const penaltyTotal = (state: ExecutionState): number =>
  Object.values(state.penalties).reduce((sum, amount) => sum + amount, 0);

/** Schedule, receipts and penalties belong to a running contract; invoices and payments may follow its end. */
function whileActive(contract: ContractFacts, command: string): void {
  if (contract.status !== 'active')
    throw conflict('execution.contract_not_active', `${command} needs an active contract`, {
      status: contract.status,
    });
}

/** Late when the Mexico City date of `instant` is after the due date. */
const lateOn = (dueDate: string, instantValue: IsoDateTime): boolean => daysAfter(dueDate, instantValue) > 0;

function calendarDate(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) return value;
  throw invalid('execution.invalid_date', 'a due date is YYYY-MM-DD', { dueDate: value });
}

function positiveQuantity(quantity: unknown): void {
  if (!validQuantity(quantity))
    throw invalid('execution.invalid_quantity', 'a quantity is positive (up to three decimals)');
}

function positiveAmount(amount: unknown): number {
  if (Number.isSafeInteger(amount) && (amount as number) > 0) return amount as number;
  throw invalid('execution.invalid_amount', 'an amount is a positive integer of centavos', { amount });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** SAT's folio fiscal: a UUID, compared in lower case. */
function normalizedUuid(value: unknown): InvoiceRegistered['data']['cfdiUuid'] {
  const uuid = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!UUID.test(uuid)) throw invalid('execution.invalid_cfdi_uuid', 'the CFDI folio fiscal is a UUID');
  return uuid;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, MAX_TEXT) : null;
}

function oneDocument(document: DocumentRef | null | undefined): DocumentRef | null {
  if (!document) return null;
  return checkDocuments([document], 'execution.invalid_document')[0];
}

function withDocuments(documents: DocumentRef[] | undefined): { documents?: DocumentRef[] } {
  const checked = checkDocuments(documents ?? [], 'execution.invalid_document');
  return checked.length > 0 ? { documents: checked } : {};
}

function scheduleDelivery(command: ScheduleDelivery, state: ExecutionState, at: IsoDateTime): ExecutionEvent[] {
  const { contract } = command;
  const contractId = contract.contractId;
  if (state.deliveries[command.deliveryId]) return [];
  whileActive(contract, command.type);
  const item = contract.items.find((i) => i.itemId === command.itemId);
  if (!item) throw invalid('execution.unknown_item', `the contract has no item ${command.itemId}`);
  positiveQuantity(command.quantity);
  const scheduled = Object.values(state.deliveries)
    .filter((d) => d.itemId === item.itemId)
    .reduce((sum, d) => sum + d.quantity, 0);
  if (Math.round((scheduled + command.quantity) * 1000) > Math.round(item.quantity * 1000))
    throw invalid('execution.schedule_exceeds_quantity', 'the schedule would deliver more than the contract', {
      itemId: item.itemId,
      contracted: item.quantity,
      scheduled,
    });
  return [
    {
      type: 'DeliveryScheduled',
      data: {
        contractId,
        deliveryId: checkId(command.deliveryId, 'deliveryId'),
        itemId: item.itemId,
        quantity: command.quantity,
        unit: item.unit,
        place: requiredText(command.place, 'place', MAX_TEXT, 'execution.place_required'),
        dueDate: calendarDate(command.dueDate),
        scheduledAt: at,
      },
    },
  ];
}

function recordReceipt(command: RecordReceipt, state: ExecutionState, at: IsoDateTime): ExecutionEvent[] {
  const { contract } = command;
  const contractId = contract.contractId;
  if (state.receiptIds.includes(command.receiptId)) return [];
  whileActive(contract, command.type);
  const delivery = state.deliveries[command.deliveryId];
  if (!delivery) throw notFound('execution.delivery_not_found', `there is no delivery ${command.deliveryId}`);
  positiveQuantity(command.quantity);
  const rejected = command.outcome === 'rejected';
  if (command.outcome !== 'accepted' && !rejected)
    throw invalid('execution.invalid_outcome', 'a receipt is accepted or rejected');
  if (!rejected && Math.round((delivery.accepted + command.quantity) * 1000) > Math.round(delivery.quantity * 1000))
    throw invalid('execution.receipt_exceeds_delivery', 'more than the delivery is pending', {
      pending: delivery.quantity - delivery.accepted,
    });
  const receivedAt = command.receivedAt ? instant(command.receivedAt, 'receivedAt') : at;
  if (Date.parse(receivedAt) > Date.parse(at))
    throw invalid('execution.date_in_future', 'a receipt is recorded once it happened', { receivedAt });
  return [
    {
      type: 'DeliveryReceived',
      data: {
        contractId,
        receiptId: checkId(command.receiptId, 'receiptId'),
        deliveryId: delivery.deliveryId,
        quantity: command.quantity,
        outcome: command.outcome,
        reason: rejected
          ? requiredText(command.reason, 'reason', MAX_TEXT, 'execution.reason_required')
          : optionalText(command.reason),
        receivedAt,
        recordedAt: at,
        ...withDocuments(command.documents),
      },
    },
  ];
}

function registerInvoice(command: RegisterInvoice, state: ExecutionState, at: IsoDateTime): ExecutionEvent[] {
  const { contract } = command;
  const contractId = contract.contractId;
  const existing = state.invoices[command.invoiceId];
  if (existing) {
    if (existing.cfdiUuid === normalizedUuid(command.cfdiUuid)) return [];
    throw conflict('execution.invoice_exists', `invoice ${command.invoiceId} exists`);
  }
  const cfdiUuid = normalizedUuid(command.cfdiUuid);
  if (Object.values(state.invoices).some((i) => i.cfdiUuid === cfdiUuid && i.status !== 'rejected'))
    throw conflict('execution.duplicate_cfdi', 'this CFDI is already registered', { cfdiUuid });
  const amount = positiveAmount(command.amount);
  const invoiced = Object.values(state.invoices)
    .filter((i) => i.status !== 'rejected')
    .reduce((sum, i) => sum + i.amount, 0);
  // Refused rather than flagged: an invoice beyond what the contract (as amended) still owes is the supplier's
  // error to fix, and accepting it would put a debt the contract does not hold into the public record.
  if (invoiced + amount > contract.ceiling)
    throw invalid('execution.invoice_exceeds_contract', 'the invoices would exceed the contract amount', {
      amount,
      invoiced,
      remaining: contract.ceiling - invoiced,
      currency: contract.currency,
    });
  const issuedAt = instant(command.issuedAt, 'issuedAt');
  if (Date.parse(issuedAt) > Date.parse(at))
    throw invalid('execution.date_in_future', 'an invoice is registered once issued', { issuedAt });
  return [
    {
      type: 'InvoiceRegistered',
      data: {
        contractId,
        invoiceId: checkId(command.invoiceId, 'invoiceId'),
        supplierId: contract.supplierId,
        cfdiUuid,
        folio: requiredText(command.folio, 'folio', 100, 'execution.folio_required'),
        amount,
        currency: contract.currency,
        issuedAt,
        registeredAt: at,
        xml: oneDocument(command.xml),
      },
    },
  ];
}

function reviewInvoice(command: ReviewInvoice, state: ExecutionState, at: IsoDateTime): ExecutionEvent[] {
  const { contract } = command;
  const contractId = contract.contractId;
  const invoice = state.invoices[command.invoiceId];
  if (!invoice) throw notFound('execution.invoice_not_found', `there is no invoice ${command.invoiceId}`);
  if (invoice.status === command.decision) return [];
  if (invoice.status !== 'registered')
    throw conflict('execution.invoice_already_reviewed', `the invoice is ${invoice.status}`, {
      status: invoice.status,
    });
  if (command.decision === 'accepted')
    return [
      {
        type: 'InvoiceAccepted',
        data: { contractId, invoiceId: invoice.invoiceId, acceptedAt: at, paymentDueDate: paymentDueDate(at) },
      },
    ];
  if (command.decision !== 'rejected') throw invalid('execution.invalid_decision', 'accepted or rejected');
  const reason = requiredText(command.reason, 'reason', MAX_TEXT, 'execution.reason_required');
  return [{ type: 'InvoiceRejected', data: { contractId, invoiceId: invoice.invoiceId, reason, rejectedAt: at } }];
}

function recordPayment(command: RecordPayment, state: ExecutionState, at: IsoDateTime): ExecutionEvent[] {
  const { contract } = command;
  const contractId = contract.contractId;
  if (state.paymentIds.includes(command.paymentId)) return [];
  const invoice = state.invoices[command.invoiceId];
  if (!invoice) throw notFound('execution.invoice_not_found', `there is no invoice ${command.invoiceId}`);
  if (invoice.status !== 'accepted')
    throw conflict('execution.invoice_not_accepted', 'a payment is for an accepted invoice', {
      status: invoice.status,
    });
  const amount = positiveAmount(command.amount);
  if (invoice.paid + amount > invoice.amount)
    throw invalid('execution.payment_exceeds_invoice', 'the payments would exceed the invoice', {
      outstanding: invoice.amount - invoice.paid,
    });
  const paidAt = command.paidAt ? instant(command.paidAt, 'paidAt') : at;
  if (Date.parse(paidAt) > Date.parse(at))
    throw invalid('execution.date_in_future', 'a payment is recorded once made', { paidAt });
  return [
    {
      type: 'PaymentRecorded',
      data: {
        contractId,
        paymentId: checkId(command.paymentId, 'paymentId'),
        invoiceId: invoice.invoiceId,
        amount,
        currency: contract.currency,
        paidAt,
        recordedAt: at,
        buyingUnitId: contract.buyingUnitId,
        supplierId: contract.supplierId,
      },
    },
  ];
}

function setPenaltyCap(command: SetPenaltyCap, state: ExecutionState, at: IsoDateTime): ExecutionEvent[] {
  const { contract } = command;
  const contractId = contract.contractId;
  whileActive(contract, command.type);
  const cap = positiveAmount(command.cap);
  if (cap > contract.ceiling)
    throw invalid('execution.penalty_cap_above_contract', 'the cap is above the contract amount');
  if (cap < penaltyTotal(state))
    throw conflict('execution.penalty_cap_below_applied', 'penalties already applied exceed this cap', {
      applied: penaltyTotal(state),
    });
  if (state.penaltyCap === cap) return [];
  const reason = requiredText(command.reason, 'reason', MAX_TEXT, 'execution.reason_required');
  return [{ type: 'PenaltyCapSet', data: { contractId, cap, currency: contract.currency, reason, setAt: at } }];
}

function applyPenalty(command: ApplyPenalty, state: ExecutionState, at: IsoDateTime): ExecutionEvent[] {
  const { contract } = command;
  const contractId = contract.contractId;
  if (state.penalties[command.penaltyId] !== undefined) return [];
  const delivery = state.deliveries[command.deliveryId];
  if (!delivery) throw notFound('execution.delivery_not_found', `there is no delivery ${command.deliveryId}`);
  const late = lateOn(delivery.dueDate, delivery.completedAt ?? at);
  if (!late) throw conflict('execution.delivery_not_late', 'a penalty is for a late delivery');
  const cap = penaltyCapOf(state);
  if (cap === null) throw conflict('execution.penalty_cap_missing', 'set the penalty cap the contract states first');
  const amount = positiveAmount(command.amount);
  if (penaltyTotal(state) + amount > cap)
    throw invalid('execution.penalty_cap_exceeded', 'the penalties would exceed their cap (LAASSP art. 53)', {
      cap,
      applied: penaltyTotal(state),
    });
  const reason = requiredText(command.reason, 'reason', MAX_TEXT, 'execution.reason_required');
  return [
    {
      type: 'PenaltyApplied',
      data: {
        contractId,
        penaltyId: checkId(command.penaltyId, 'penaltyId'),
        deliveryId: delivery.deliveryId,
        amount,
        currency: contract.currency,
        reason,
        appliedAt: at,
      },
    },
  ];
}

function recordGuarantee(command: RecordGuarantee, state: ExecutionState, at: IsoDateTime): ExecutionEvent[] {
  const { contract } = command;
  const contractId = contract.contractId;
  if (state.guarantees[command.guaranteeId]) return [];
  whileActive(contract, command.type);
  const amount = positiveAmount(command.amount);
  if (amount > contract.ceiling)
    throw invalid('execution.guarantee_above_contract', 'the guarantee is above the contract amount');
  return [
    {
      type: 'GuaranteeRecorded',
      data: {
        contractId,
        guaranteeId: checkId(command.guaranteeId, 'guaranteeId'),
        amount,
        currency: contract.currency,
        issuer: requiredText(command.issuer, 'issuer', 300, 'execution.issuer_required'),
        policyNumber: requiredText(command.policyNumber, 'policyNumber', 100, 'execution.policy_number_required'),
        document: oneDocument(command.document),
        recordedAt: at,
      },
    },
  ];
}

function releaseGuarantee(command: ReleaseGuarantee, state: ExecutionState, at: IsoDateTime): ExecutionEvent[] {
  const { contract } = command;
  const contractId = contract.contractId;
  const guarantee = state.guarantees[command.guaranteeId];
  if (!guarantee) throw notFound('execution.guarantee_not_found', `there is no guarantee ${command.guaranteeId}`);
  if (guarantee.released) return [];
  // The fianza answers for the contract's fulfilment: it is released once the contract is completed.
  if (contract.status !== 'completed')
    throw conflict('execution.contract_not_completed', 'a guarantee is released once the contract is completed', {
      status: contract.status,
    });
  const reason = requiredText(command.reason, 'reason', MAX_TEXT, 'execution.reason_required');
  return [
    {
      type: 'GuaranteeReleased',
      data: {
        contractId,
        guaranteeId: command.guaranteeId,
        reason,
        document: oneDocument(command.document),
        releasedAt: at,
      },
    },
  ];
}
