import { tracing } from './tracing.start';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  createLogger,
  loadConfigOrExit,
  openDatabase,
  PinoLoggerService,
  stopOnSignals,
  type Database,
  type LicitaConfig,
} from '@licita/platform';
import type { Logger } from 'pino';
import { createHttpApp } from './http-app';

/**
 * `npm start`: configuration, then the database (embedded when DATABASE_URL is unset), then the Nest app
 * (migrations run as it starts), then HTTP. SIGINT/SIGTERM close the app first and the database last.
 */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  if (config.role === 'projector') {
    logger.fatal(
      'this is the API process; run the projector with `npm run start:projector` (dist/apps/projector/main.js)',
    );
    process.exit(2);
  }
  let database: Database | undefined;
  let app: NestExpressApplication | undefined;
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
    app = await startApp(config, database.url, logger);
  } catch (error) {
    logger.fatal({ err: error }, `Licita could not start: ${error instanceof Error ? error.message : String(error)}`);
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    process.exit(1);
  }
  const url = publicUrl(config, app);
  logger.info(
    { url, role: config.role, startupMs: Date.now() - startedAt },
    `Licita is ready at ${url} (API docs at ${url}/docs)`,
  );
}

async function startApp(config: LicitaConfig, databaseUrl: string, logger: Logger): Promise<NestExpressApplication> {
  const app = await createHttpApp({ config, databaseUrl, logger: new PinoLoggerService(logger) });
  await app.listen(config.port, config.host);
  return app;
}

function publicUrl(config: LicitaConfig, app: NestExpressApplication): string {
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
  return `http://${host}:${port}`;
}

void main();
