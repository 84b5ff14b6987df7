import { at, deciderSpec } from '../../../test/support/decider-spec';
import type { AuctionClosed, AuctionEvent } from './auction.events';
import { anonymousLabels, auctionDecider, minimumStep, phaseAt, savings, type AuctionState } from './auction.decider';
import {
  ALAMO,
  anAuction,
  aParticipantList,
  AUCTION_ID,
  auctionExtended,
  auctionScheduled,
  BALAM,
  bidPlaced,
  CENTLI,
  labelOf,
  LOT_ID,
  placeBid,
  scheduleAuction,
  TENDER_ID,
  time,
} from './auction.scenarios';

const given = deciderSpec(auctionDecider);
const closeAuction = { type: 'CloseAuction' as const, auctionId: AUCTION_ID };
const stateOf = (...events: AuctionEvent[]): AuctionState =>
  events.reduce(auctionDecider.evolve, auctionDecider.initialState());
const closedEvent = (events: AuctionEvent[], when: string) =>
  auctionDecider.decide(closeAuction, stateOf(...events), at(when))[0] as AuctionClosed;

describe('scheduling an auction', () => {
  it('records the settings, the end (start + duration), the participants with labels, as sequence 0', () =>
    given()
      .when(scheduleAuction(), at(time('15:00')))
      .then(auctionScheduled()));

  it('gives each participant a stable "Participant n" label, whatever order they are listed in', () => {
    const listed = scheduleAuction();
    const reversed = scheduleAuction({ participants: [...aParticipantList()].reverse() });
    const labelsOf = (command: typeof listed) =>
      Object.fromEntries(
        (
          auctionDecider.decide(command, stateOf(), at(time('15:00')))[0].data as {
            participants: { bidderId: string; label: string }[];
          }
        ).participants.map((p) => [p.bidderId, p.label]),
      );
    expect(labelsOf(reversed)).toEqual(labelsOf(listed));
    expect(Object.values(labelsOf(listed)).sort()).toEqual(['Participant 1', 'Participant 2', 'Participant 3']);
  });

  it('labels do not follow the listing order across auctions', () => {
    const ids = Array.from({ length: 8 }, (_, i) => `supplier-${i}`);
    const orders = ['a', 'b', 'c'].map((seed) => ids.map((id) => anonymousLabels(seed.repeat(32), ids).get(id)).join());
    expect(new Set(orders).size).toBeGreaterThan(1);
  });

  it('labels cannot be computed from public ids: the same auction and bidders get other labels under another seed', () => {
    const ids = Array.from({ length: 8 }, (_, i) => `supplier-${i}`);
    const participants = ids.map((bidderId, i) => ({ bidderId, name: `Proveedor ${i}`, openingPrice: 100_000 + i }));
    const labelsUnder = (labelSeed: string) =>
      (
        auctionDecider.decide(scheduleAuction({ participants, labelSeed }), stateOf(), at(time('15:00')))[0].data as {
          participants: { label: string }[];
        }
      ).participants.map((p) => p.label);
    const seeds = ['0', '1', '2', '3'].map((digit) => digit.repeat(32));
    expect(new Set(seeds.map((seed) => labelsUnder(seed).join())).size).toBeGreaterThan(1);
  });

  it('keeps the label seed out of the event', () => {
    const [scheduled] = auctionDecider.decide(scheduleAuction(), stateOf(), at(time('15:00')));
    expect(JSON.stringify(scheduled)).not.toContain(scheduleAuction().labelSeed);
  });

  it('refuses a label seed of less than 128 bits', () =>
    given()
      .when(scheduleAuction({ labelSeed: 'abc' }), at(time('15:00')))
      .thenThrows('auction.invalid_schedule'));

  it('refuses to schedule the same auction twice', () =>
    given(...anAuction())
      .when(scheduleAuction(), at(time('15:00')))
      .thenThrows('auction.already_scheduled'));

  it('refuses a start in the past', () =>
    given()
      .when(scheduleAuction(), at(time('16:00:01')))
      .thenThrows('auction.invalid_schedule'));

  it.each([0, -60, 1.5])('refuses a duration of %p seconds', (durationSeconds) =>
    given()
      .when(scheduleAuction({ durationSeconds }), at(time('15:00')))
      .thenThrows('auction.invalid_schedule'),
  );

  it.each([
    { kind: 'absolute' as const, amount: 0 },
    { kind: 'absolute' as const, amount: 10.5 },
    { kind: 'percent' as const, basisPoints: 0 },
    { kind: 'percent' as const, basisPoints: 10_000 },
  ])('refuses a minimum decrement of %p', (minimumDecrement) =>
    given()
      .when(scheduleAuction({ minimumDecrement }), at(time('15:00')))
      .thenThrows('auction.invalid_decrement'),
  );

  it('refuses an anti-sniping maximum end before the scheduled end', () =>
    given()
      .when(
        scheduleAuction({ antiSniping: { windowSeconds: 60, extensionSeconds: 120, maximumEndsAt: time('16:09') } }),
        at(time('15:00')),
      )
      .thenThrows('auction.invalid_anti_sniping', { maximumEndsAt: time('16:09') }));

  it('refuses a floor that is not a positive number of centavos', () =>
    given()
      .when(scheduleAuction({ abnormallyLowFloor: -1 }), at(time('15:00')))
      .thenThrows('auction.invalid_floor'));

  it('needs at least two compliant proposals', () =>
    given()
      .when(scheduleAuction({ participants: aParticipantList().slice(0, 1) }), at(time('15:00')))
      .thenThrows('auction.not_enough_participants'));

  it('refuses a participant listed twice', () =>
    given()
      .when(scheduleAuction({ participants: [...aParticipantList(), aParticipantList()[0]] }), at(time('15:00')))
      .thenThrows('auction.duplicate_participant', { bidderId: ALAMO }));

  it('refuses an opening price that is not whole centavos', () =>
    given()
      .when(
        scheduleAuction({ participants: [{ bidderId: 'x', name: 'X', openingPrice: 99.5 }, ...aParticipantList()] }),
        at(time('15:00')),
      )
      .thenThrows('auction.invalid_opening_price', { bidderId: 'x' }));
});

