import { DomainError } from '@licita/shared';
import { at } from '../../../test/support/decider-spec';
import type { AuctionEvent } from './auction.events';
import { auctionDecider } from './auction.decider';
import { auctionSnapshot } from './auction.snapshot';
import {
  ALAMO,
  anAuction,
  aParticipantList,
  auctionExtended,
  auctionScheduled,
  BALAM,
  bidPlaced,
  CENTLI,
  labelOf,
  time,
} from './auction.scenarios';

const stateOf = (...events: AuctionEvent[]) => events.reduce(auctionDecider.evolve, auctionDecider.initialState());
const running = [
  ...anAuction(),
  bidPlaced({ bidderId: ALAMO, amount: 930_000_00, sequence: 1, at: time('16:01') }),
  bidPlaced({ bidderId: CENTLI, amount: 940_000_00, sequence: 2, at: time('16:09:30') }),
  auctionExtended({ sequence: 3, from: time('16:10'), to: time('16:12') }),
];
const closeAt = (events: AuctionEvent[], when: string) => [
  ...events,
  ...auctionDecider.decide({ type: 'CloseAuction', auctionId: 'ignored' }, stateOf(...events), at(when)),
];

describe('the auction snapshot', () => {
  it('shows the public the ranking under anonymous labels, the server time, the end and the last sequence', () => {
    const snapshot = auctionSnapshot(stateOf(...running), { role: 'public' }, new Date(time('16:10:05')));
    expect(snapshot).toMatchObject({
      phase: 'running',
      serverTime: time('16:10:05'),
      endsAt: time('16:12'),
      maximumEndsAt: time('16:20'),
      lastSequence: 3,
      bidCount: 2,
      you: null,
      result: null,
    });
    expect(snapshot.ranking).toEqual([
      {
        rank: 1,
        label: labelOf(ALAMO),
        amount: 930_000_00,
        openingPrice: 1_000_000_00,
        bids: 1,
        lastBidAt: time('16:01'),
        abnormallyLow: false,
      },
      {
        rank: 2,
        label: labelOf(CENTLI),
        amount: 940_000_00,
        openingPrice: 1_020_000_00,
        bids: 1,
        lastBidAt: time('16:09:30'),
        abnormallyLow: false,
      },
      {
        rank: 3,
        label: labelOf(BALAM),
        amount: 950_000_00,
        openingPrice: 950_000_00,
        bids: 0,
        lastBidAt: null,
        abnormallyLow: false,
      },
    ]);
  });

  it('shows the buyer the same anonymous view', () => {
    const state = stateOf(...running);
    const now = new Date(time('16:05'));
    expect(auctionSnapshot(state, { role: 'buyer' }, now)).toEqual(auctionSnapshot(state, { role: 'public' }, now));
  });

  it('shows a supplier its own name and rank, and the highest bid it may place, and nobody else’s name', () => {
    const snapshot = auctionSnapshot(
      stateOf(...running),
      { role: 'supplier', bidderId: CENTLI },
      new Date(time('16:05')),
    );
    expect(snapshot.you).toEqual({
      label: labelOf(CENTLI),
      name: 'Centli Obras y Servicios',
      rank: 2,
      amount: 940_000_00,
      minimumStep: 5_000_00,
      highestAcceptableBid: 935_000_00,
    });
    expect(snapshot.ranking[1]).toMatchObject({ you: true, name: 'Centli Obras y Servicios' });
    expect(snapshot.ranking.filter((line) => line.name !== undefined)).toHaveLength(1);
  });

  it('shows a supplier that is not a participant the public view', () => {
    const snapshot = auctionSnapshot(
      stateOf(...running),
      { role: 'supplier', bidderId: 'supplier-other' },
      new Date(time('16:05')),
    );
    expect(snapshot.you).toBeNull();
    expect(snapshot.ranking.every((line) => line.name === undefined)).toBe(true);
  });

  it('says the auction has ended before the close is recorded', () =>
    expect(auctionSnapshot(stateOf(...running), { role: 'public' }, new Date(time('16:12'))).phase).toBe('ended'));

  it('says the auction is scheduled before the start', () =>
    expect(auctionSnapshot(stateOf(...anAuction()), { role: 'public' }, new Date(time('15:00'))).phase).toBe(
      'scheduled',
    ));

  it('reveals every name and the savings once closed', () => {
    const snapshot = auctionSnapshot(
      stateOf(...closeAt(running, time('16:12'))),
      { role: 'public' },
      new Date(time('16:13')),
    );
    expect(snapshot).toMatchObject({
      phase: 'closed',
      lastSequence: 4,
      result: {
        bestOpeningPrice: 950_000_00,
        finalPrice: 930_000_00,
        savings: { amount: 20_000_00, basisPoints: 211 },
      },
    });
    expect(snapshot.ranking.map((line) => line.name)).toEqual([
      'Constructora Álamo, S.A. de C.V.',
      'Centli Obras y Servicios',
      'Grupo Balam Infraestructura',
    ]);
  });

  it('does not tell the submission order of participants tied at their opening price before the close', () => {
    // Listed (submitted) in the order Centli, Balam, Álamo, all at the same opening price.
    const participants = [...aParticipantList()].reverse().map((p) => ({ ...p, openingPrice: 950_000_00 }));
    const state = stateOf(auctionScheduled({ participants }));
    const labels = participants.map((p) => labelOf(p.bidderId)).sort();
    for (const viewer of [{ role: 'public' }, { role: 'buyer' }, { role: 'supplier', bidderId: CENTLI }] as const) {
      const snapshot = auctionSnapshot(state, viewer, new Date(time('16:01')));
      expect(snapshot.ranking.map((line) => [line.rank, line.label])).toEqual(labels.map((label) => [1, label]));
      if (viewer.role === 'supplier') expect(snapshot.you?.rank).toBe(1);
    }
    const closed = stateOf(...closeAt([auctionScheduled({ participants })], time('16:10')));
    expect(auctionSnapshot(closed, { role: 'public' }, new Date(time('16:11'))).ranking.map((l) => l.rank)).toEqual([
      1, 2, 3,
    ]);
  });

  it('gives each supplier the rank of its own line, counted without sorting (ties by earlier bid; the full order once closed)', () => {
    const tied = [...running, bidPlaced({ bidderId: BALAM, amount: 930_000_00, sequence: 4, at: time('16:10:30') })];
    for (const [events, when] of [
      [tied, time('16:11')],
      [closeAt(tied, time('16:12')), time('16:13')],
      [anAuction({ participants: aParticipantList().map((p) => ({ ...p, openingPrice: 950_000_00 })) }), time('16:01')],
    ] as const) {
      for (const bidderId of [ALAMO, BALAM, CENTLI]) {
        const snapshot = auctionSnapshot(stateOf(...events), { role: 'supplier', bidderId }, new Date(when));
        expect(snapshot.you?.rank).toBe(snapshot.ranking.find((line) => line.you)?.rank);
      }
    }
    const ranks = (bidderId: string) =>
      auctionSnapshot(stateOf(...tied), { role: 'supplier', bidderId }, new Date(time('16:11'))).you?.rank;
    expect([ranks(ALAMO), ranks(BALAM), ranks(CENTLI)]).toEqual([1, 2, 3]);
  });

  it('refuses an auction that does not exist', () => {
    expect(() => auctionSnapshot(stateOf(), { role: 'public' }, new Date())).toThrow(DomainError);
  });
});
