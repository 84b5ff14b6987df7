import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SupplierQueries } from '../supplier-queries';
import { SearchSanctions, SearchSuppliers, SupplierById } from './supplier.queries';

@QueryHandler(SearchSuppliers)
export class SearchSuppliersHandler implements IQueryHandler<SearchSuppliers> {
  constructor(private readonly queries: SupplierQueries) {}

  execute({ search, viewer }: SearchSuppliers) {
    return this.queries.directory(search, viewer);
  }
}

@QueryHandler(SupplierById)
export class SupplierByIdHandler implements IQueryHandler<SupplierById> {
  constructor(private readonly queries: SupplierQueries) {}

  execute({ supplierId, viewer, now }: SupplierById) {
    return this.queries.profile(supplierId, viewer, now);
  }
}

@QueryHandler(SearchSanctions)
export class SearchSanctionsHandler implements IQueryHandler<SearchSanctions> {
  constructor(private readonly queries: SupplierQueries) {}

  execute({ search, now }: SearchSanctions) {
    return this.queries.sanctions(search, now);
  }
}
