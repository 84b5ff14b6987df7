import { Query } from '@nestjs/cqrs';
import type { AuctionResult } from '../../domain/tender.commands';

/**
 * The final ranking of the closed auction of each of these lots of a tender (a lot with no closed auction has
 * none): what the award needs from the auctions context. Tendering owns the question, the auctions context
 * answers it (its @QueryHandler) from the lots' own auction streams, so tendering never imports auctions and
 * the award reads only the streams it needs.
 */
export class AuctionResultsOfTender extends Query<AuctionResult[]> {
  constructor(
    readonly tenderId: string,
    readonly lotIds: readonly string[],
  ) {
    super();
  }
}
