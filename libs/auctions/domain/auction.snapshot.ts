import { notFound } from '@licita/shared';
import type { IsoDateTime, MinimumDecrement } from './auction.commands';
import type { Savings } from './auction.events';
import {
  minimumStep,
  phaseAt,
  ranking,
  type AuctionParticipant,
  type AuctionPhase,
  type AuctionState,
  type ScheduledAuction,
} from './auction.decider';

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
  you: SupplierPosition | null;
  /** After the close: best opening price, winning price, savings. */
  result: { bestOpeningPrice: number; finalPrice: number; savings: Savings } | null;
};

/** A supplier's own standing: rank by price then earliest bid, and the highest bid it may place now. */
export type SupplierPosition = {
  label: string;
  name: string;
  rank: number;
  amount: number;
  minimumStep: number;
  highestAcceptableBid: number;
};

/**
 * Until the close, participants still at the same unchanged opening price are tied in public: the tie-break
 * between them is the order their proposals were submitted in, which the opening act publishes by name, so
 * showing it would tell who is behind each label. They share a rank and are listed by label.
 */
const standing = (p: AuctionParticipant) => [p.price, p.lastBidSequence ?? 0] as const;
const better = (a: AuctionParticipant, b: AuctionParticipant) => {
  const [pa, sa] = standing(a);
  const [pb, sb] = standing(b);
  return pa < pb || (pa === pb && sa < sb);
};
const sharedRank = (participants: AuctionParticipant[], p: AuctionParticipant) =>
  1 + participants.filter((other) => better(other, p)).length;
const withoutSubmissionOrder = (participants: AuctionParticipant[]) =>
  [...participants].sort(
    (a, b) => sharedRank(participants, a) - sharedRank(participants, b) || (a.label < b.label ? -1 : 1),
  );

/** What a viewer may see of an auction at server time `now`. Pure: the caller brings the state and the time. */
export function auctionSnapshot(state: AuctionState, viewer: AuctionViewer, now: Date): AuctionSnapshot {
  if (state.status === 'unscheduled') throw notFound('auction.not_found', 'no such auction');
  const { auctionId, tenderId, lotId, currency, startsAt, minimumDecrement, antiSniping } = state.settings;
  const revealed = state.status === 'closed';
  const ownId = viewer.role === 'supplier' ? viewer.bidderId : null;
  const participants = ranking(state.participants);
  const lines = revealed ? participants : withoutSubmissionOrder(participants);
  const ranked = lines.map((p, index): SnapshotRank => {
    const line: SnapshotRank = {
      rank: revealed ? index + 1 : sharedRank(participants, p),
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
    you: ownId === null ? null : ownPosition(state, ownId, revealed),
    result: state.result && {
      bestOpeningPrice: state.result.bestOpeningPrice,
      finalPrice: state.result.finalPrice,
      savings: state.result.savings,
    },
  };
}

/**
 * The supplier's position as it is shown to it: before the close, its rank is the shared one of the ranking.
 * Counted in one pass over the participants, without sorting them (a snapshot's own line). The live gateway,
 * which asks every watching supplier's position after each batch of bids, keeps `AuctionStandings` instead.
 */
export function ownPosition(
  state: ScheduledAuction,
  bidderId: string,
  revealed = state.status === 'closed',
): SupplierPosition | null {
  const own = state.participants.find((p) => p.bidderId === bidderId);
  if (!own) return null;
  const ahead = revealed
    ? (other: AuctionParticipant) => rankedBefore(other, own)
    : (other: AuctionParticipant) => better(other, own);
  let rank = 1;
  for (const other of state.participants) if (ahead(other)) rank++;
  return positionAt(state, own, rank);
}

/** A participant's position at a rank, with the step its next bid must lower its price by. */
export function positionAt(state: ScheduledAuction, own: AuctionParticipant, rank: number): SupplierPosition {
  const step = minimumStep(state.settings.minimumDecrement, own.price);
  return {
    label: own.label,
    name: own.name,
    rank,
    amount: own.price,
    minimumStep: step,
    highestAcceptableBid: own.price - step,
  };
}

/** `a` comes before `b` in `ranking`: lower price, then earlier last bid, then earlier proposal. */
const rankedBefore = (a: AuctionParticipant, b: AuctionParticipant) =>
  (a.price - b.price || (a.lastBidSequence ?? 0) - (b.lastBidSequence ?? 0) || a.order - b.order) < 0;
