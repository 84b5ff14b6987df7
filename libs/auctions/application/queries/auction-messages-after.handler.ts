import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuctionService } from '../auction.service';
import type { AuctionMessage } from '../auction.messages';
import { AuctionMessagesAfter } from './auction-queries';

@QueryHandler(AuctionMessagesAfter)
export class AuctionMessagesAfterHandler implements IQueryHandler<AuctionMessagesAfter> {
  constructor(private readonly auctions: AuctionService) {}

  execute({ auctionId, afterSequence, limit }: AuctionMessagesAfter): Promise<AuctionMessage[]> {
    return this.auctions.bidsAfter(auctionId, afterSequence, limit);
  }
}
