import { answeredBy } from '@licita/platform';
import { BuyingUnitQueries } from '../buying-unit-queries';
import * as asked from './buying-unit.queries';

/** One handler per buying-unit query, each answered by the list's reader. */
export const BUYING_UNIT_QUERY_HANDLERS = [
  answeredBy(asked.SearchBuyingUnits, BuyingUnitQueries, (queries, { search }) => queries.search(search)),
  answeredBy(asked.ExportBuyingUnits, BuyingUnitQueries, (queries, { filter, language }) =>
    queries.exportSource(filter, language),
  ),
  answeredBy(asked.BuyingUnitById, BuyingUnitQueries, (queries, { buyingUnitId }) => queries.get(buyingUnitId)),
];
