import type { Money } from '@licita/shared';

export const frameworkAgreementStream = (agreementId: string) => `framework-agreement-${agreementId}`;
export const centralPurchasingBodyStream = (buyingUnitId: string) => `central-purchasing-body-${buyingUnitId}`;

type Event<T extends string, D> = { type: T; data: D };
type IsoDateTime = string;

export type Classification = { scheme: string; id: string };

/** A catalogue item as the agreement fixes it: each supplier's unit price, or none when a mini-competition sets it. */
export type AgreementItem = {
  itemId: string;
  classification: Classification;
  description: string;
  unit: string;
  /** false: "price not fixed", the price is set by a mini-competition among the agreement's suppliers. */
  priceFixed: boolean;
  /** The suppliers that offer the item; with a unit price (centavos) when `priceFixed`. */
  prices: Array<{ supplierId: string; unitPrice: Money | null }>;
  /** The most that may be ordered of the item under the agreement, all orders together (null: no item limit). */
  maxQuantity: number | null;
};

export type OrderOrigin = { kind: 'catalogue' } | { kind: 'mini-competition'; competitionId: string };
export type OrderLine = { itemId: string; quantity: number; unitPrice: Money; total: Money };

/**
 * The registrar designates a buying unit a central purchasing body (like Consip or the SHCP's Oficialía Mayor
 * for contratos marco): only such a unit may establish framework agreements.
 */
export type CentralPurchasingBodyDesignated = Event<
  'CentralPurchasingBodyDesignated',
  { buyingUnitId: string; designatedAt: IsoDateTime }
>;
export type CentralPurchasingBodyEvent = CentralPurchasingBodyDesignated;

/** The result of the central body's awarded procedure `tenderId`: its suppliers are that procedure's winners. */
export type FrameworkAgreementEstablished = Event<
  'FrameworkAgreementEstablished',
  {
    agreementId: string;
    tenderId: string;
    centralBuyingUnitId: string;
    title: string;
    validFrom: IsoDateTime;
    validTo: IsoDateTime;
    /** INEGI state keys ("09" Ciudad de México) where the units that order must be. */
    regions: string[];
    authorisedBuyingUnitIds: string[] | 'all';
    suppliers: Array<{ supplierId: string }>;
    items: AgreementItem[];
    /** The most all orders together may amount to, one per currency (centavos). */
    ceilings: Money[];
    establishedAt: IsoDateTime;
  }
>;

/** An authorised unit's order (a call-off) to one supplier; its total counts against the ceiling from now on. */
export type FrameworkOrderPlaced = Event<
  'FrameworkOrderPlaced',
  {
    agreementId: string;
    orderId: string;
    buyingUnitId: string;
    supplierId: string;
    lines: OrderLine[];
    /** Per currency. */
    totals: Money[];
    origin: OrderOrigin;
    placedAt: IsoDateTime;
  }
>;

export type FrameworkOrderAccepted = Event<
  'FrameworkOrderAccepted',
  { agreementId: string; orderId: string; supplierId: string; acceptedAt: IsoDateTime }
>;

/** The supplier declines the order, with its reason; the order's amount and quantities return to the agreement. */
export type FrameworkOrderRejected = Event<
  'FrameworkOrderRejected',
  { agreementId: string; orderId: string; supplierId: string; reason: string; rejectedAt: IsoDateTime }
>;

export type FrameworkAgreementEvent =
  FrameworkAgreementEstablished | FrameworkOrderPlaced | FrameworkOrderAccepted | FrameworkOrderRejected;

export const FRAMEWORK_EVENT_TYPES: ReadonlyArray<
  FrameworkAgreementEvent['type'] | CentralPurchasingBodyEvent['type']
> = [
  'CentralPurchasingBodyDesignated',
  'FrameworkAgreementEstablished',
  'FrameworkOrderPlaced',
  'FrameworkOrderAccepted',
  'FrameworkOrderRejected',
];
