import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BidAck } from '../auction-actor';
import { AuctionService } from '../auction.service';
import { BidRateLimiter } from '../bid-rate-limiter';
import { PlaceBid } from './auction-commands';

/**
 * Hands the bid to the auction's single writer in this process (`AuctionService` → its `AuctionActor`), which
 * batches, decides and appends with the expected revision. A supplier over its rate limit is refused here,
 * before its bid takes the writer's time from the others (it may send the same clientBidId again later).
 */
@CommandHandler(PlaceBid)
export class PlaceBidHandler implements ICommandHandler<PlaceBid> {
  constructor(
    private readonly auctions: AuctionService,
    private readonly limiter: BidRateLimiter,
  ) {}

  execute({ auctionId, bidderId, amount, clientBidId, meta, admission }: PlaceBid): Promise<BidAck> {
    const retryAfterMs = this.limiter.take(auctionId, bidderId);
    if (retryAfterMs > 0)
      return Promise.resolve({
        status: 'rejected',
        auctionId,
        clientBidId,
        code: 'bid.rate_limited',
        message: 'too many bids: wait before bidding again',
        details: { retryAfterMs },
      });
    return this.auctions.placeBid(auctionId, bidderId, amount, clientBidId, meta, admission);
  }
}
