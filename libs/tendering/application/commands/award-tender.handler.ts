import { QueryBus } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import type { TenderState } from '../../domain/tender.state';
import type { SupplierStanding } from '../../domain/tender.types';
import { AuctionResultsOfTender } from '../queries/auction-results-of-tender.query';
import { factGatheringHandler } from '../tender-fact-handler';
import { TenderMessage, type TenderWriter } from '../tender-writer';

/** The award (fallo) of every open lot to its best compliant proposal, or to the winner of its closed auction. */
export class AwardTender extends TenderMessage<{ tenderId: string }> {}

/**
 * The facts of the award: the results of the lots' closed reverse auctions (asked of the auctions context on
 * the query bus, only when a lot went to auction), and the standing at `now` of every ranked supplier: the award
 * passes over one sanctioned or unverified.
 */
export const AwardTenderHandler = factGatheringHandler(
  AwardTender,
  'AwardTender',
  QueryBus,
  async (queries, { tenders, state }, { command: { tenderId }, context }) => {
    const toAuction = Object.entries(state.lots).flatMap(([lotId, lot]) => (lot.status === 'auction' ? [lotId] : []));
    const auctionResults =
      toAuction.length > 0 ? await queries.execute(new AuctionResultsOfTender(tenderId, toAuction)) : [];
    const command: C.AwardTender = {
      type: 'AwardTender',
      tenderId,
      ...(auctionResults.length > 0 ? { auctionResults } : {}),
    };
    return { ...command, standings: await standingsOfRanked(tenders, state, command, context.now) };
  },
);

function standingsOfRanked(
  tenders: TenderWriter,
  state: TenderState,
  command: C.AwardTender,
  now: Date,
): Promise<SupplierStanding[]> {
  const ranked = new Set([
    ...Object.values(state.lots).flatMap((lot) => lot.ranking.map((entry) => entry.supplierId)),
    ...(command.auctionResults ?? []).flatMap((result) =>
      Array.isArray(result.ranking) ? result.ranking.map((entry) => entry.supplierId) : [],
    ),
  ]);
  return Promise.all([...ranked].map((supplierId) => tenders.standingOf(supplierId, now)));
}
