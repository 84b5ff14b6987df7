import type { DocumentRef, IsoDateTime } from '@licita/tendering';

export type { DocumentRef, IsoDateTime };

/** The execution of one contract has its own stream: the contract stream keeps signature, amendments and ending. */
export const executionStream = (contractId: string) => `contract-execution-${contractId}`;

/**
 * What the execution needs to know of its contract, read by the handler from the contract's own stream (as
 * signed and amended) and handed to `decide` inside each command, so `decide` stays pure.
 */
export type ContractFacts = {
  contractId: string;
  buyingUnitId: string;
  supplierId: string;
  status: 'active' | 'completed' | 'terminated';
  /** The current amount (as amended), in centavos; for an open contract, its maximum when it has one. */
  ceiling: number;
  currency: string;
  items: Array<{ itemId: string; quantity: number; unit: string }>;
};

export type ReceiptOutcome = 'accepted' | 'rejected';

type WithContract = { contract: ContractFacts };

/** A delivery of the schedule: how much of an item, where, by when (the end of that Mexico City day). */
export type ScheduleDelivery = WithContract & {
  type: 'ScheduleDelivery';
  deliveryId: string;
  itemId: string;
  quantity: number;
  place: string;
  /** `YYYY-MM-DD`, a Mexico City date. */
  dueDate: string;
};
/** The buyer receives (all or part of) a delivery, or rejects what arrived, with the reason. */
export type RecordReceipt = WithContract & {
  type: 'RecordReceipt';
  receiptId: string;
  deliveryId: string;
  quantity: number;
  outcome: ReceiptOutcome;
  /** When it arrived; absent: now (the command's time). */
  receivedAt?: IsoDateTime | null;
  reason?: string | null;
  documents?: DocumentRef[];
};
/** The supplier registers its CFDI: SAT's folio fiscal (UUID), its own series/folio, the total, and the XML. */
export type RegisterInvoice = WithContract & {
  type: 'RegisterInvoice';
  invoiceId: string;
  cfdiUuid: string;
  folio: string;
  amount: number;
  issuedAt: IsoDateTime;
  /** The CFDI's XML (an upload of the supplier): kept for the parties, never published. */
  xml?: DocumentRef | null;
};
/** The buyer accepts the invoice (the day the payment term starts, LAASSP art. 51) or rejects it with the reason. */
export type ReviewInvoice = WithContract & {
  type: 'ReviewInvoice';
  invoiceId: string;
  decision: 'accepted' | 'rejected';
  reason?: string | null;
};
export type RecordPayment = WithContract & {
  type: 'RecordPayment';
  paymentId: string;
  invoiceId: string;
  amount: number;
  /** When it was paid; absent: now (the command's time). */
  paidAt?: IsoDateTime | null;
};
/** The conventional penalties' ceiling as the contract states it (LAASSP art. 53). */
export type SetPenaltyCap = WithContract & { type: 'SetPenaltyCap'; cap: number; reason: string };
export type ApplyPenalty = WithContract & {
  type: 'ApplyPenalty';
  penaltyId: string;
  deliveryId: string;
  amount: number;
  reason: string;
};
/** The performance guarantee (fianza de cumplimiento): its amount, who issued it, its document. */
export type RecordGuarantee = WithContract & {
  type: 'RecordGuarantee';
  guaranteeId: string;
  amount: number;
  issuer: string;
  policyNumber: string;
  document?: DocumentRef | null;
};
export type ReleaseGuarantee = WithContract & {
  type: 'ReleaseGuarantee';
  guaranteeId: string;
  reason: string;
  document?: DocumentRef | null;
};

export type ExecutionCommand =
  | ScheduleDelivery
  | RecordReceipt
  | RegisterInvoice
  | ReviewInvoice
  | RecordPayment
  | SetPenaltyCap
  | ApplyPenalty
  | RecordGuarantee
  | ReleaseGuarantee;

type Event<T extends string, D> = { type: T; data: { contractId: string } & D };
export type DeliveryScheduled = Event<
  'DeliveryScheduled',
  Omit<ScheduleDelivery, 'type' | 'contract' | 'quantity'> & {
    quantity: number;
    unit: string;
    scheduledAt: IsoDateTime;
  }
>;
export type DeliveryReceived = Event<
  'DeliveryReceived',
  {
    receiptId: string;
    deliveryId: string;
    quantity: number;
    outcome: ReceiptOutcome;
    reason: string | null;
    receivedAt: IsoDateTime;
    recordedAt: IsoDateTime;
    documents?: DocumentRef[];
  }
>;
export type InvoiceRegistered = Event<
  'InvoiceRegistered',
  {
    invoiceId: string;
    supplierId: string;
    cfdiUuid: string;
    folio: string;
    amount: number;
    currency: string;
    issuedAt: IsoDateTime;
    registeredAt: IsoDateTime;
    xml: DocumentRef | null;
  }
>;
export type InvoiceAccepted = Event<
  'InvoiceAccepted',
  { invoiceId: string; acceptedAt: IsoDateTime; paymentDueDate: string }
>;
export type InvoiceRejected = Event<'InvoiceRejected', { invoiceId: string; reason: string; rejectedAt: IsoDateTime }>;
export type PaymentRecorded = Event<
  'PaymentRecorded',
  {
    paymentId: string;
    invoiceId: string;
    amount: number;
    currency: string;
    paidAt: IsoDateTime;
    recordedAt: IsoDateTime;
    buyingUnitId: string;
    supplierId: string;
  }
>;
export type PenaltyCapSet = Event<
  'PenaltyCapSet',
  { cap: number; currency: string; reason: string; setAt: IsoDateTime }
>;
export type PenaltyApplied = Event<
  'PenaltyApplied',
  { penaltyId: string; deliveryId: string; amount: number; currency: string; reason: string; appliedAt: IsoDateTime }
>;
export type GuaranteeRecorded = Event<
  'GuaranteeRecorded',
  {
    guaranteeId: string;
    amount: number;
    currency: string;
    issuer: string;
    policyNumber: string;
    document: DocumentRef | null;
    recordedAt: IsoDateTime;
  }
>;
export type GuaranteeReleased = Event<
  'GuaranteeReleased',
  { guaranteeId: string; reason: string; document: DocumentRef | null; releasedAt: IsoDateTime }
>;

export type ExecutionEvent =
  | DeliveryScheduled
  | DeliveryReceived
  | InvoiceRegistered
  | InvoiceAccepted
  | InvoiceRejected
  | PaymentRecorded
  | PenaltyCapSet
  | PenaltyApplied
  | GuaranteeRecorded
  | GuaranteeReleased;

export const EXECUTION_EVENT_TYPES: ReadonlyArray<ExecutionEvent['type']> = [
  'DeliveryScheduled',
  'DeliveryReceived',
  'InvoiceRegistered',
  'InvoiceAccepted',
  'InvoiceRejected',
  'PaymentRecorded',
  'PenaltyCapSet',
  'PenaltyApplied',
  'GuaranteeRecorded',
  'GuaranteeReleased',
];
