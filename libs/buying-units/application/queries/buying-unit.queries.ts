import { queryOf } from '@licita/platform';
import { Query } from '@nestjs/cqrs';
import type { ExportSource } from '@licita/platform';
import type { BuyingUnitFilter, BuyingUnitPage, BuyingUnitSearch, BuyingUnitView } from '../buying-unit-queries';

/** The public list of buying units, ordered by code (a projection: eventually consistent). */
export class SearchBuyingUnits extends queryOf<BuyingUnitPage, { search: BuyingUnitSearch }>('search') {}

/** One buying unit; `buying_unit.not_found` (404). */
export class BuyingUnitById extends queryOf<BuyingUnitView, { buyingUnitId: string }>('buyingUnitId') {}

/** The list's rows for a search, as a file to export (headers in `language`). */
export class ExportBuyingUnits extends Query<ExportSource<never>> {
  constructor(
    readonly filter: BuyingUnitFilter,
    readonly language: 'es' | 'en',
  ) {
    super();
  }
}
