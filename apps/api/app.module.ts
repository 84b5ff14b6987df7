import { Module, type DynamicModule, type ForwardReference, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventStoreModule, type EventStoreConfig } from '@licita/event-store';
import {
  checkDeploymentMode,
  dataSourceOptions,
  licitaConfigModule,
  PlatformModule,
  PublicReadsModule,
  RateLimitModule,
  runMigrationsExclusively,
  type LicitaConfig,
} from '@licita/platform';
import { ProjectionsModule, ReadYourWritesModule } from '@licita/projections';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { CONTEXT_MODULES } from './contexts';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { WebModule } from './web/web.module';

export interface AppModuleOptions {
  config: LicitaConfig;
  /** The database actually used: DATABASE_URL, or the embedded one main started. */
  databaseUrl: string;
  /** Extra modules (tests add controllers of their own). */
  imports?: Array<Type | DynamicModule | ForwardReference>;
}

/**
 * The whole application: platform, database (migrated at start-up), event store, CQRS buses, health,
 * projections, contexts. Role `all` runs the projection runner in this process; `api` only registers the
 * projections (their status feeds /health/ready); the projector process (apps/projector) brings its own
 * ProjectionsModule in `imports`.
 */
@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, imports = [] }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        licitaConfigModule(config),
        PlatformModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions({
              url: databaseUrl,
              poolSize: config.databasePoolSize,
              migrations: ALL_MIGRATIONS,
              applicationName: `licita-${config.role}`,
            }),
            autoLoadEntities: true,
            retryAttempts: 5,
            retryDelay: 2_000,
          }),
          // Instead of `migrationsRun: true`: the same start-up migration, but one process at a time.
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await runMigrationsExclusively(dataSource);
            // A sandbox never writes into a production log, nor production into a sandbox's.
            await checkDeploymentMode(dataSource, config.mode).catch(async (error: unknown) => {
              await dataSource.destroy();
              throw error;
            });
            return dataSource;
          },
        }),
        EventStoreModule.forRoot(eventStoreConfig(config, databaseUrl)),
        PublicReadsModule,
        CqrsModule.forRoot(),
        HealthModule,
        ...(config.role === 'projector' ? [] : [WebModule, MetricsModule]),
        ...(config.role === 'projector' ? [] : [ProjectionsModule.forRoot({ run: config.role === 'all' })]),
        // Queries with ?minPosition= wait for the projections (see libs/projections/read-your-writes.ts).
        ...(config.role === 'projector' ? [] : [ReadYourWritesModule]),
        ...CONTEXT_MODULES,
        // After the contexts: its guard runs once authentication has named the caller.
        ...(config.role === 'projector' ? [] : [RateLimitModule.forRoot(config.rateLimits)]),
        ...imports,
      ],
    };
  }
}

export function eventStoreConfig(config: LicitaConfig, databaseUrl: string): EventStoreConfig {
  if (config.eventStore.kind === 'eventstoredb')
    return { kind: 'eventstoredb', connectionString: config.eventStore.url };
  return { kind: 'postgres', connectionString: databaseUrl, poolSize: config.databasePoolSize };
}
