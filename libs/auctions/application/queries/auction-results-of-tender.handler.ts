import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { AuctionResultsOfTender, type AuctionResult } from '@licita/tendering';
import { closedAuctionsOfTender } from '../auction-results';

/** Tendering's question for the award, answered from the auctions' `AuctionClosed` events (the latest per lot). */
@QueryHandler(AuctionResultsOfTender)
export class AuctionResultsOfTenderHandler implements IQueryHandler<AuctionResultsOfTender> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ tenderId }: AuctionResultsOfTender): Promise<AuctionResult[]> {
    return closedAuctionsOfTender(this.store, tenderId);
  }
}
