import './tracing.start';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PinoLoggerService, releaseStartUpMemoryWhenSettled, type LicitaConfig } from '@licita/platform';
import type { Logger } from 'pino';
import { createHttpApp } from './http-app';
import { runProcess } from './run-process';

/**
 * `npm start`: configuration, then the database (embedded when DATABASE_URL is unset), then the Nest app
 * (migrations run as it starts), then HTTP. SIGINT/SIGTERM close the app first and the database last
 * (apps/api/run-process.ts).
 */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const { app, config, logger } = await runProcess({
    what: 'Licita',
    refuse: (config) =>
      config.role === 'projector'
        ? 'this is the API process; run the projector with `npm run start:projector` (dist/apps/projector/main.js)'
        : undefined,
    start: startApp,
  });
  const url = publicUrl(config, app);
  logger.info(
    { url, role: config.role, startupMs: Date.now() - startedAt },
    `Licita is ready at ${url} (API docs at ${url}/docs)`,
  );
}

async function startApp(config: LicitaConfig, databaseUrl: string, logger: Logger): Promise<NestExpressApplication> {
  const app = await createHttpApp({ config, databaseUrl, logger: new PinoLoggerService(logger) });
  await app.listen(config.port, config.host);
  // Start-up leaves ~70 MB of young generation committed that an idle API never uses again, and the catch-up
  // that goes on after listening grows it again (start-up-memory.ts): released now and once that work is over.
  releaseStartUpMemoryWhenSettled();
  return app;
}

function publicUrl(config: LicitaConfig, app: NestExpressApplication): string {
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
  return `http://${host}:${port}`;
}

void main();
