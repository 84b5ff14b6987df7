import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { SupplierRegistry } from '@licita/suppliers/application/supplier-registry';
import { SuppliersModule } from '@licita/suppliers/suppliers.module';
import { DataSource } from 'typeorm';
import { AuctionClosingScheduler } from './application/auction-closing.scheduler';
import { postgresWriterLocks } from './application/auction-writer-lock';
import { AuctionService } from './application/auction.service';
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

/**
 * The auctions context: `AuctionService` (bids, schedule, close, snapshot, bidsAfter), the closing scheduler
 * started with the application, the `/auctions` Socket.IO gateway and the REST mirrors (libs/auctions/http).
 * Uses the global `EVENT_STORE` and, when provided, `CLOCK`.
 */
@Module({})
export class AuctionsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly service: AuctionService,
    @Inject(AuctionClosingScheduler) private readonly scheduler: AuctionClosingScheduler | null,
  ) {}

  static forRoot(options: AuctionsModuleOptions = {}): DynamicModule {
    return {
      module: AuctionsModule,
      imports: [SuppliersModule],
      controllers: [AuctionsController],
      providers: [
        {
          provide: AuctionService,
          useFactory: (store: EventStore, dataSource: DataSource, suppliers: SupplierRegistry, clock?: Clock) =>
            new AuctionService(store, clock ?? systemClock, {
              writerLocks: postgresWriterLocks({ connectionString: options.databaseUrl ?? databaseUrlOf(dataSource) }),
              eligibility: (bidderId, now) => suppliers.canParticipate(bidderId, now),
            }),
          inject: [EVENT_STORE, DataSource, SupplierRegistry, { token: CLOCK, optional: true }],
        },
        {
          provide: AuctionClosingScheduler,
          useFactory: (store: EventStore, service: AuctionService, clock?: Clock) =>
            options.closeAuctions === false
              ? null
              : new AuctionClosingScheduler(store, service, clock ?? systemClock, {
                  onError: (error) => logger.error(`closing auctions: ${String(error)}`),
                }),
          inject: [EVENT_STORE, AuctionService, { token: CLOCK, optional: true }],
        },
        AuctionsGateway,
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

function databaseUrlOf(dataSource: DataSource): string {
  const url = (dataSource.options as { url?: string }).url;
  if (!url) throw new Error('AuctionsModule needs a databaseUrl (the DataSource has no url)');
  return url;
}
