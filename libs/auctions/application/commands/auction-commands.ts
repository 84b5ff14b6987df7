import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import type { Principal } from '@licita/identity';
import type { AntiSniping, IsoDateTime, MinimumDecrement } from '../../domain/auction.commands';
import type { AuctionClosed, AuctionScheduled } from '../../domain/auction.events';
import type { BidAck, RequestMeta } from '../auction-actor';

/** The buyer's settings of a lot's auction; who competes, and from which price, is the tender's. */
export type LotAuctionSettings = {
  startsAt: IsoDateTime;
  durationSeconds: number;
  minimumDecrement: MinimumDecrement;
  antiSniping: AntiSniping | null;
  abnormallyLowFloor: number | null;
};

/**
 * Schedules the reverse auction of a tender's lot among the suppliers the evaluation found compliant. The
 * principal must be a buyer of the tender's unit (checked against the tender, not the request).
 */
export class ScheduleLotAuction extends Command<AuctionScheduled> {
  constructor(
    readonly tenderId: string,
    readonly lotId: string,
    readonly settings: LotAuctionSettings,
    readonly principal: Principal,
    readonly context: Pick<CommandContext, 'actor' | 'correlationId'>,
  ) {
    super();
  }
}

/**
 * A supplier's bid: `accepted` (with its sequence) once durable, or `rejected` with a reason code. Rejects only
 * when the event store fails: the outcome is then unknown, and the client retries with the same clientBidId.
 */
export class PlaceBid extends Command<BidAck> {
  constructor(
    readonly auctionId: string,
    readonly bidderId: string,
    readonly amount: number,
    readonly clientBidId: string,
    readonly meta: RequestMeta = {},
    /** A check begun when the bid arrived that must pass before it is decided (see AuctionActor.placeBid). */
    readonly admission?: Promise<unknown>,
  ) {
    super();
  }
}

/** Records the close at the end; refused with `auction.not_ended` (details.endsAt) or `auction.already_closed`. */
export class CloseAuction extends Command<AuctionClosed> {
  constructor(
    readonly auctionId: string,
    readonly meta: RequestMeta = {},
  ) {
    super();
  }
}
