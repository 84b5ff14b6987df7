import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  QuotationQueries,
  type QuotationRequestPage,
  type QuotationRequestSummary,
  type SupplierQuotationRequest,
} from './quotation-queries';

export class QuotationRequestById extends Query<QuotationRequestPage> {
  constructor(
    readonly rfqId: string,
    readonly now: Date,
  ) {
    super();
  }
}

export class SearchQuotationRequests extends Query<QuotationRequestSummary[]> {
  constructor(
    readonly filter: { buyingUnitId?: string; classifierCode?: string },
    readonly now: Date,
  ) {
    super();
  }
}

export class SupplierQuotationRequests extends Query<SupplierQuotationRequest[]> {
  constructor(
    readonly supplierId: string,
    readonly now: Date,
  ) {
    super();
  }
}

@QueryHandler(QuotationRequestById)
export class QuotationRequestByIdHandler implements IQueryHandler<QuotationRequestById> {
  constructor(private readonly reads: QuotationQueries) {}
  execute({ rfqId, now }: QuotationRequestById) {
    return this.reads.byId(rfqId, now);
  }
}

@QueryHandler(SearchQuotationRequests)
export class SearchQuotationRequestsHandler implements IQueryHandler<SearchQuotationRequests> {
  constructor(private readonly reads: QuotationQueries) {}
  execute({ filter, now }: SearchQuotationRequests) {
    return this.reads.search(filter, now);
  }
}

@QueryHandler(SupplierQuotationRequests)
export class SupplierQuotationRequestsHandler implements IQueryHandler<SupplierQuotationRequests> {
  constructor(private readonly reads: QuotationQueries) {}
  execute({ supplierId, now }: SupplierQuotationRequests) {
    return this.reads.forSupplier(supplierId, now);
  }
}

export const QUOTATION_QUERY_HANDLERS = [
  QuotationRequestByIdHandler,
  SearchQuotationRequestsHandler,
  SupplierQuotationRequestsHandler,
];
