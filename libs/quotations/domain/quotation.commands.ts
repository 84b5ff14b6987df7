import type { Money } from '@licita/shared';
import type { Audience, FrameworkLink, QuotationRequestKind, SealedBox } from './quotation.events';
import type { QuotationLaw } from './thresholds';

export type PublishQuotationRequest = {
  type: 'PublishQuotationRequest';
  rfqId: string;
  kind: QuotationRequestKind;
  buyingUnitId: string;
  law: QuotationLaw;
  title: string;
  description: string;
  classifierCode: string;
  quantity: number;
  unit: string;
  estimatedValue: Money;
  audience: Audience;
  framework: FrameworkLink | null;
  deadline: string;
  keyId: string;
};

/** `eligible`: the handler's finding that the supplier may quote now (verified, not sanctioned, in the audience). */
export type SubmitQuotation = {
  type: 'SubmitQuotation';
  rfqId: string;
  quotationId: string;
  supplierId: string;
  commitment: string;
  sealed: SealedBox;
  eligibility: 'eligible' | 'not_eligible' | 'not_invited';
};

/** What the sealed quotation says: the total for the whole request, notes, and a salt against guessing. */
export type QuotationContent = { amount: Money; notes: string; salt: string };

export type OpenQuotations = {
  type: 'OpenQuotations';
  rfqId: string;
  revealed: Array<{ quotationId: string; content: QuotationContent }>;
};

export type MarkQuotationNonCompliant = {
  type: 'MarkQuotationNonCompliant';
  rfqId: string;
  quotationId: string;
  reason: string;
};

export type IssuePurchaseOrder = {
  type: 'IssuePurchaseOrder';
  rfqId: string;
  orderId: string;
  /** For a mini-competition: the order the framework agreement recorded (PlaceFrameworkOrder). */
  frameworkOrderId?: string;
};

export type QuotationCommand =
  PublishQuotationRequest | SubmitQuotation | OpenQuotations | MarkQuotationNonCompliant | IssuePurchaseOrder;
