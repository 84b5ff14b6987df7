/**
 * The auction room's state, folded from the join snapshot and the live messages (pure, so the rules are easy
 * to read): messages are applied once, in sequence order; a snapshot replaces everything it covers and the
 * messages up to its `lastSequence` then only add their points to the chart.
 */
import type { AuctionRank, AuctionSnapshot, OwnStanding } from './types';

export type PricePoint = { sequence: number; label: string; at: number; amount: number };
export type You = NonNullable<AuctionSnapshot['you']>;
export type Closed = {
  finalPrice: number;
  bestOpeningPrice: number;
  savings: { amount: number; basisPoints: number };
  ranking: AuctionRank[];
};

export type RoomState = {
  snapshot: AuctionSnapshot | null;
  /** The last sequence the ranking reflects. */
  appliedThrough: number;
  /** Every bid seen, by sequence (the chart). */
  points: Map<number, PricePoint>;
  /** The highest sequence received: what a reconnect resumes from. */
  lastSequence: number;
  extendedTo: string | null;
  closed: Closed | null;
  /** The sequence the supplier's own position (`snapshot.you`) is as of. */
  youAsOf: number;
};

export type BidAcceptedMessage = {
  event: 'bid.accepted';
  sequence: number;
  data: { label: string; amount: number; placedAt: string; abnormallyLow: boolean };
};
export type ExtendedMessage = {
  event: 'auction.extended';
  sequence: number;
  data: { previousEndsAt: string; endsAt: string; triggeredBySequence: number };
};
type ClosedRanking = {
  rank: number;
  label: string;
  name: string;
  openingPrice: number;
  finalPrice: number;
  bids: number;
  lastBidAt: string | null;
  abnormallyLow: boolean;
};
export type ClosedMessage = {
  event: 'auction.closed';
  sequence: number;
  data: {
    endsAt: string;
    closedAt: string;
    ranking: ClosedRanking[];
    bestOpeningPrice: number;
    finalPrice: number;
    savings: { amount: number; basisPoints: number };
  };
};
export type AuctionMessage = BidAcceptedMessage | ExtendedMessage | ClosedMessage;
export type Position = OwnStanding & { asOfSequence: number };

export const emptyRoom = (): RoomState => ({
  snapshot: null,
  appliedThrough: -1,
  points: new Map(),
  lastSequence: -1,
  extendedTo: null,
  closed: null,
  youAsOf: -1,
});

export function withSnapshot(state: RoomState, snapshot: AuctionSnapshot): RoomState {
  const closed = snapshot.result && {
    finalPrice: snapshot.result.finalPrice,
    bestOpeningPrice: snapshot.result.bestOpeningPrice,
    savings: snapshot.result.savings,
    ranking: snapshot.ranking,
  };
  return {
    ...state,
    snapshot,
    youAsOf: snapshot.lastSequence,
    appliedThrough: snapshot.lastSequence,
    lastSequence: Math.max(state.lastSequence, snapshot.lastSequence),
    closed: closed ?? state.closed,
  };
}

export function withMessage(state: RoomState, message: AuctionMessage): RoomState {
  // An extension replayed on a resume still tells the banner (the snapshot already has the new end).
  if (message.event === 'auction.extended' && (state.extendedTo === null || message.data.endsAt > state.extendedTo))
    state = { ...state, extendedTo: message.data.endsAt };
  const seen =
    message.sequence <= state.lastSequence && (message.event !== 'bid.accepted' || state.points.has(message.sequence));
  if (seen) return state;
  let next: RoomState = { ...state, lastSequence: Math.max(state.lastSequence, message.sequence) };
  if (message.event === 'bid.accepted') {
    const points = new Map(state.points);
    points.set(message.sequence, {
      sequence: message.sequence,
      label: message.data.label,
      at: Date.parse(message.data.placedAt),
      amount: message.data.amount,
    });
    next = { ...next, points };
  }
  if (!next.snapshot || message.sequence <= next.appliedThrough) return next;
  next = { ...next, appliedThrough: message.sequence };
  switch (message.event) {
    case 'bid.accepted': {
      const ranking = rerank(next.snapshot!.ranking, message);
      const snapshot = {
        ...next.snapshot!,
        bidCount: next.snapshot!.bidCount + 1,
        lastSequence: message.sequence,
        ranking,
        you: ownPosition(next.snapshot!, ranking),
      };
      return { ...next, snapshot };
    }
    case 'auction.extended':
      return {
        ...next,
        extendedTo: message.data.endsAt,
        snapshot: { ...next.snapshot!, endsAt: message.data.endsAt, lastSequence: message.sequence },
      };
    case 'auction.closed': {
      const ranking: AuctionRank[] = message.data.ranking.map((line) => ({
        rank: line.rank,
        label: line.label,
        name: line.name,
        amount: line.finalPrice,
        openingPrice: line.openingPrice,
        bids: line.bids,
        lastBidAt: line.lastBidAt,
        abnormallyLow: line.abnormallyLow,
        ...(next.snapshot!.ranking.find((own) => own.label === line.label && own.you) ? { you: true as const } : {}),
      }));
      const { finalPrice, bestOpeningPrice, savings } = message.data;
      return {
        ...next,
        closed: { finalPrice, bestOpeningPrice, savings, ranking },
        snapshot: { ...next.snapshot!, phase: 'closed', ranking, lastSequence: message.sequence },
      };
    }
  }
}

/** Lowest price first, then the earliest last bid (an untouched opening offer counts as earliest), then as before. */
function rerank(ranking: AuctionRank[], bid: BidAcceptedMessage): AuctionRank[] {
  const updated = ranking.map((line) =>
    line.label === bid.data.label
      ? {
          ...line,
          amount: bid.data.amount,
          bids: line.bids + 1,
          lastBidAt: bid.data.placedAt,
          abnormallyLow: bid.data.abnormallyLow,
        }
      : line,
  );
  const order = new Map(ranking.map((line, index) => [line.label, index]));
  const bidTime = (line: AuctionRank) =>
    line.lastBidAt === null || line.bids === 0 ? -Infinity : Date.parse(line.lastBidAt);
  return updated
    .sort((a, b) => a.amount - b.amount || bidTime(a) - bidTime(b) || order.get(a.label)! - order.get(b.label)!)
    .map((line, index) => ({ ...line, rank: index + 1 }));
}

/** The own line's new rank and price at once; the step of a percentage decrement waits for the server's position. */
function ownPosition(snapshot: AuctionSnapshot, ranking: AuctionRank[]): AuctionSnapshot['you'] {
  const you = snapshot.you;
  const line = ranking.find((l) => l.you);
  if (!you || !line || (line.amount === you.amount && line.rank === you.rank)) return you;
  if (snapshot.minimumDecrement.kind !== 'absolute') return { ...you, rank: line.rank };
  const step = snapshot.minimumDecrement.amount;
  return { ...you, rank: line.rank, amount: line.amount, minimumStep: step, highestAcceptableBid: line.amount - step };
}

/** A supplier's own position, pushed to its socket when its rank or price changes (an older one is ignored). */
export function withPosition(state: RoomState, position: Position): RoomState {
  if (!state.snapshot || position.asOfSequence < state.youAsOf) return state;
  const { label, name, rank, amount, minimumStep, highestAcceptableBid } = position;
  return {
    ...state,
    youAsOf: position.asOfSequence,
    snapshot: { ...state.snapshot, you: { label, name, rank, amount, minimumStep, highestAcceptableBid } },
  };
}
