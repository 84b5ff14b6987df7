import '../api/tracing.start';
import { PinoLoggerService } from '@licita/platform';
import { ProjectionRunner } from '@licita/projections';
import { runProcess } from '../api/run-process';
import { createProjectorApp } from './projector-app';

/**
 * `npm run start:projector`: the projection runner on its own (no HTTP). Several may run: each projection
 * runs in one of them at a time, and another takes over within about a second when that one dies.
 * SIGINT/SIGTERM finish the batches in hand, release the locks and exit 0.
 */
async function main(): Promise<void> {
  const { app, logger } = await runProcess({
    what: 'the Licita projector',
    start: (config, databaseUrl, pino) =>
      createProjectorApp({ config, databaseUrl, logger: new PinoLoggerService(pino), run: true }),
  });
  const projections = app.get(ProjectionRunner).projections.map((projection) => projection.name);
  logger.info({ projections }, `Licita projector running (${projections.length} projections)`);
}

void main();
