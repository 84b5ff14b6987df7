import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { CommandExecutor } from './command-executor';
import { createEventStore, type EventStoreConfig } from './create-event-store';
import { EVENT_STORE, type EventStore } from './event-store.port';

/** Provides the configured `EventStore` (token `EVENT_STORE`) and a `CommandExecutor` to every module. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(config: EventStoreConfig): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        { provide: EVENT_STORE, useFactory: () => createEventStore(config) },
        {
          provide: CommandExecutor,
          useFactory: (store: EventStore) => new CommandExecutor(store),
          inject: [EVENT_STORE],
        },
      ],
      exports: [EVENT_STORE, CommandExecutor],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
