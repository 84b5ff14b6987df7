/**
 * The market-research context (investigación de mercado): before a procedure, a buyer asks the register's
 * suppliers of a classifier code for indicative prices (stream `market-research-<id>`); they answer until the
 * deadline; the buyer reads the answers and their statistics and attaches the research to a tender of its unit.
 */
export { MarketResearchModule } from './market-research.module';
export * from './domain/market-research.events';
export { marketResearchDecider, type MarketResearchState } from './domain/market-research.decider';
export { priceStatistics, type PriceStatistic } from './domain/price-statistics';
export {
  AnswerMarketResearch,
  AttachMarketResearch,
  RequestMarketResearch,
  type ResearchOutcome,
} from './application/market-research.handlers';
export {
  ListMarketResearch,
  MarketResearchById,
  NOT_AN_OFFER,
  PublicMarketResearchOfTender,
  type ItemStatistics,
  type PublicResearch,
  type ResearchAnswer,
  type ResearchDetail,
  type ResearchSummary,
} from './application/market-research-queries';
export { MarketResearchProjection } from './projections/market-research.projection';
