import { at } from '../../../test/support/decider-spec';
import type { AuctionEvent, AuctionScheduled } from './auction.events';
import { auctionDecider } from './auction.decider';
import { ALAMO, placeBid, scheduleAuction, time } from './auction.scenarios';

/** Practice mode: a tender on accelerated time runs its auction on the same clock (README "Sandbox"). */
const scheduledAt = (factor: number | undefined): AuctionScheduled['data'] =>
  (
    auctionDecider.decide(
      scheduleAuction({ timeAcceleration: factor }),
      auctionDecider.initialState(),
      at(time('15:00')),
    )[0] as AuctionScheduled
  ).data;
const fold = (events: AuctionEvent[]) => events.reduce(auctionDecider.evolve, auctionDecider.initialState());

describe('an auction of an accelerated tender', () => {
  it('divides the duration, the anti-sniping window and extension and the maximum end’s distance by the factor', () => {
    // Ten minutes, a 60 s window, 120 s extensions up to 20 minutes from the start, at 60 (one hour per minute).
    expect(scheduledAt(60)).toMatchObject({
      startsAt: time('16:00'),
      endsAt: time('16:00:10'),
      antiSniping: { windowSeconds: 1, extensionSeconds: 2, maximumEndsAt: time('16:00:20') },
      timeAcceleration: 60,
    });
    // Never less than a second; at factor 1 (or none) nothing changes and no factor is recorded.
    expect(scheduledAt(100_000)).toMatchObject({ endsAt: time('16:00:01'), antiSniping: { windowSeconds: 1 } });
    expect(scheduledAt(1)).toEqual(scheduledAt(undefined));
    expect(scheduledAt(1)).not.toHaveProperty('timeAcceleration');
    expect(scheduledAt(1).endsAt).toBe(time('16:10'));
  });

  it('extends on a late bid by the accelerated extension, and refuses a factor outside 1..100000', () => {
    const scheduled = { type: 'AuctionScheduled', data: scheduledAt(60) } as AuctionEvent;
    const bid = auctionDecider.decide(placeBid(ALAMO, 990_000_00), fold([scheduled]), at('2026-03-02T16:00:09.500Z'));
    expect(bid.map((event) => event.type)).toEqual(['BidPlaced', 'AuctionExtended']);
    expect(bid[1].data).toMatchObject({ endsAt: time('16:00:12') });
    for (const factor of [0, 2.5, 100_001])
      expect(() =>
        auctionDecider.decide(
          scheduleAuction({ timeAcceleration: factor }),
          auctionDecider.initialState(),
          at(time('15:00')),
        ),
      ).toThrow(expect.objectContaining({ code: 'auction.invalid_schedule' }));
  });
});
