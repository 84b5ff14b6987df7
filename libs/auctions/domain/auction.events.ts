import type { AntiSniping, IsoDateTime, MinimumDecrement } from './auction.commands';

/** Streams of this context: one per auction. */
export const auctionStream = (auctionId: string) => `auction-${auctionId}`;

/**
 * Every event of an auction carries `sequence`: 0 for `AuctionScheduled`, then 1, 2, 3… for each bid,
 * extension and the close, in the order they happened. It equals the event's revision in the auction's
 * stream, so "everything after sequence n" is a stream read from revision n + 1.
 */
export type AuctionParticipantEntry = { bidderId: string; name: string; label: string; openingPrice: number };

/** What the opening and the closing event both say: which tender's lot the auction is for, in which currency. */
export type LotOfAuction = { auctionId: string; sequence: number; tenderId: string; lotId: string; currency: string };

export type AuctionScheduled = {
  type: 'AuctionScheduled';
  data: LotOfAuction & {
    startsAt: IsoDateTime;
    endsAt: IsoDateTime;
    minimumDecrement: MinimumDecrement;
    antiSniping: AntiSniping | null;
    abnormallyLowFloor: number | null;
    participants: AuctionParticipantEntry[];
    /**
     * A secret derived from the auction's label seed (`auctionBlind`), never public. The ledger publishes this
     * event without `participants` and commits to all of it; everything else is public and the snapshot shows
     * each label's opening price, so without the blind hashing the 24 assignments of four labels to the four
     * named bidders found the committed one. Absent on events written before it.
     */
    blind?: string;
    /** Practice mode: the factor the times above were divided by (ScheduleAuction); absent means real time. */
    timeAcceleration?: number;
  };
};

export type BidPlaced = {
  type: 'BidPlaced';
  data: {
    auctionId: string;
    sequence: number;
    bidderId: string;
    /** The anonymous name everyone else sees during the auction ("Participant 2"). */
    label: string;
    clientBidId: string;
    amount: number;
    previousAmount: number;
    placedAt: IsoDateTime;
    /** Below the auction's abnormally-low floor: accepted, but flagged for the evaluation committee. */
    abnormallyLow: boolean;
  };
};

/** Anti-sniping moved the end; `triggeredBySequence` is the bid that did it. */
export type AuctionExtended = {
  type: 'AuctionExtended';
  data: {
    auctionId: string;
    sequence: number;
    previousEndsAt: IsoDateTime;
    endsAt: IsoDateTime;
    triggeredBySequence: number;
  };
};

export type FinalRank = {
  rank: number;
  bidderId: string;
  name: string;
  label: string;
  openingPrice: number;
  finalPrice: number;
  bids: number;
  /** The sequence and time of its last bid; `null` for a participant that kept its opening price. */
  lastBidSequence: number | null;
  lastBidAt: IsoDateTime | null;
  abnormallyLow: boolean;
};

/** Savings from the best opening price to the winning price: centavos, and basis points (1234 = 12.34 %). */
export type Savings = { amount: number; basisPoints: number };

export type AuctionClosed = {
  type: 'AuctionClosed';
  data: LotOfAuction & {
    /** The end that applied (after any extension) and when the close was recorded. */
    endsAt: IsoDateTime;
    closedAt: IsoDateTime;
    /** Lowest price first, then earliest bid; names revealed. Handed to the tender's award step. */
    ranking: FinalRank[];
    bestOpeningPrice: number;
    finalPrice: number;
    savings: Savings;
  };
};

export type AuctionEvent = AuctionScheduled | BidPlaced | AuctionExtended | AuctionClosed;

/** Every type once: the compiler refuses a new event type missing here. */
const TYPE_SET: Record<AuctionEvent['type'], true> = {
  AuctionScheduled: true,
  BidPlaced: true,
  AuctionExtended: true,
  AuctionClosed: true,
};
export const AUCTION_EVENT_TYPES = Object.keys(TYPE_SET) as ReadonlyArray<AuctionEvent['type']>;

/** A type guard for the stored events (anything with `type` and `data`) of one context, by their types. */
export function eventTypeGuard<E extends { type: string }>(types: ReadonlyArray<E['type']>) {
  const known: ReadonlySet<string> = new Set(types);
  return <T extends { type: string; data: unknown }>(recorded: T): recorded is T & E => known.has(recorded.type);
}

/** A stored event that is one of this context's events. */
export const isAuctionEvent = eventTypeGuard<AuctionEvent>(AUCTION_EVENT_TYPES);

/**
 * A stored event of an auction stream as the typed event it was appended as: the type is checked, the payload
 * is what `decide` wrote. Throws on an event of another context (a wrong stream or filter).
 */
export function asAuctionEvent<T extends { type: string; data: unknown }>(recorded: T): T & AuctionEvent {
  if (!isAuctionEvent(recorded)) throw new Error(`not an auction event: ${recorded.type}`);
  return recorded;
}
