import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { AuctionResultsOfTender, type AuctionResult } from '@licita/tendering';
import { auctionStream, isAuctionEvent } from '../../domain/auction.events';
import { lotAuctionId } from '../auction-from-tender';
import { auctionResultOf } from '../auction-results';

/**
 * Tendering's question for the award, answered from each lot's own auction stream (its id follows from tender
 * and lot): a stream read sees every committed event at once, where the global log may still hold back a
 * just-closed auction behind a transaction elsewhere, and no award ever scans the log.
 */
@QueryHandler(AuctionResultsOfTender)
export class AuctionResultsOfTenderHandler implements IQueryHandler<AuctionResultsOfTender> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ tenderId, lotIds }: AuctionResultsOfTender): Promise<AuctionResult[]> {
    const results = await Promise.all(lotIds.map((lotId) => this.closedAuctionOf(tenderId, lotId)));
    return results.filter((result): result is AuctionResult => result !== undefined);
  }

  private async closedAuctionOf(tenderId: string, lotId: string): Promise<AuctionResult | undefined> {
    const events = await this.store.readStream(auctionStream(lotAuctionId(tenderId, lotId)));
    const closed = events
      .filter(isAuctionEvent)
      .reverse()
      .find((event) => event.type === 'AuctionClosed');
    return closed?.type === 'AuctionClosed' ? auctionResultOf(closed.data) : undefined;
  }
}
