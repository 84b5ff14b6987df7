import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  type FactoryProvider,
  Inject,
  Logger,
  Module,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { DataSource } from 'typeorm';
import { type Projection, RegisterProjection } from './projection';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';

export interface ProjectionsModuleOptions {
  /** Start the runner with the application: true where the process role includes the projector. */
  run: boolean;
  /** Tuning and the lock connections' URL (default: the DataSource's `url`). */
  runner?: Partial<Omit<ProjectionRunnerOptions, 'dataSource' | 'eventStore'>>;
}

export interface ProjectionsModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory: FactoryProvider<ProjectionsModuleOptions | Promise<ProjectionsModuleOptions>>['useFactory'];
  inject?: FactoryProvider['inject'];
}

const PROJECTIONS_OPTIONS = Symbol('PROJECTIONS_OPTIONS');

/**
 * The projection runner of the application. Import it once at the root; contexts declare projections by
 * adding `@RegisterProjection()` classes (implementing `Projection`) to their modules' providers, and this
 * module hands every one it finds to the runner. With `run: true` the runner starts when the application
 * has bootstrapped and stops (finishing the batch in hand, releasing its locks) before the database and the
 * event store close. `ProjectionRunner` is injectable for status (health) and rebuilds (CLI).
 * Needs the TypeORM `DataSource` and the `EVENT_STORE` provider.
 */
@Module({})
export class ProjectionsModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly runner: ProjectionRunner,
    @Inject(PROJECTIONS_OPTIONS) private readonly options: ProjectionsModuleOptions,
  ) {}

  static forRoot(options: ProjectionsModuleOptions): DynamicModule {
    return ProjectionsModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: ProjectionsModuleAsyncOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        { provide: PROJECTIONS_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: ProjectionRunner,
          useFactory: (settings: ProjectionsModuleOptions, dataSource: DataSource, eventStore: EventStore) =>
            new ProjectionRunner({
              logger: new Logger('ProjectionRunner'),
              ...settings.runner,
              dataSource,
              eventStore,
            }),
          inject: [PROJECTIONS_OPTIONS, DataSource, EVENT_STORE],
        },
      ],
      exports: [ProjectionRunner],
    };
  }

  onModuleInit(): void {
    const projections = new Set<Projection>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: RegisterProjection.KEY })) {
      if (wrapper.instance) projections.add(wrapper.instance as Projection);
    }
    this.runner.register(...projections);
  }

  async onApplicationBootstrap(): Promise<void> {
    const names = this.runner.projections.map((projection) => projection.name).join(', ') || 'none';
    if (!this.options.run) {
      this.logger.log(`projections registered, run by another process: ${names}`);
      return;
    }
    await this.runner.start();
    this.logger.log(`projection runner started: ${names}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
