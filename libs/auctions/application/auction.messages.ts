import type { AuctionClosed, AuctionEvent, AuctionExtended, BidPlaced } from '../domain/auction.events';

/**
 * What watchers of an auction receive, built from its events as they come out of the event store (the
 * gateway's subscription, or `bidsAfter` on resume). During the auction bidders appear by label only: the
 * bidder's id stays in the event and out of the message. The close reveals names.
 */
export type BidAcceptedMessage = {
  event: 'bid.accepted';
  auctionId: string;
  sequence: number;
  data: Omit<BidPlaced['data'], 'bidderId' | 'clientBidId' | 'previousAmount'>;
};
export type AuctionExtendedMessage = {
  event: 'auction.extended';
  auctionId: string;
  sequence: number;
  data: AuctionExtended['data'];
};
export type AuctionClosedMessage = {
  event: 'auction.closed';
  auctionId: string;
  sequence: number;
  data: AuctionClosed['data'];
};

export type AuctionMessage = BidAcceptedMessage | AuctionExtendedMessage | AuctionClosedMessage;

/** The message for one auction event (a recorded event will do); `null` for events watchers do not get. */
export function toAuctionMessage(recorded: { type: string; data: unknown }): AuctionMessage | null {
  const event = recorded as AuctionEvent;
  switch (event.type) {
    case 'BidPlaced': {
      const { auctionId, sequence, label, amount, placedAt, abnormallyLow } = event.data;
      return {
        event: 'bid.accepted',
        auctionId,
        sequence,
        data: { auctionId, sequence, label, amount, placedAt, abnormallyLow },
      };
    }
    case 'AuctionExtended':
      return {
        event: 'auction.extended',
        auctionId: event.data.auctionId,
        sequence: event.data.sequence,
        data: event.data,
      };
    case 'AuctionClosed':
      return {
        event: 'auction.closed',
        auctionId: event.data.auctionId,
        sequence: event.data.sequence,
        data: event.data,
      };
    default:
      return null;
  }
}
