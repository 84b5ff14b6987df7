import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuctionFeeds, type AuctionFeed } from '../auction-feeds';
import { WatchAuction } from './auction-queries';

/** This process's live read model of the auction (`AuctionFeeds`): a join costs no store read once it is kept. */
@QueryHandler(WatchAuction)
export class WatchAuctionHandler implements IQueryHandler<WatchAuction> {
  constructor(private readonly feeds: AuctionFeeds) {}

  execute({ auctionId, sink }: WatchAuction): Promise<AuctionFeed> {
    return this.feeds.watch(auctionId, sink);
  }
}