describe('placing a bid', () => {
  it('accepts a bid lowering the bidder’s own price by exactly the minimum step, as sequence 1', () =>
    given(...anAuction())
      .when(placeBid(ALAMO, 995_000_00), at(time('16:01')))
      .then(bidPlaced({ bidderId: ALAMO, amount: 995_000_00, sequence: 1, at: time('16:01') })));

  it('numbers bids in the order they are accepted', () =>
    given(...anAuction(), bidPlaced({ bidderId: ALAMO, amount: 995_000_00, sequence: 1, at: time('16:01') }))
      .when(placeBid(BALAM, 940_000_00), at(time('16:02')))
      .then(bidPlaced({ bidderId: BALAM, amount: 940_000_00, sequence: 2, at: time('16:02') })));

  it('compares with the bidder’s own price, not the leader’s: a bid above the best price is accepted', () =>
    given(...anAuction())
      .when(placeBid(CENTLI, 1_000_000_00), at(time('16:01')))
      .then(bidPlaced({ bidderId: CENTLI, amount: 1_000_000_00, sequence: 1, at: time('16:01') })));

  it('refuses a bid before the start', () =>
    given(...anAuction())
      .when(placeBid(ALAMO, 990_000_00), at(time('15:59:59')))
      .thenThrows('auction.not_running', { phase: 'scheduled' }));

  it('refuses a bid at the end, even though the close has not been recorded', () =>
    given(...anAuction())
      .when(placeBid(ALAMO, 990_000_00), at(time('16:10')))
      .thenThrows('auction.not_running', { phase: 'ended' }));

  it('refuses a bid after the close', () =>
    given(...anAuction(), closedEvent(anAuction(), time('16:10')))
      .when(placeBid(ALAMO, 990_000_00), at(time('16:10:01')))
      .thenThrows('auction.not_running', { phase: 'closed' }));

  it('refuses a bid from a supplier that is not a participant', () =>
    given(...anAuction())
      .when(placeBid('supplier-intruder', 500_000_00), at(time('16:01')))
      .thenThrows('auction.not_participant'));

  it('refuses a bid on an auction that was never scheduled', () =>
    given()
      .when(placeBid(ALAMO, 990_000_00), at(time('16:01')))
      .thenThrows('auction.not_found'));

  it.each([0, -100, 990_000.5, Number.NaN, '990000' as unknown as number])('refuses the amount %p', (amount) =>
    given(...anAuction())
      .when(placeBid(ALAMO, amount, 'c-1'), at(time('16:01')))
      .thenThrows('bid.invalid_amount'),
  );

  it('refuses a bid without a clientBidId', () =>
    given(...anAuction())
      .when(placeBid(ALAMO, 990_000_00, ''), at(time('16:01')))
      .thenThrows('bid.invalid_client_bid_id'));

  it('refuses a bid equal to the bidder’s current price', () =>
    given(...anAuction())
      .when(placeBid(ALAMO, 1_000_000_00), at(time('16:01')))
      .thenThrows('bid.not_lower', { currentPrice: 1_000_000_00 }));

  it('refuses a bid above the bidder’s current price', () =>
    given(...anAuction(), bidPlaced({ bidderId: ALAMO, amount: 990_000_00, sequence: 1, at: time('16:01') }))
      .when(placeBid(ALAMO, 995_000_00), at(time('16:02')))
      .thenThrows('bid.not_lower', { currentPrice: 990_000_00 }));

  it('refuses a bid that lowers the price by less than the absolute step, and says how far to go', () =>
    given(...anAuction())
      .when(placeBid(ALAMO, 995_000_01), at(time('16:01')))
      .thenThrows('bid.step_too_small', {
        currentPrice: 1_000_000_00,
        minimumStep: 5_000_00,
        highestAcceptable: 995_000_00,
      }));

  describe('with a minimum decrement of 1 % of the bidder’s current price', () => {
    const onePercent = { minimumDecrement: { kind: 'percent' as const, basisPoints: 100 } };

    it('accepts a bid 1 % below', () =>
      given(...anAuction(onePercent))
        .when(placeBid(ALAMO, 990_000_00), at(time('16:01')))
        .then(bidPlaced({ bidderId: ALAMO, amount: 990_000_00, sequence: 1, at: time('16:01') })));

    it('refuses a bid one centavo short of 1 %', () =>
      given(...anAuction(onePercent))
        .when(placeBid(ALAMO, 990_000_01), at(time('16:01')))
        .thenThrows('bid.step_too_small', { minimumStep: 10_000_00 }));

    it('takes the percentage of the bidder’s price after its last bid', () =>
      given(
        ...anAuction(onePercent),
        bidPlaced({ bidderId: ALAMO, amount: 900_000_00, sequence: 1, at: time('16:01') }),
      )
        .when(placeBid(ALAMO, 891_000_01), at(time('16:02')))
        .thenThrows('bid.step_too_small', { currentPrice: 900_000_00, minimumStep: 9_000_00 }));

    it('rounds a fractional centavo step up', () =>
      expect(minimumStep({ kind: 'percent', basisPoints: 100 }, 999_999)).toBe(10_000));
  });

  it('accepts a bid below the abnormally-low floor but flags it', () =>
    given(...anAuction())
      .when(placeBid(ALAMO, 699_999_99), at(time('16:01')))
      .then(bidPlaced({ bidderId: ALAMO, amount: 699_999_99, sequence: 1, at: time('16:01'), abnormallyLow: true })));

  it('does not flag a bid at the floor', () =>
    given(...anAuction())
      .when(placeBid(ALAMO, 700_000_00), at(time('16:01')))
      .then(bidPlaced({ bidderId: ALAMO, amount: 700_000_00, sequence: 1, at: time('16:01') })));
});

