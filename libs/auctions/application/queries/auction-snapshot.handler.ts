import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AuctionSnapshot } from '../../domain/auction.snapshot';
import { AuctionService } from '../auction.service';
import { AuctionSnapshotOf } from './auction-queries';

@QueryHandler(AuctionSnapshotOf)
export class AuctionSnapshotHandler implements IQueryHandler<AuctionSnapshotOf> {
  constructor(private readonly auctions: AuctionService) {}

  execute({ auctionId, viewer }: AuctionSnapshotOf): Promise<AuctionSnapshot> {
    return this.auctions.snapshot(auctionId, viewer);
  }
}
