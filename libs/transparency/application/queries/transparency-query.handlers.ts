import { answeredBy } from '@licita/platform';
import { IntegrityIndicators } from '../integrity';
import { TransparencyProfiles } from '../profiles';
import { PublicTenders } from '../public-tenders';
import { TransparencyStatistics } from '../statistics';
import { ProfileExports } from '../profile-export';
import { TenderExports } from '../tender-export';
import * as asked from './transparency.queries';

/** One handler per public transparency query, each answered by the reader of its read model. */
export const TRANSPARENCY_QUERY_HANDLERS = [
  answeredBy(asked.SearchPublicTenders, PublicTenders, (tenders, { search }) => tenders.search(search)),
  answeredBy(asked.ExportProfileList, ProfileExports, (exports, { party, list, id, language }) =>
    exports.source(party, list, id, language),
  ),
  answeredBy(asked.ExportPublicTenders, TenderExports, (exports, { query, language }) =>
    exports.source(query, language),
  ),
  answeredBy(asked.PublicTenderById, PublicTenders, (tenders, { tenderId }) => tenders.get(tenderId)),
  answeredBy(asked.TenderChangeFeed, PublicTenders, (tenders, { after, limit }) => tenders.feed(after, limit)),
  answeredBy(asked.PublicSupplierProfile, TransparencyProfiles, (profiles, { supplierId }) =>
    profiles.supplier(supplierId),
  ),
  answeredBy(asked.PublicBuyingUnitProfile, TransparencyProfiles, (profiles, { buyingUnitId, currency }) =>
    profiles.buyingUnit(buyingUnitId, currency),
  ),
  answeredBy(asked.ProcurementStatistics, TransparencyStatistics, (statistics, { query }) => statistics.compute(query)),
  answeredBy(asked.RedFlagReport, IntegrityIndicators, (integrity, { filter }) => integrity.report(filter)),
];