describe('anti-sniping', () => {
  it('extends the end by the extension when a bid comes in the last window', () =>
    given(...anAuction())
      .when(placeBid(ALAMO, 995_000_00), at(time('16:09:00')))
      .then(
        bidPlaced({ bidderId: ALAMO, amount: 995_000_00, sequence: 1, at: time('16:09:00') }),
        auctionExtended({ sequence: 2, from: time('16:10'), to: time('16:12') }),
      ));

  it('does not extend for a bid just before the window', () =>
    given(...anAuction())
      .when(placeBid(ALAMO, 995_000_00), at('2026-03-02T16:08:59.999Z'))
      .then(bidPlaced({ bidderId: ALAMO, amount: 995_000_00, sequence: 1, at: '2026-03-02T16:08:59.999Z' })));

  it('never extends past the maximum end', () =>
    given(...anAuction({ antiSniping: { windowSeconds: 60, extensionSeconds: 120, maximumEndsAt: time('16:11') } }))
      .when(placeBid(ALAMO, 995_000_00), at(time('16:09:30')))
      .then(
        bidPlaced({ bidderId: ALAMO, amount: 995_000_00, sequence: 1, at: time('16:09:30') }),
        auctionExtended({ sequence: 2, from: time('16:10'), to: time('16:11') }),
      ));

  it('records no extension once the maximum end is reached', () =>
    given(...anAuction({ antiSniping: { windowSeconds: 60, extensionSeconds: 120, maximumEndsAt: time('16:10') } }))
      .when(placeBid(ALAMO, 995_000_00), at(time('16:09:30')))
      .then(bidPlaced({ bidderId: ALAMO, amount: 995_000_00, sequence: 1, at: time('16:09:30') })));

  const extended = [
    ...anAuction(),
    bidPlaced({ bidderId: ALAMO, amount: 995_000_00, sequence: 1, at: time('16:09') }),
    auctionExtended({ sequence: 2, from: time('16:10'), to: time('16:12') }),
  ];

  it('keeps the auction running until the new end', () =>
    given(...extended)
      .when(placeBid(BALAM, 940_000_00), at(time('16:10:30')))
      .then(bidPlaced({ bidderId: BALAM, amount: 940_000_00, sequence: 3, at: time('16:10:30') })));

  it('refuses a bid at the new end', () =>
    given(...extended)
      .when(placeBid(BALAM, 940_000_00), at(time('16:12')))
      .thenThrows('auction.not_running'));

  it('does not extend an auction without anti-sniping', () =>
    given(...anAuction({ antiSniping: null }))
      .when(placeBid(ALAMO, 995_000_00), at(time('16:09:59')))
      .then(bidPlaced({ bidderId: ALAMO, amount: 995_000_00, sequence: 1, at: time('16:09:59') })));
});

