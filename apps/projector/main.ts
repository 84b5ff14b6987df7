import '../api/tracing.start';
import { PinoLoggerService } from '@licita/platform';
import { ProjectionRunner } from '@licita/projections';
import { runProcess } from '../api/run-process';
import { startProjectorHealth } from './health-server';
import { createProjectorApp } from './projector-app';

/**
 * `npm run start:projector`: the projections and the background jobs (the command scheduler, the auctions'
 * closing, the ledger's timed checkpoints), no API; `/health/live` and `/health/ready` on PROJECTOR_PORT.
 * Several may run: each projection runs in one of them at a time, each job in the one that leads it, and
 * another takes over within about a second when that one dies. SIGINT/SIGTERM finish the batches in hand,
 * release the locks and exit 0.
 */
async function main(): Promise<void> {
  const { app, config, logger } = await runProcess({
    what: 'the Licita projector',
    start: async (config, databaseUrl, pino) => {
      const app = await createProjectorApp({ config, databaseUrl, logger: new PinoLoggerService(pino), run: true });
      const closeApp = app.close.bind(app);
      try {
        const health = await startProjectorHealth(app, config.projectorPort, config.host);
        return Object.assign(app, {
          healthPort: health.port,
          close: async () => {
            await new Promise((closed) => health.server.close(closed));
            await closeApp();
          },
        });
      } catch (error) {
        await app.close();
        throw error;
      }
    },
  });
  const projections = app.get(ProjectionRunner).projections.map((projection) => projection.name);
  logger.info(
    { projections, health: `http://${config.host}:${app.healthPort}/health/ready` },
    `Licita projector running (${projections.length} projections; health on port ${app.healthPort})`,
  );
}

void main();
