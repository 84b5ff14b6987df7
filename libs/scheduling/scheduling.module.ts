import { hostname } from 'node:os';
import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { DataSource } from 'typeorm';
import { CommandScheduler, type CommandSchedulerOptions, type ScheduledJobRunner } from './command-scheduler';
import { IdempotencyHousekeeping } from './idempotency-housekeeping';
import { LeaderElection } from './leader-election';

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
    private readonly leaders: LeaderElection,
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

  /** Registers the handlers everywhere (on-demand runs); polls only in the process that leads `command-scheduler`. */
  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.discovery
      .getProviders({ metadataKey: RegisterScheduledCommandHandler.KEY })
      .map((wrapper) => wrapper.instance as ScheduledJobRunner | undefined)
      .filter((instance): instance is ScheduledJobRunner => isJobRunner(instance));
    this.scheduler.register(...handlers);
    await this.leaders.lead('command-scheduler', {
      start: () => this.scheduler.start(),
      stop: () => this.scheduler.stop(),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.scheduler.stop();
  }
}

function isJobRunner(instance: ScheduledJobRunner | undefined): boolean {
  if (!instance) return false;
  return 'run' in instance ? typeof instance.run === 'function' : typeof instance.command === 'function';
}

/** Closes the leader election last, after the led jobs' own shutdown hooks. */
@Injectable()
export class LeadershipLifecycle implements OnApplicationShutdown {
  constructor(private readonly leaders: LeaderElection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.leaders.close();
  }
}

/**
 * The durable scheduler (README.md): polls `scheduled_commands` and runs due jobs through the handlers the
 * contexts register, in the one process that leads it. Inject `CommandScheduler` to run due jobs on demand.
 * Global: every context's background job campaigns through its `LeaderElection`.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    SchedulerLifecycle,
    LeadershipLifecycle,
    IdempotencyHousekeeping,
    {
      provide: LeaderElection,
      useFactory: (db: DataSource, config?: Pick<LicitaConfig, 'role' | 'backgroundJobs'>) =>
        new LeaderElection({
          connectionString: urlOf(db),
          // Named like the projection locks' connections: role, host and process (`…:lead:<job>` is added).
          applicationName: `licita-${config?.role ?? 'all'}:${hostname()}:${process.pid}`,
          // An `api` process serves requests only; the projector (or an `all` process) runs the jobs.
          enabled: config?.backgroundJobs ?? true,
          onError: (message) => new Logger('Leadership').warn(message),
        }),
      inject: [DataSource, { token: LICITA_CONFIG, optional: true }],
    },
    {
      provide: CommandScheduler,
      useFactory: (lifecycle: SchedulerLifecycle) => lifecycle.scheduler,
      inject: [SchedulerLifecycle],
    },
  ],
  exports: [CommandScheduler, LeaderElection, IdempotencyHousekeeping],
})
export class SchedulingModule {}

function urlOf(db: DataSource): string {
  const url = (db.options as { url?: string }).url;
  if (!url) throw new Error('SchedulingModule needs a DataSource with a url');
  return url;
}
