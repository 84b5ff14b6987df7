import type { AuctionResult } from '@licita/tendering';
import type { AuctionClosed } from '../domain/auction.events';

/**
 * The final ranking of a lot's auction in the shape the tender's award takes (`AuctionResult` of
 * `@licita/tendering`): best first, bidder ids are supplier ids.
 */
export type LotAuctionResult = AuctionResult;

export const auctionResultOf = (closed: AuctionClosed['data']): LotAuctionResult => ({
  lotId: closed.lotId,
  auctionId: closed.auctionId,
  ranking: closed.ranking.map((line) => ({ supplierId: line.bidderId, amount: line.finalPrice })),
});
