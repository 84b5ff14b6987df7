import type { ProfileList, ProfileParty } from '../profile-export';
import { Query } from '@nestjs/cqrs';
import { queryOf, type ExportSource } from '@licita/platform';
import type { IntegrityReport, RedFlagFilter } from '../integrity';
import type { BuyingUnitTransparencyProfile, SupplierTransparencyProfile } from '../profiles';
import type { FeedPage, PublicTender, TenderPage, TenderSearch } from '../public-tenders';
import type { Statistics, StatisticsQuery } from '../statistics';
import type { TenderExportQuery } from '../tender-export';

/** Public procedures, filtered and sorted, cursor-paged (`transparency.invalid_cursor`). */
export class SearchPublicTenders extends queryOf<TenderPage, { search: TenderSearch }>('search') {}

/** The rows of a search as a file to export: every row its filters find, in its order (`transparency.invalid_range`). */
export class ExportPublicTenders extends Query<ExportSource<never>> {
  constructor(
    readonly query: TenderExportQuery,
    readonly language: 'es' | 'en',
  ) {
    super();
  }
}

/** A supplier's or buying unit's awards or contracts (all of them, newest first) as a file to export. */
export class ExportProfileList extends Query<ExportSource<never>> {
  constructor(
    readonly party: ProfileParty,
    readonly list: ProfileList,
    readonly id: string,
    readonly language: 'es' | 'en',
  ) {
    super();
  }
}

/** The public record of one procedure (`tender.not_found`, also for a draft). */
export class PublicTenderById extends queryOf<PublicTender, { tenderId: string }>('tenderId') {}

/** Procedures in the order they changed, after a feed cursor (`feed.invalid_cursor`). */
export class TenderChangeFeed extends Query<FeedPage> {
  constructor(
    readonly after: string | undefined,
    readonly limit?: number,
  ) {
    super();
  }
}

/** A supplier's public profile: register entry, sanctions, awards, contracts (`supplier.not_found`). */
export class PublicSupplierProfile extends queryOf<SupplierTransparencyProfile, { supplierId: string }>('supplierId') {}

/** A buying unit's public profile: procedures, amounts, top suppliers, red flags (`buying_unit.not_found`). */
export class PublicBuyingUnitProfile extends Query<BuyingUnitTransparencyProfile> {
  constructor(
    readonly buyingUnitId: string,
    /** Which currency's ranking of suppliers (MXN by default). */
    readonly currency?: string,
  ) {
    super();
  }
}

/** Counts and amounts by procedure type, month, buying unit and division (`transparency.invalid_range`). */
export class ProcurementStatistics extends queryOf<Statistics, { query: StatisticsQuery }>('query') {}

/** The integrity indicators: definitions, thresholds, counts per buying unit (or of one). */
export class RedFlagReport extends queryOf<IntegrityReport, { filter: RedFlagFilter }>('filter') {}
