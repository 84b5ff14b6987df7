import type { EventStore } from '@licita/event-store';
import type { AuctionResult } from '@licita/tendering';
import { isAuctionEvent, type AuctionClosed } from '../domain/auction.events';

/**
 * The final ranking of a lot's auction in the shape the tender's award takes (`AuctionResult` of
 * `@licita/tendering`): best first, bidder ids are supplier ids.
 */
export type LotAuctionResult = AuctionResult;

export const auctionResultOf = (closed: AuctionClosed['data']): LotAuctionResult => ({
  lotId: closed.lotId,
  auctionId: closed.auctionId,
  ranking: closed.ranking.map((line) => ({ supplierId: line.bidderId, amount: line.finalPrice })),
});

const PAGE = 1_000;

/**
 * The results of every closed auction of a tender, the latest per lot: the answer to tendering's
 * `AuctionResultsOfTender` (queries/auction-results-of-tender.handler.ts), which the award passes on. Reads the
 * `AuctionClosed` events of the log (few: one per auction); a read model keyed by tender is the next step if
 * that ever shows.
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
      if (isAuctionEvent(recorded) && recorded.type === 'AuctionClosed' && recorded.data.tenderId === tenderId)
        byLot.set(recorded.data.lotId, auctionResultOf(recorded.data));
    }
    if (page.length < PAGE) break;
    position = page[page.length - 1].globalPosition;
  }
  return [...byLot.values()];
}
