import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { IntegrityIndicators, type IntegrityReport } from '../integrity';
import { TransparencyProfiles, type BuyingUnitTransparencyProfile, type SupplierTransparencyProfile } from '../profiles';
import { PublicTenders, type FeedPage, type PublicTender, type TenderPage } from '../public-tenders';
import { TransparencyStatistics, type Statistics } from '../statistics';
import {
  ProcurementStatistics,
  PublicBuyingUnitProfile,
  PublicSupplierProfile,
  PublicTenderById,
  RedFlagReport,
  SearchPublicTenders,
  TenderChangeFeed,
} from './transparency.queries';

@QueryHandler(SearchPublicTenders)
export class SearchPublicTendersHandler implements IQueryHandler<SearchPublicTenders> {
  constructor(private readonly tenders: PublicTenders) {}

  execute({ search }: SearchPublicTenders): Promise<TenderPage> {
    return this.tenders.search(search);
  }
}

@QueryHandler(PublicTenderById)
export class PublicTenderByIdHandler implements IQueryHandler<PublicTenderById> {
  constructor(private readonly tenders: PublicTenders) {}

  execute({ tenderId }: PublicTenderById): Promise<PublicTender> {
    return this.tenders.get(tenderId);
  }
}

@QueryHandler(TenderChangeFeed)
export class TenderChangeFeedHandler implements IQueryHandler<TenderChangeFeed> {
  constructor(private readonly tenders: PublicTenders) {}

  execute({ after, limit }: TenderChangeFeed): Promise<FeedPage> {
    return this.tenders.feed(after, limit);
  }
}

@QueryHandler(PublicSupplierProfile)
export class PublicSupplierProfileHandler implements IQueryHandler<PublicSupplierProfile> {
  constructor(private readonly profiles: TransparencyProfiles) {}

  execute({ supplierId }: PublicSupplierProfile): Promise<SupplierTransparencyProfile> {
    return this.profiles.supplier(supplierId);
  }
}

@QueryHandler(PublicBuyingUnitProfile)
export class PublicBuyingUnitProfileHandler implements IQueryHandler<PublicBuyingUnitProfile> {
  constructor(private readonly profiles: TransparencyProfiles) {}

  execute({ buyingUnitId }: PublicBuyingUnitProfile): Promise<BuyingUnitTransparencyProfile> {
    return this.profiles.buyingUnit(buyingUnitId);
  }
}

@QueryHandler(ProcurementStatistics)
export class ProcurementStatisticsHandler implements IQueryHandler<ProcurementStatistics> {
  constructor(private readonly statistics: TransparencyStatistics) {}

  execute({ query }: ProcurementStatistics): Promise<Statistics> {
    return this.statistics.compute(query);
  }
}

@QueryHandler(RedFlagReport)
export class RedFlagReportHandler implements IQueryHandler<RedFlagReport> {
  constructor(private readonly integrity: IntegrityIndicators) {}

  execute({ buyingUnitId }: RedFlagReport): Promise<IntegrityReport> {
    return this.integrity.report(buyingUnitId);
  }
}

export const TRANSPARENCY_QUERY_HANDLERS = [
  SearchPublicTendersHandler,
  PublicTenderByIdHandler,
  TenderChangeFeedHandler,
  PublicSupplierProfileHandler,
  PublicBuyingUnitProfileHandler,
  ProcurementStatisticsHandler,
  RedFlagReportHandler,
];
