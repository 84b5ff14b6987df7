import { answeredBy } from '@licita/platform';
import { SupplierExports } from '../supplier-export';
import { SupplierQueries } from '../supplier-queries';
import * as asked from './supplier.queries';

/** One handler per supplier query, each answered by the directory's reader. */
export const SUPPLIER_QUERY_HANDLERS = [
  answeredBy(asked.SearchSuppliers, SupplierQueries, (queries, { search, viewer }) =>
    queries.directory(search, viewer),
  ),
  answeredBy(asked.ExportSuppliers, SupplierExports, (exports, { filter, viewer, language }) =>
    exports.source(filter, viewer, language),
  ),
  answeredBy(asked.ExportSanctions, SupplierExports, (exports, { search, now, language }) =>
    exports.sanctions(search, now, language),
  ),
  answeredBy(asked.SupplierById, SupplierQueries, (queries, { supplierId, viewer, now }) =>
    queries.profile(supplierId, viewer, now),
  ),
  answeredBy(asked.SearchSanctions, SupplierQueries, (queries, { search, now }) => queries.sanctions(search, now)),
];
