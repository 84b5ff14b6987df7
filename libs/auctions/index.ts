export { AUCTION_EVENT_TYPES } from './domain/auction.events';
export type { AuctionClosed } from './domain/auction.events';
export type { AuctionScheduled } from './domain/auction.events';
