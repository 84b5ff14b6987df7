import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { LicitaConfig } from '@licita/platform';
import { ProjectionsModule } from '@licita/projections';
import { AppModule } from '../api/app.module';

export interface ProjectorAppOptions {
  config: LicitaConfig;
  databaseUrl: string;
  logger: LoggerService;
  /** Start the runner (the projector process) or only register the projections (the rebuild command). */
  run: boolean;
}

/**
 * The application without HTTP: the same modules as the API (so every context's projections are there,
 * with their dependencies), migrations applied at start-up, plus the projection runner.
 */
export function createProjectorApp({
  config,
  databaseUrl,
  logger,
  run,
}: ProjectorAppOptions): Promise<INestApplicationContext> {
  const module = AppModule.forRoot({
    // A one-off command (run: false, the rebuild) runs no background job.
    config: { ...config, role: 'projector', backgroundJobs: run },
    databaseUrl,
    imports: [ProjectionsModule.forRoot({ run })],
  });
  return NestFactory.createApplicationContext(module, { logger, abortOnError: false });
}
