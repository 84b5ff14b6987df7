import type { EventStore } from '@licita/event-store/event-store.port';
import type { AuctionClosed } from '../domain/auction.events';

/**
 * The final ranking of a lot's auction in the shape the tender's `AwardTender.auctionResults` takes
 * (libs/tendering tender.commands.ts `AuctionResult`): best first, bidder ids are supplier ids.
 */
export type LotAuctionResult = {
  lotId: string;
  auctionId: string;
  ranking: Array<{ supplierId: string; amount: number }>;
};

export const auctionResultOf = (closed: AuctionClosed['data']): LotAuctionResult => ({
  lotId: closed.lotId,
  auctionId: closed.auctionId,
  ranking: closed.ranking.map((line) => ({ supplierId: line.bidderId, amount: line.finalPrice })),
});

const PAGE = 1_000;

/**
 * The hook for the tender's award step: the results of every closed auction of a tender, the latest per lot.
 * The award handler passes them as `auctionResults` of `AwardTender`. Reads the `AuctionClosed` events of the
 * log (few: one per auction); a read model keyed by tender is the next step if that ever shows.
 */
export async function closedAuctionsOfTender(store: EventStore, tenderId: string): Promise<LotAuctionResult[]> {
  const byLot = new Map<string, LotAuctionResult>();
  let position = 0n;
  for (;;) {
    const page = await store.readAll({
      fromPosition: position,
      maxCount: PAGE,
      filter: { streamPrefixes: ['auction-'], eventTypePrefixes: ['AuctionClosed'] },
    });
    for (const recorded of page) {
      const closed = recorded.data as unknown as AuctionClosed['data'];
      if (recorded.type === 'AuctionClosed' && closed.tenderId === tenderId)
        byLot.set(closed.lotId, auctionResultOf(closed));
    }
    if (page.length < PAGE) break;
    position = page[page.length - 1].globalPosition;
  }
  return [...byLot.values()];
}
