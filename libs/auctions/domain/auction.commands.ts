/** An instant in UTC, ISO 8601 (`2026-03-02T16:00:00.000Z`). */
export type IsoDateTime = string;

/** How much a bid must lower the bidder's own current price: fixed centavos, or basis points of that price. */
export type MinimumDecrement = { kind: 'absolute'; amount: number } | { kind: 'percent'; basisPoints: number };

/** A bid in the last `windowSeconds` moves the end `extensionSeconds` later, never past `maximumEndsAt`. */
export type AntiSniping = { windowSeconds: number; extensionSeconds: number; maximumEndsAt: IsoDateTime };

/** A supplier whose proposal was found compliant, starting from its opened economic offer (centavos). */
export type ParticipantEntry = { bidderId: string; name: string; openingPrice: number };

export type ScheduleAuction = {
  type: 'ScheduleAuction';
  auctionId: string;
  tenderId: string;
  lotId: string;
  currency: string;
  startsAt: IsoDateTime;
  durationSeconds: number;
  minimumDecrement: MinimumDecrement;
  antiSniping: AntiSniping | null;
  /** A bid below this (centavos) is accepted but flagged as abnormally low; `null`: no floor. */
  abnormallyLowFloor: number | null;
  /** In the order the proposals were submitted: it breaks ties between unchanged opening prices. */
  participants: ParticipantEntry[];
  /**
   * Random, at least 128 bits in hex, drawn where the command is made and never published: it shuffles the
   * labels, so that nobody can compute who is "Participant n" from the public auction and supplier ids.
   */
  labelSeed: string;
  /**
   * Practice mode: the tender's time-acceleration factor (1..100000; absent: 1), taken from the tender, never from
   * the buyer. The duration, the anti-sniping window and extension, and the maximum end's distance from the start
   * are divided by it (at least one second each); the event records the real times and the factor.
   */
  timeAcceleration?: number;
};

export type PlaceBid = {
  type: 'PlaceBid';
  auctionId: string;
  bidderId: string;
  /** The new total price in centavos. */
  amount: number;
  /** Chosen by the client; a repeat from the same bidder gets the original outcome (handled by the actor). */
  clientBidId: string;
};

export type CloseAuction = { type: 'CloseAuction'; auctionId: string };

export type AuctionCommand = ScheduleAuction | PlaceBid | CloseAuction;
