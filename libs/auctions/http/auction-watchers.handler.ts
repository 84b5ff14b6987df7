import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuctionWatchers } from '../application/queries/auction-queries';
import { AuctionsGateway } from './auctions.gateway';

/** Answered by the Socket.IO side: this instance's watchers plus every other instance's, asked through the adapter. */
@QueryHandler(AuctionWatchers)
export class AuctionWatchersHandler implements IQueryHandler<AuctionWatchers> {
  constructor(private readonly gateway: AuctionsGateway) {}

  execute({ auctionId }: AuctionWatchers): Promise<{ auctionId: string; watchers: number; instances: number }> {
    return this.gateway.watchers(auctionId);
  }
}
