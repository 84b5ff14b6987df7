import { exit } from 'node:process';
import {
  CONFIG_EXIT_CODE,
  createLogger,
  loadConfigOrExit,
  openDatabase,
  stopOnSignals,
  type Database,
  type LicitaConfig,
} from '@licita/platform';
import type { Logger } from 'pino';
import { ALL_MIGRATIONS } from '../../migrations';
import { tracing } from './tracing.start';

export interface Started<App> {
  app: App;
  config: LicitaConfig;
  logger: Logger;
}

/**
 * The life of a Licita process (the API, the projector): configuration (exit 2 on a bad one), logger, database
 * (embedded when DATABASE_URL is unset), then `start`. SIGINT/SIGTERM close the app first, the database next,
 * tracing last, and exit 0; a failed start is logged as fatal and exits 1.
 */
export async function runProcess<App extends { close(): Promise<void> }>(spec: {
  what: string;
  /** A reason this process must not run with this configuration: logged as fatal, exit code 2. */
  refuse?: (config: LicitaConfig) => string | undefined;
  start: (config: LicitaConfig, databaseUrl: string, logger: Logger) => Promise<App>;
}): Promise<Started<App>> {
  const { what, refuse, start } = spec;
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const refusal = refuse?.(config);
  if (refusal !== undefined) {
    logger.fatal(refusal);
    exit(CONFIG_EXIT_CODE);
  }
  let database: Database | undefined;
  let app: App | undefined;
  stopOnSignals(
    async () => {
      await app?.close();
      await database?.stop();
      await tracing?.shutdown().catch(() => undefined); // an unreachable collector must not fail the stop
    },
    (message) => logger.info(message),
  );
  try {
    database = await openDatabase(config, (message) => logger.info(message), {
      migrations: ALL_MIGRATIONS,
      // Restarts with backoff failed: exit non-zero so the supervisor starts the whole process again.
      onDatabaseLost: (error) => {
        logger.fatal({ err: error }, `${what}: ${error.message}; exiting`);
        exit(1);
      },
    });
    app = await start(config, database.url, logger);
    return { app, config, logger };
  } catch (error) {
    logger.fatal({ err: error }, `${what} could not start: ${error instanceof Error ? error.message : String(error)}`);
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    exit(1);
  }
}
