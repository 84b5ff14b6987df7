import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import type { TenderState } from '../../domain/tender.state';
import type { SupplierStanding } from '../../domain/tender.types';
import { AuctionResultsOfTender } from '../queries/auction-results-of-tender.query';
import { TenderMessage, TenderWriter, type TenderOutcome } from '../tender-writer';

/** The award (fallo) of every open lot to its best compliant proposal, or to the winner of its closed auction. */
export class AwardTender extends TenderMessage<{ tenderId: string }> {}

/**
 * The facts of the award: the results of the lots' closed reverse auctions (asked of the auctions context on
 * the query bus, only when a lot went to auction), and the standing at `now` of every ranked supplier: the award
 * passes over one sanctioned or unverified.
 */
@CommandHandler(AwardTender)
export class AwardTenderHandler implements ICommandHandler<AwardTender> {
  constructor(
    private readonly tenders: TenderWriter,
    private readonly queries: QueryBus,
  ) {}

  execute({ command: { tenderId }, principal, context }: AwardTender): Promise<TenderOutcome> {
    return this.tenders.decide(tenderId, context, async (state) => {
      this.tenders.authorize(state, 'AwardTender', principal);
      const toAuction = Object.entries(state.lots).flatMap(([lotId, lot]) => (lot.status === 'auction' ? [lotId] : []));
      const auctionResults =
        toAuction.length > 0 ? await this.queries.execute(new AuctionResultsOfTender(tenderId, toAuction)) : [];
      const command: C.AwardTender = {
        type: 'AwardTender',
        tenderId,
        ...(auctionResults.length > 0 ? { auctionResults } : {}),
      };
      return { ...command, standings: await this.standingsOfRanked(state, command, context.now) };
    });
  }

  private standingsOfRanked(state: TenderState, command: C.AwardTender, now: Date): Promise<SupplierStanding[]> {
    const ranked = new Set([
      ...Object.values(state.lots).flatMap((lot) => lot.ranking.map((entry) => entry.supplierId)),
      ...(command.auctionResults ?? []).flatMap((result) =>
        Array.isArray(result.ranking) ? result.ranking.map((entry) => entry.supplierId) : [],
      ),
    ]);
    return Promise.all([...ranked].map((supplierId) => this.tenders.standingOf(supplierId, now)));
  }
}
