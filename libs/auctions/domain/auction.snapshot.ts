import { notFound } from '@licita/shared';
import type { IsoDateTime, MinimumDecrement } from './auction.commands';
import type { Savings } from './auction.events';
import { minimumStep, phaseAt, ranking, type AuctionPhase, type AuctionState } from './auction.decider';

/** Who is looking: the public and the buyer see labels only; a supplier also sees its own name and rank. */
export type AuctionViewer = { role: 'public' } | { role: 'buyer' } | { role: 'supplier'; bidderId: string };

export type SnapshotRank = {
  rank: number;
  label: string;
  amount: number;
  openingPrice: number;
  bids: number;
  lastBidAt: IsoDateTime | null;
  abnormallyLow: boolean;
  /** Only on the viewer's own line during the auction; on every line once it is closed. */
  name?: string;
  you?: true;
};

export type AuctionSnapshot = {
  auctionId: string;
  tenderId: string;
  lotId: string;
  currency: string;
  phase: Exclude<AuctionPhase, 'unscheduled'>;
  serverTime: IsoDateTime;
  startsAt: IsoDateTime;
  endsAt: IsoDateTime;
  maximumEndsAt: IsoDateTime | null;
  minimumDecrement: MinimumDecrement;
  /** The last event this snapshot includes; live events and `bidsAfter` continue from here. */
  lastSequence: number;
  bidCount: number;
  ranking: SnapshotRank[];
  /** A participating supplier's own position and the highest bid it may place now. */
  you: {
    label: string;
    name: string;
    rank: number;
    amount: number;
    minimumStep: number;
    highestAcceptableBid: number;
  } | null;
  /** After the close: best opening price, winning price, savings. */
  result: { bestOpeningPrice: number; finalPrice: number; savings: Savings } | null;
};

/** What a viewer may see of an auction at server time `now`. Pure: the caller brings the state and the time. */
export function auctionSnapshot(state: AuctionState, viewer: AuctionViewer, now: Date): AuctionSnapshot {
  if (state.status === 'unscheduled') throw notFound('auction.not_found', 'no such auction');
  const { auctionId, tenderId, lotId, currency, startsAt, minimumDecrement, antiSniping } = state.settings;
  const revealed = state.status === 'closed';
  const ownId = viewer.role === 'supplier' ? viewer.bidderId : null;
  const ranked = ranking(state.participants).map((p, index): SnapshotRank => {
    const line: SnapshotRank = {
      rank: index + 1,
      label: p.label,
      amount: p.price,
      openingPrice: p.openingPrice,
      bids: p.bids,
      lastBidAt: p.lastBidAt,
      abnormallyLow: p.abnormallyLow,
    };
    if (revealed || p.bidderId === ownId) line.name = p.name;
    if (p.bidderId === ownId) line.you = true;
    return line;
  });
  const own = ranked.find((line) => line.you);
  const step = own ? minimumStep(minimumDecrement, own.amount) : 0;
  return {
    auctionId,
    tenderId,
    lotId,
    currency,
    phase: phaseAt(state, now) as AuctionSnapshot['phase'],
    serverTime: now.toISOString(),
    startsAt,
    endsAt: state.endsAt,
    maximumEndsAt: antiSniping?.maximumEndsAt ?? null,
    minimumDecrement,
    lastSequence: state.lastSequence,
    bidCount: state.bidCount,
    ranking: ranked,
    you: own
      ? {
          label: own.label,
          name: own.name!,
          rank: own.rank,
          amount: own.amount,
          minimumStep: step,
          highestAcceptableBid: own.amount - step,
        }
      : null,
    result: state.result && {
      bestOpeningPrice: state.result.bestOpeningPrice,
      finalPrice: state.result.finalPrice,
      savings: state.result.savings,
    },
  };
}
