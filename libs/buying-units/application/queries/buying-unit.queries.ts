import { queryOf } from '@licita/platform';
import type { BuyingUnitPage, BuyingUnitSearch, BuyingUnitView } from '../buying-unit-queries';

/** The public list of buying units, ordered by code (a projection: eventually consistent). */
export class SearchBuyingUnits extends queryOf<BuyingUnitPage, { search: BuyingUnitSearch }>('search') {}

/** One buying unit; `buying_unit.not_found` (404). */
export class BuyingUnitById extends queryOf<BuyingUnitView, { buyingUnitId: string }>('buyingUnitId') {}
