import type { DecimalMoney } from '../domain/decimal-amount';
import type { OrderOrigin } from '../domain/framework.events';

/** A framework agreement as GetFrameworkAgreementQuery answers it (amounts as decimal strings). */
export type FrameworkAgreementView = {
  agreementId: string;
  /** The ocid of the procedure the agreement results from (OCDS: the framework's contracting process). */
  ocid: string;
  tenderId: string;
  title: string;
  status: 'pending' | 'active' | 'expired';
  validFrom: string;
  validTo: string;
  centralBuyingUnitId: string;
  authorisedBuyingUnitIds: string[] | 'all';
  regions: string[];
  suppliers: Array<{ supplierId: string }>;
  items: Array<{
    itemId: string;
    classification: { scheme: string; id: string };
    description: string;
    unit: string;
    priceFixed: boolean;
    /** Fixed prices only; an item with `priceFixed: false` has none. */
    prices: Array<{ supplierId: string; unitPrice: DecimalMoney }>;
    /** The suppliers that offer the item (for a mini-competition: whom to invite). */
    offeredBy: string[];
    maxQuantity: number | null;
    orderedQuantity: number;
  }>;
  ceilings: DecimalMoney[];
  remaining: DecimalMoney[];
  orders: FrameworkOrderView[];
};

export type FrameworkOrderView = {
  orderId: string;
  ocid: string;
  buyingUnitId: string;
  supplierId: string;
  status: 'placed' | 'accepted' | 'rejected';
  rejectionReason: string | null;
  origin: OrderOrigin;
  placedAt: string;
  lines: Array<{ itemId: string; quantity: number; unitPrice: DecimalMoney; total: DecimalMoney }>;
  totals: DecimalMoney[];
};
