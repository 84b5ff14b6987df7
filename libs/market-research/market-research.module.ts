import { Module } from '@nestjs/common';
import { ClassifierModule } from '@licita/classifier';
import { Addressees } from './application/addressees';
import { MARKET_RESEARCH_COMMAND_HANDLERS } from './application/market-research.handlers';
import { MARKET_RESEARCH_QUERY_HANDLERS } from './application/market-research-queries';
import { MarketResearchController } from './http/market-research.controller';
import { MarketResearchProjection } from './projections/market-research.projection';

/** Market research: requests for indicative prices, the suppliers' answers, statistics, attachment to a tender. */
@Module({
  imports: [ClassifierModule],
  controllers: [MarketResearchController],
  providers: [
    Addressees,
    MarketResearchProjection,
    ...MARKET_RESEARCH_COMMAND_HANDLERS,
    ...MARKET_RESEARCH_QUERY_HANDLERS,
  ],
})
export class MarketResearchModule {}
