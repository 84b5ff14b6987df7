import type { Money } from '@licita/shared';
import type { QuotationLaw } from './thresholds';

export const quotationRequestStream = (rfqId: string) => `rfq-${rfqId}`;

export type IsoDateTime = string;

/** AES-256-GCM box, the same shape as a tender proposal's (libs/tendering/domain/sealing.ts seals and opens it). */
export type SealedBox = {
  tenderKeyId: string;
  algorithm: 'aes-256-gcm';
  iv: string;
  ciphertext: string;
  authTag: string;
};

/** Who may quote: every supplier registered for the code, or only the ones named (a framework's, for a mini-competition). */
export type Audience = { kind: 'classifier' } | { kind: 'invited'; supplierIds: string[] };

/** A mini-competition's framework agreement and the agreement item whose price is not fixed. */
export type FrameworkLink = { agreementId: string; ocid: string; itemId: string };

export type QuotationRequestKind = 'quick' | 'mini_competition';

export type QuotationRequestPublished = {
  type: 'QuotationRequestPublished';
  data: {
    rfqId: string;
    kind: QuotationRequestKind;
    buyingUnitId: string;
    law: QuotationLaw;
    title: string;
    description: string;
    classifierCode: string;
    quantity: number;
    unit: string;
    /** What the buyer expects to pay in all: at most `threshold` for a quick quotation. */
    estimatedValue: Money;
    /** The ceiling in force when it was published (null for a mini-competition: the agreement bounds it). */
    threshold: Money | null;
    audience: Audience;
    framework: FrameworkLink | null;
    deadline: IsoDateTime;
    /** Names the data key that seals the quotations (never the key itself). */
    keyId: string;
    publishedAt: IsoDateTime;
  };
};

/** A supplier's sealed quotation (or its replacement: `replaces` names the one it supersedes). Nothing readable. */
export type QuotationSubmitted = {
  type: 'QuotationSubmitted';
  data: {
    rfqId: string;
    quotationId: string;
    supplierId: string;
    commitment: string;
    sealed: SealedBox;
    replaces: string | null;
    submittedAt: IsoDateTime;
  };
};

export type RevealedQuotation = {
  quotationId: string;
  supplierId: string;
  amount: Money;
  notes: string;
  submittedAt: IsoDateTime;
};

/** At or after the deadline, every quotation in force revealed at once (each matched its commitment). */
export type QuotationsOpened = {
  type: 'QuotationsOpened';
  data: { rfqId: string; openedAt: IsoDateTime; quotations: RevealedQuotation[] };
};

/** The deadline passed without quotations. */
export type QuotationRequestDeserted = {
  type: 'QuotationRequestDeserted';
  data: { rfqId: string; desertedAt: IsoDateTime };
};

export type QuotationMarkedNonCompliant = {
  type: 'QuotationMarkedNonCompliant';
  data: { rfqId: string; quotationId: string; supplierId: string; reason: string; markedAt: IsoDateTime };
};

/** The order to the lowest compliant quotation; against the agreement for a mini-competition. */
export type PurchaseOrderIssued = {
  type: 'PurchaseOrderIssued';
  data: {
    rfqId: string;
    orderId: string;
    kind: QuotationRequestKind;
    buyingUnitId: string;
    supplierId: string;
    quotationId: string;
    classifierCode: string;
    amount: Money;
    framework: (FrameworkLink & { frameworkOrderId: string }) | null;
    issuedAt: IsoDateTime;
  };
};

export type QuotationEvent =
  | QuotationRequestPublished
  | QuotationSubmitted
  | QuotationsOpened
  | QuotationRequestDeserted
  | QuotationMarkedNonCompliant
  | PurchaseOrderIssued;

export const QUOTATION_EVENT_TYPES: ReadonlyArray<QuotationEvent['type']> = [
  'QuotationRequestPublished',
  'QuotationSubmitted',
  'QuotationsOpened',
  'QuotationRequestDeserted',
  'QuotationMarkedNonCompliant',
  'PurchaseOrderIssued',
];
