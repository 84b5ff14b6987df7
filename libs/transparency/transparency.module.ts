import { Module } from '@nestjs/common';
import { BuyingUnitsModule } from '@licita/buying-units';
import { SuppliersModule } from '@licita/suppliers';
import { IntegrityIndicators } from './application/integrity';
import { TransparencyProfiles } from './application/profiles';
import { PublicTenders } from './application/public-tenders';
import { TRANSPARENCY_QUERY_HANDLERS } from './application/queries/transparency-query.handlers';
import { TransparencyStatistics } from './application/statistics';
import { ProfileExports } from './application/profile-export';
import { TenderExports } from './application/tender-export';
import { TableExports } from '@licita/platform';
import { FeedController, TransparencyController } from './http/transparency.controller';
import { TransparencyProjection } from './projections/transparency.projection';

/**
 * The public side of procurement: the `transparency` projection (tenders, awards, contracts, auctions,
 * items, with red flags and timelines) and its public API under /api/transparency, plus the change feed
 * /api/feed. Profiles join the supplier register and the buying units (their modules' queries).
 */
@Module({
  imports: [SuppliersModule, BuyingUnitsModule],
  controllers: [TransparencyController, FeedController],
  providers: [
    TransparencyProjection,
    PublicTenders,
    TransparencyStatistics,
    IntegrityIndicators,
    TransparencyProfiles,
    TenderExports,
    ProfileExports,
    TableExports,
    ...TRANSPARENCY_QUERY_HANDLERS,
  ],
})
export class TransparencyModule {}
