/**
 * The auctions context: live reverse auctions of tender lots (stream `auction-<id>`, one writer per auction
 * in each process), their commands (`ScheduleLotAuction`, `PlaceBid`, `CloseAuction`) and queries
 * (snapshots, missed messages, live feeds), the closing process manager, the `/auctions` Socket.IO gateway,
 * and the answer to tendering's `AuctionResultsOfTender`. Downstream of tendering: it imports tendering,
 * never the reverse.
 */
export { AuctionsModule, type AuctionsModuleOptions } from './auctions.module';
export {
  CloseAuction,
  PlaceBid,
  ScheduleLotAuction,
  type LotAuctionSettings,
} from './application/commands/auction-commands';
export {
  AuctionMessagesAfter,
  AuctionSnapshotOf,
  AuctionWatchers,
  WatchAuction,
} from './application/queries/auction-queries';
export * from './domain/auction.events';
export type {
  AntiSniping,
  AuctionCommand,
  IsoDateTime,
  MinimumDecrement,
  ParticipantEntry,
  ScheduleAuction,
} from './domain/auction.commands';
export { auctionDecider, minimumStep, phaseAt, ranking, type AuctionState } from './domain/auction.decider';
export type { AuctionSnapshot, AuctionViewer } from './domain/auction.snapshot';
export * from './application/auction.messages';
export type { BidAccepted, BidAck, BidRejected, RequestMeta } from './application/auction-actor';
export { AuctionService, type AuctionServiceOptions } from './application/auction.service';
export { AuctionClosingScheduler } from './application/auction-closing.scheduler';
export { auctionResultOf } from './application/auction-results';
export { lotAuctionId } from './application/auction-from-tender';
export {
  AuctionsGateway,
  AUCTIONS_NAMESPACE,
  PLAIN_SOCKET_MESSAGE,
  SESSION_ENDED_EVENT,
  SOCKET_SESSION_CHECK_MS,
  type AuctionPosition,
  type BidReply,
  type ErrorReply,
  type JoinReply,
} from './http/auctions.gateway';
