import { AuctionStandings } from './auction-standings';
import { auctionDecider, type ScheduledAuction } from './auction.decider';
import type { AuctionEvent, BidPlaced } from './auction.events';
import { AUCTION_ID, auctionScheduled, time } from './auction.scenarios';
import { ownPosition } from './auction.snapshot';

/** A small deterministic generator (mulberry32), so a failure is repeatable. */
function numbers(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bid = (bidderId: string, amount: number, sequence: number): BidPlaced => ({
  type: 'BidPlaced',
  data: {
    auctionId: AUCTION_ID,
    sequence,
    bidderId,
    label: bidderId,
    clientBidId: `${bidderId}-${sequence}`,
    amount,
    previousAmount: amount + 1,
    placedAt: time('16:01'),
    abnormallyLow: false,
  },
});

describe('the standings kept bid by bid', () => {
  it.each([1, 2, 3])(
    'give every participant the position ownPosition counts, before and after the close (seed %i)',
    (seed) => {
      const random = numbers(seed);
      // 40 participants, many at the same opening price: the shared ranks of unchanged opening prices are exercised.
      const participants = Array.from({ length: 40 }, (_, i) => ({
        bidderId: `supplier-${i}`,
        name: `Proveedor ${i}`,
        openingPrice: 1_000_000_00 + 1_000_00 * Math.floor(random() * 4),
      }));
      let state = auctionDecider.evolve(
        auctionDecider.initialState(),
        auctionScheduled({ participants }),
      ) as ScheduledAuction;
      const standings = new AuctionStandings(state.participants);
      // One comparison per check (a failure shows every participant's line).
      const expectSamePositions = () => {
        const ids = participants.map((p) => p.bidderId);
        expect(ids.map((id) => [standings.position(state, id), standings.position(state, id, true)])).toEqual(
          ids.map((id) => [ownPosition(state, id), ownPosition(state, id, true)]),
        );
      };

      expectSamePositions();
      for (let sequence = 1; sequence <= 300; sequence++) {
        const bidderId = participants[Math.floor(random() * participants.length)].bidderId;
        const current = state.participants.find((p) => p.bidderId === bidderId)!.price;
        // Few distinct prices, so bids often meet others' prices (ties broken by the earlier last bid).
        const event: AuctionEvent = bid(bidderId, current - 1_000_00 * (1 + Math.floor(random() * 3)), sequence);
        state = auctionDecider.evolve(state, event) as ScheduledAuction;
        standings.placed(event.data.bidderId, event.data.amount, event.data.sequence);
        if (sequence % 30 === 0) expectSamePositions();
      }
      expectSamePositions();
    },
  );

  it('has no position for someone who is not a participant', () => {
    const state = auctionDecider.evolve(auctionDecider.initialState(), auctionScheduled()) as ScheduledAuction;
    expect(new AuctionStandings(state.participants).position(state, 'supplier-nobody')).toBeNull();
  });
});
