import { Query } from '@nestjs/cqrs';
import type { BuyingUnitPage, BuyingUnitSearch, BuyingUnitView } from '../buying-unit-queries';

/** The public list of buying units, ordered by code (a projection: eventually consistent). */
export class SearchBuyingUnits extends Query<BuyingUnitPage> {
  constructor(readonly search: BuyingUnitSearch) {
    super();
  }
}

/** One buying unit; `buying_unit.not_found` (404). */
export class BuyingUnitById extends Query<BuyingUnitView> {
  constructor(readonly buyingUnitId: string) {
    super();
  }
}
