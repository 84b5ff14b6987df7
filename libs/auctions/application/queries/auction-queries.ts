import { Query } from '@nestjs/cqrs';
import type { AuctionSnapshot, AuctionViewer } from '../../domain/auction.snapshot';
import type { AuctionFeed, FeedSink } from '../auction-feeds';
import type { AuctionMessage } from '../auction.messages';

/** What this viewer may see of the auction now, as of the snapshot's `lastSequence` (read from the stream). */
export class AuctionSnapshotOf extends Query<AuctionSnapshot> {
  constructor(
    readonly auctionId: string,
    readonly viewer: AuctionViewer,
  ) {
    super();
  }
}

/** The broadcast messages after `afterSequence`, in order (at most `limit`): what a reconnecting client missed. */
export class AuctionMessagesAfter extends Query<AuctionMessage[]> {
  constructor(
    readonly auctionId: string,
    readonly afterSequence: number,
    readonly limit = 1_000,
  ) {
    super();
  }
}

/**
 * The auction as this process follows it (a live read model): its feed, read and kept up to date, counting
 * one more watcher until `feed.release()`. Every new event goes to `sink`, in sequence order.
 */
export class WatchAuction extends Query<AuctionFeed> {
  constructor(
    readonly auctionId: string,
    readonly sink: FeedSink,
  ) {
    super();
  }
}

/** How many Socket.IO clients watch the auction, over every API instance. */
export class AuctionWatchers extends Query<{ auctionId: string; watchers: number; instances: number }> {
  constructor(readonly auctionId: string) {
    super();
  }
}
