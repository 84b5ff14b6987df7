import { tracing } from '../api/tracing.start';
import type { INestApplicationContext } from '@nestjs/common';
import {
  createLogger,
  loadConfigOrExit,
  openDatabase,
  PinoLoggerService,
  stopOnSignals,
  type Database,
} from '@licita/platform';
import { ProjectionRunner } from '@licita/projections';
import { createProjectorApp } from './projector-app';

/**
 * `npm run start:projector`: the projection runner on its own (no HTTP). Several may run: each projection
 * runs in one of them at a time, and another takes over within about a second when that one dies.
 * SIGINT/SIGTERM finish the batches in hand, release the locks and exit 0.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  let database: Database | undefined;
  let app: INestApplicationContext | undefined;
  stopOnSignals(
    async () => {
      await app?.close();
      await database?.stop();
      await tracing?.shutdown().catch(() => undefined); // an unreachable collector must not fail the stop
    },
    (message) => logger.info(message),
  );
  try {
    database = await openDatabase(config, (message) => logger.info(message));
    app = await createProjectorApp({
      config,
      databaseUrl: database.url,
      logger: new PinoLoggerService(logger),
      run: true,
    });
  } catch (error) {
    logger.fatal(
      { err: error },
      `the Licita projector could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    process.exit(1);
  }
  const projections = app.get(ProjectionRunner).projections.map((projection) => projection.name);
  logger.info({ projections }, `Licita projector running (${projections.length} projections)`);
}

void main();
