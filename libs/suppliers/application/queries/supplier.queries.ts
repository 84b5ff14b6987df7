import { Query } from '@nestjs/cqrs';
import type { ExportSource } from '@licita/platform';
import type {
  Page,
  SanctionedSupplier,
  SupplierProfile,
  SupplierFilter,
  SupplierSearch,
  SupplierSummary,
  Viewer,
} from '../supplier-queries';

/** The supplier directory: verified and suspended suppliers to the public, every status to staff. */
export class SearchSuppliers extends Query<Page<SupplierSummary>> {
  constructor(
    readonly search: SupplierSearch,
    readonly viewer: Viewer,
  ) {
    super();
  }
}

/** The directory search's rows as a file to export, as `viewer` may see them. */
export class ExportSuppliers extends Query<ExportSource<never>> {
  constructor(
    readonly filter: SupplierFilter,
    readonly viewer: Viewer,
    readonly language: 'es' | 'en',
  ) {
    super();
  }
}

/** The sanctions directory's rows at `now` as a file to export. */
export class ExportSanctions extends Query<ExportSource<never>> {
  constructor(
    readonly search: { current?: boolean },
    readonly now: Date,
    readonly language: 'es' | 'en',
  ) {
    super();
  }
}

/** One supplier's profile as `viewer` may see it at `now`; `supplier.not_found` (404) otherwise. */
export class SupplierById extends Query<SupplierProfile> {
  constructor(
    readonly supplierId: string,
    readonly viewer: Viewer,
    readonly now: Date,
  ) {
    super();
  }
}

/** The public directory of sanctioned suppliers at `now`, current and historic. */
export class SearchSanctions extends Query<Page<SanctionedSupplier>> {
  constructor(
    readonly search: { current?: boolean; cursor?: string; limit?: number },
    readonly now: Date,
  ) {
    super();
  }
}
