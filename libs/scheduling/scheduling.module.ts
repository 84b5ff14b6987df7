import {
  Inject,
  Injectable,
  Logger,
  Module,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { DataSource } from 'typeorm';
import { CommandScheduler, type CommandSchedulerOptions, type ScheduledJobRunner } from './command-scheduler';

/**
 * Marks a Nest provider that implements `ScheduledJobCommand` (or the older `ScheduledCommandHandler`);
 * `SchedulingModule` finds every such provider in the application and registers it with the poller. Put the
 * class in its context's `providers`.
 */
export const RegisterScheduledCommandHandler = DiscoveryService.createDecorator<void>();

/** Optional: `{ provide: SCHEDULER_OPTIONS, useValue: { pollIntervalMs: 100 } }` in a global module (tests). */
export const SCHEDULER_OPTIONS = Symbol('SCHEDULER_OPTIONS');

/** Owns the poller of this process: registers the discovered handlers, starts at bootstrap, stops first at shutdown. */
@Injectable()
export class SchedulerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Scheduler');
  readonly scheduler: CommandScheduler;

  constructor(
    db: DataSource,
    private readonly discovery: DiscoveryService,
    @Optional() @Inject(CLOCK) clock?: Clock,
    @Optional() @Inject(SCHEDULER_OPTIONS) options?: CommandSchedulerOptions,
    @Optional() commandBus?: CommandBus,
  ) {
    this.scheduler = new CommandScheduler(db, clock ?? systemClock, {
      onError: (message) => this.logger.warn(message),
      dispatch: commandBus && ((command) => commandBus.execute(command)),
      ...options,
    });
  }

  onApplicationBootstrap(): void {
    const handlers = this.discovery
      .getProviders({ metadataKey: RegisterScheduledCommandHandler.KEY })
      .map((wrapper) => wrapper.instance as ScheduledJobRunner | undefined)
      .filter((instance): instance is ScheduledJobRunner => isJobRunner(instance));
    this.scheduler.register(...handlers);
    this.scheduler.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop();
  }
}

function isJobRunner(instance: ScheduledJobRunner | undefined): boolean {
  if (!instance) return false;
  return 'run' in instance ? typeof instance.run === 'function' : typeof instance.command === 'function';
}

/**
 * The durable scheduler (README.md): polls `scheduled_commands` in every API process and runs due jobs
 * through the handlers the contexts register. Inject `CommandScheduler` to run due jobs on demand.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    SchedulerLifecycle,
    {
      provide: CommandScheduler,
      useFactory: (lifecycle: SchedulerLifecycle) => lifecycle.scheduler,
      inject: [SchedulerLifecycle],
    },
  ],
  exports: [CommandScheduler],
})
export class SchedulingModule {}
