import { Query } from '@nestjs/cqrs';
import type { AuctionResult } from '../../domain/tender.commands';

/**
 * The final ranking of every closed auction of a tender, the latest per lot: what the award needs from the
 * auctions context. Tendering owns the question, the auctions context answers it (its @QueryHandler), so
 * tendering never imports auctions.
 */
export class AuctionResultsOfTender extends Query<AuctionResult[]> {
  constructor(readonly tenderId: string) {
    super();
  }
}
