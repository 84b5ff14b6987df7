import { Inject, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { AuctionClosingScheduler } from './application/auction-closing.scheduler';
import { postgresWriterLocks } from './application/auction-writer-lock';
import { AuctionService } from './application/auction.service';

export interface AuctionsModuleOptions {
  /** The app's PostgreSQL database, for the per-auction writer locks that make API instances take turns. */
  databaseUrl: string;
  /** Run the closing scheduler in this process (default true; every API instance may run one). */
  closeAuctions?: boolean;
}

const logger = new Logger('Auctions');

/**
 * The auctions write side: `AuctionService` (bids, schedule, close, snapshot, bidsAfter) and the closing
 * scheduler, started with the application. Uses the global `EVENT_STORE` and, when provided, `CLOCK`.
 */
@Module({})
export class AuctionsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly service: AuctionService,
    @Inject(AuctionClosingScheduler) private readonly scheduler: AuctionClosingScheduler | null,
  ) {}

  static forRoot(options: AuctionsModuleOptions): DynamicModule {
    return {
      module: AuctionsModule,
      providers: [
        {
          provide: AuctionService,
          useFactory: (store: EventStore, clock?: Clock) =>
            new AuctionService(store, clock ?? systemClock, { writerLocks: postgresWriterLocks({ connectionString: options.databaseUrl }) }),
          inject: [EVENT_STORE, { token: CLOCK, optional: true }],
        },
        {
          provide: AuctionClosingScheduler,
          useFactory: (store: EventStore, service: AuctionService, clock?: Clock) =>
            options.closeAuctions === false
              ? null
              : new AuctionClosingScheduler(store, service, clock ?? systemClock, { onError: (error) => logger.error(`closing auctions: ${String(error)}`) }),
          inject: [EVENT_STORE, AuctionService, { token: CLOCK, optional: true }],
        },
      ],
      exports: [AuctionService],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler?.stop();
    await this.service.close();
  }
}
