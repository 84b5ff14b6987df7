import type { DecimalMoney } from './decimal-amount';
import type { Classification, OrderOrigin } from './framework.events';

export type DesignateCentralPurchasingBody = {
  type: 'DesignateCentralPurchasingBody';
  buyingUnitId: string;
  /** Looked up by the handler: whether the buying unit is registered. */
  unitExists: boolean;
};

export type AgreementItemInput = {
  itemId?: string;
  classification: Classification;
  description: string;
  unit: string;
  /** Decimal unit prices per supplier; leave out (or `priceFixed: false`) for "price to be set by mini-competition". */
  priceFixed: boolean;
  prices?: Array<{ supplierId: string; unitPrice?: DecimalMoney | null }>;
  maxQuantity?: number | null;
};

/** The facts about the awarded procedure the agreement results from, looked up by the handler. */
export type ProcedureFacts = {
  buyingUnitId: string;
  /** The suppliers awarded at least one lot. */
  awardedSupplierIds: string[];
} | null;

export type EstablishFrameworkAgreement = {
  type: 'EstablishFrameworkAgreement';
  agreementId: string;
  centralBuyingUnitId: string;
  tenderId: string;
  title: string;
  validFrom: string;
  validTo: string;
  regions: string[];
  authorisedBuyingUnitIds: string[] | 'all';
  /** Of the awarded suppliers, those that are parties (default: all of them). */
  supplierIds?: string[];
  items: AgreementItemInput[];
  ceilings: DecimalMoney[];
  facts: { centralBody: boolean; procedure: ProcedureFacts; knownStateCodes: readonly string[] };
};

export type PlaceFrameworkOrder = {
  type: 'PlaceFrameworkOrder';
  agreementId: string;
  orderId: string;
  buyingUnitId: string;
  supplierId: string;
  lines: Array<{ itemId: string; quantity: number; unitPrice: DecimalMoney }>;
  origin: OrderOrigin;
  /** Looked up by the handler: the ordering unit's INEGI state key (null: the unit has no location). */
  buyingUnitStateCode: string | null;
};

export type AcceptFrameworkOrder = {
  type: 'AcceptFrameworkOrder';
  agreementId: string;
  orderId: string;
  supplierId: string;
};
export type RejectFrameworkOrder = {
  type: 'RejectFrameworkOrder';
  agreementId: string;
  orderId: string;
  supplierId: string;
  reason: string;
};

export type FrameworkAgreementCommand =
  EstablishFrameworkAgreement | PlaceFrameworkOrder | AcceptFrameworkOrder | RejectFrameworkOrder;
