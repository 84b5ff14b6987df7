import {
  Inject,
  Logger,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LeaderElection } from '@licita/scheduling';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { DatabaseClock, LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { CLOCK, type Clock } from '@licita/shared';
import { SupplierRegistry, SuppliersModule } from '@licita/suppliers';
import { DataSource } from 'typeorm';
import { AuctionClosingScheduler } from './application/auction-closing.scheduler';
import { AuctionFeeds } from './application/auction-feeds';
import { postgresWriterLocks } from './application/auction-writer-lock';
import { AuctionService } from './application/auction.service';
import { BidRateLimiter } from './application/bid-rate-limiter';
import { CloseAuction } from './application/commands/auction-commands';
import { CloseAuctionHandler } from './application/commands/close-auction.handler';
import { PlaceBidHandler } from './application/commands/place-bid.handler';
import { ScheduleLotAuctionHandler } from './application/commands/schedule-lot-auction.handler';
import { AuctionMessagesAfterHandler } from './application/queries/auction-messages-after.handler';
import { AuctionResultsOfTenderHandler } from './application/queries/auction-results-of-tender.handler';
import { AuctionSnapshotHandler } from './application/queries/auction-snapshot.handler';
import { WatchAuctionHandler } from './application/queries/watch-auction.handler';
import { AuctionWatchersHandler } from './http/auction-watchers.handler';
import { AuctionsController } from './http/auctions.controller';
import { AuctionsGateway } from './http/auctions.gateway';

export interface AuctionsModuleOptions {
  /**
   * The app's PostgreSQL database, for the per-auction writer locks that make API instances take turns.
   * Default: the database of the app's TypeORM DataSource.
   */
  databaseUrl?: string;
  /** Run the closing scheduler in this process (default true; every API instance may run one). */
  closeAuctions?: boolean;
}

const logger = new Logger('Auctions');
/** Without a configuration (LICITA_CONFIG): the defaults of RATE_LIMIT_BIDS_PER_SECOND and RATE_LIMIT_BID_BURST. */
const DEFAULT_BID_RATE_LIMIT = { perSecond: 10, burst: 20 };
const OPTIONAL_CLOCK = { token: CLOCK, optional: true };
/**
 * The auctions' time: an injected clock (tests), else the database's (`DatabaseClock`), so a bid's time and an
 * auction's end are told by one clock whichever instance receives the bid or closes the auction.
 */
const AUCTION_CLOCK = Symbol('AUCTION_CLOCK');

const HANDLERS = [
  ScheduleLotAuctionHandler,
  PlaceBidHandler,
  CloseAuctionHandler,
  AuctionSnapshotHandler,
  AuctionMessagesAfterHandler,
  WatchAuctionHandler,
  AuctionWatchersHandler,
  AuctionResultsOfTenderHandler,
];

/**
 * The auctions context: its command handlers (`ScheduleLotAuction`, `PlaceBid`, `CloseAuction`) hand every
 * write of an auction to its single writer in this process (`AuctionService` → `AuctionActor`); its query
 * handlers answer snapshots, missed messages, the live feeds and tendering's `AuctionResultsOfTender`. Also the
 * closing scheduler started with the application, the `/auctions` Socket.IO gateway and the REST mirrors.
 * Uses the global `EVENT_STORE`, the global buses and, when provided, `CLOCK` and `LICITA_CONFIG`.
 */
@Module({})
export class AuctionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly stopOffering: () => void;

  constructor(
    private readonly service: AuctionService,
    private readonly feeds: AuctionFeeds,
    @Optional() @Inject(AuctionClosingScheduler) private readonly scheduler: AuctionClosingScheduler | null,
    @Optional() private readonly leaders?: LeaderElection,
  ) {
    // This process's own bids go out as soon as they are durable; the subscription brings other instances' bids.
    this.stopOffering = service.onAppended((auctionId, events) => feeds.offer(auctionId, events));
  }

  static forRoot(options: AuctionsModuleOptions = {}): DynamicModule {
    return {
      module: AuctionsModule,
      imports: [SuppliersModule],
      controllers: [AuctionsController],
      providers: [
        {
          provide: AUCTION_CLOCK,
          useFactory: (dataSource: DataSource, clock?: Clock) => clock ?? DatabaseClock.start(dataSource),
          inject: [DataSource, OPTIONAL_CLOCK],
        },
        {
          provide: AuctionService,
          useFactory: (store: EventStore, dataSource: DataSource, suppliers: SupplierRegistry, clock: Clock) =>
            new AuctionService(store, clock, {
              writerLocks: postgresWriterLocks({ connectionString: options.databaseUrl ?? databaseUrlOf(dataSource) }),
              eligibility: (bidderId, now) => suppliers.canParticipate(bidderId, now),
            }),
          inject: [EVENT_STORE, DataSource, SupplierRegistry, AUCTION_CLOCK],
        },
        {
          provide: AuctionFeeds,
          useFactory: (store: EventStore, clock: Clock) =>
            new AuctionFeeds(store, undefined, {
              clock,
              onError: (error) => logger.error(`auction feed: ${String(error)}`),
            }),
          inject: [EVENT_STORE, AUCTION_CLOCK],
        },
        {
          provide: BidRateLimiter,
          useFactory: (config: LicitaConfig | undefined, clock: Clock) =>
            new BidRateLimiter(config?.bidRateLimit ?? DEFAULT_BID_RATE_LIMIT, clock),
          inject: [{ token: LICITA_CONFIG, optional: true }, AUCTION_CLOCK],
        },
        {
          provide: AuctionClosingScheduler,
          useFactory: (store: EventStore, commands: CommandBus, clock: Clock) =>
            options.closeAuctions === false
              ? null
              : new AuctionClosingScheduler(
                  store,
                  { closeAuction: (auctionId, meta) => commands.execute(new CloseAuction(auctionId, meta)) },
                  clock,
                  { onError: (error) => logger.error(`closing auctions: ${String(error)}`) },
                ),
          inject: [EVENT_STORE, CommandBus, AUCTION_CLOCK],
        },
        AuctionsGateway,
        ...HANDLERS,
      ],
      exports: [AuctionService],
    };
  }

  /** The closing scheduler runs in the one process that leads `auction-closing` (every process without election). */
  async onApplicationBootstrap(): Promise<void> {
    await this.feeds.start();
    const scheduler = this.scheduler;
    if (!scheduler) return;
    if (!this.leaders) return scheduler.start();
    await this.leaders.lead('auction-closing', { start: () => scheduler.start(), stop: () => scheduler.stop() });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopOffering();
    await this.feeds.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler?.stop();
    await this.service.close();
  }
}

function databaseUrlOf(dataSource: DataSource): string {
  const url = (dataSource.options as { url?: string }).url;
  if (!url) throw new Error('AuctionsModule needs a databaseUrl (the DataSource has no url)');
  return url;
}