describe('closing an auction', () => {
  const bids = [
    ...anAuction(),
    bidPlaced({ bidderId: ALAMO, amount: 930_000_00, sequence: 1, at: time('16:01') }),
    bidPlaced({ bidderId: BALAM, amount: 930_000_00, sequence: 2, at: time('16:02') }),
    bidPlaced({ bidderId: ALAMO, amount: 920_000_00, sequence: 3, at: time('16:03') }),
  ];

  it('refuses to close before the end', () =>
    given(...bids)
      .when(closeAuction, at(time('16:09:59')))
      .thenThrows('auction.not_ended', { endsAt: time('16:10') }));

  it('refuses to close before an extended end', () =>
    given(
      ...anAuction(),
      bidPlaced({ bidderId: ALAMO, amount: 995_000_00, sequence: 1, at: time('16:09') }),
      auctionExtended({ sequence: 2, from: time('16:10'), to: time('16:12') }),
    )
      .when(closeAuction, at(time('16:10')))
      .thenThrows('auction.not_ended', { endsAt: time('16:12') }));

  it('records the final ranking (lowest price first) with names, and the savings, at the end', () =>
    given(...bids)
      .when(closeAuction, at(time('16:10')))
      .then({
        type: 'AuctionClosed',
        data: {
          auctionId: AUCTION_ID,
          sequence: 4,
          tenderId: TENDER_ID,
          lotId: LOT_ID,
          currency: 'MXN',
          endsAt: time('16:10'),
          closedAt: time('16:10'),
          ranking: [
            {
              rank: 1,
              bidderId: ALAMO,
              name: 'Constructora Álamo, S.A. de C.V.',
              label: labelOf(ALAMO),
              openingPrice: 1_000_000_00,
              finalPrice: 920_000_00,
              bids: 2,
              lastBidSequence: 3,
              lastBidAt: time('16:03'),
              abnormallyLow: false,
            },
            {
              rank: 2,
              bidderId: BALAM,
              name: 'Grupo Balam Infraestructura',
              label: labelOf(BALAM),
              openingPrice: 950_000_00,
              finalPrice: 930_000_00,
              bids: 1,
              lastBidSequence: 2,
              lastBidAt: time('16:02'),
              abnormallyLow: false,
            },
            {
              rank: 3,
              bidderId: CENTLI,
              name: 'Centli Obras y Servicios',
              label: labelOf(CENTLI),
              openingPrice: 1_020_000_00,
              finalPrice: 1_020_000_00,
              bids: 0,
              lastBidSequence: null,
              lastBidAt: null,
              abnormallyLow: false,
            },
          ],
          bestOpeningPrice: 950_000_00,
          finalPrice: 920_000_00,
          // 30,000.00 of 950,000.00 = 3.157…% → 316 basis points.
          savings: { amount: 30_000_00, basisPoints: 316 },
        },
      }));

  it('ranks equal prices by the earliest bid', () => {
    const closed = closedEvent(bids.slice(0, 3), time('16:10'));
    expect(closed.data.ranking.map((r) => [r.bidderId, r.finalPrice])).toEqual([
      [ALAMO, 930_000_00],
      [BALAM, 930_000_00],
      [CENTLI, 1_020_000_00],
    ]);
  });

  it('ranks an unchanged opening offer before a later bid at the same price', () => {
    const closed = closedEvent(
      [...anAuction(), bidPlaced({ bidderId: ALAMO, amount: 950_000_00, sequence: 1, at: time('16:01') })],
      time('16:10'),
    );
    expect(closed.data.ranking.map((r) => r.bidderId)).toEqual([BALAM, ALAMO, CENTLI]);
  });

  it('records no savings when nobody bid', () => {
    const closed = closedEvent(anAuction(), time('16:30'));
    expect(closed.data).toMatchObject({
      finalPrice: 950_000_00,
      savings: { amount: 0, basisPoints: 0 },
      closedAt: time('16:30'),
      endsAt: time('16:10'),
    });
  });

  it('keeps the abnormally-low flag of the last bid in the ranking', () => {
    const closed = closedEvent(
      [
        ...anAuction(),
        bidPlaced({ bidderId: CENTLI, amount: 600_000_00, sequence: 1, at: time('16:01'), abnormallyLow: true }),
      ],
      time('16:10'),
    );
    expect(closed.data.ranking[0]).toMatchObject({ bidderId: CENTLI, abnormallyLow: true });
  });

  it('closes exactly once', () =>
    given(...bids, closedEvent(bids, time('16:10')))
      .when(closeAuction, at(time('16:11')))
      .thenThrows('auction.already_closed'));

  it('refuses to close an auction that was never scheduled', () =>
    given()
      .when(closeAuction, at(time('16:11')))
      .thenThrows('auction.not_found'));

  it('rounds savings to the nearest basis point', () => {
    expect(savings(3_000, 2_000)).toEqual({ amount: 1_000, basisPoints: 3_333 });
    expect(savings(3_000, 1_000)).toEqual({ amount: 2_000, basisPoints: 6_667 });
  });
});

describe('the phase at a given time', () => {
  const state = stateOf(...anAuction());

  it.each([
    ['15:59:59', 'scheduled'],
    ['16:00', 'running'],
    ['16:09:59', 'running'],
    ['16:10', 'ended'],
  ])('at %s the auction is %s', (when, phase) => expect(phaseAt(state, new Date(time(when)))).toBe(phase));

  it('is closed once the close is recorded, whatever the time', () => {
    const closed = stateOf(...anAuction(), closedEvent(anAuction(), time('16:10')));
    expect(phaseAt(closed, new Date(time('16:05')))).toBe('closed');
  });
});
