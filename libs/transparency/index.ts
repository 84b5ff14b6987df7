/**
 * The transparency context: the public side of procurement, read models only. The `transparency` projection
 * folds the events of tendering, contracts, auctions, the supplier register, buying units and the classifier
 * into public records (with red flags and a plain-Spanish timeline) served under /api/transparency and the
 * change feed /api/feed; the `ocds` projection publishes the same processes as OCDS 1.1 releases and records
 * under /api/ocds. Last in the order of contexts: it reads every other one's events and writes none.
 */
export { TransparencyModule } from './transparency.module';
export { OcdsModule } from './ocds/ocds.module';
export { FeedsModule } from './feeds/feeds.module';
export {
  SearchPublicTenders,
  PublicTenderById,
  TenderChangeFeed,
  PublicSupplierProfile,
  PublicBuyingUnitProfile,
  ProcurementStatistics,
  RedFlagReport,
} from './application/queries/transparency.queries';
export {
  OcdsReleasePage,
  OcdsReleaseById,
  OcdsRecordByOcid,
  OcdsBulkReleases,
  type OcdsBulk,
  type OcdsRecord,
  type ReleasePage,
} from './ocds/application/queries/ocds.queries';
export {
  DETAIL_STATEMENT,
  searchStatement,
  tenderFilter,
  totalStatement,
  withSupplierIds,
  type FeedPage,
  type TenderFilter,
  type PublicTender,
  type TenderPage,
  type TenderSearch,
  type TenderSummary,
} from './application/public-tenders';
export { TenderSearchQuery } from './http/transparency.dto';
export type { IntegrityReport } from './application/integrity';
export type { BuyingUnitTransparencyProfile, SupplierTransparencyProfile } from './application/profiles';
export type { Statistics, StatisticsQuery } from './application/statistics';
