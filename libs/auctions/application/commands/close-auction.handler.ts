import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AuctionClosed } from '../../domain/auction.events';
import { AuctionService } from '../auction.service';
import { CloseAuction } from './auction-commands';

/** The close at the end, decided by the auction's writer: exactly one `AuctionClosed` however many ask. */
@CommandHandler(CloseAuction)
export class CloseAuctionHandler implements ICommandHandler<CloseAuction> {
  constructor(private readonly auctions: AuctionService) {}

  execute({ auctionId, meta }: CloseAuction): Promise<AuctionClosed> {
    return this.auctions.closeAuction(auctionId, meta);
  }
}
