/**
 * The quotations context: quick quotations (cotizaciones ágiles) under a configured threshold and
 * mini-competitions among a framework agreement's suppliers. A request for quotations lives in `rfq-<id>`; its
 * quotations are sealed like tender proposals until the deadline; the lowest compliant one gets the order.
 */
export { QuotationsModule } from './quotations.module';
export * from './application/quotation.commands';
export * from './application/quotation.queries';
export type {
  QuotationRequestPage,
  QuotationRequestSummary,
  SupplierQuotationRequest,
} from './application/quotation-queries';
export * from './domain/quotation.events';
export { createQuotationDecider, rank, winnerOf, type QuotationRequestState } from './domain/quotation.decider';
export * from './domain/thresholds';
