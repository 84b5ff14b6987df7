import type { INestApplicationContext } from '@nestjs/common';
import { loadConfigOrExit } from '@licita/platform';
import { openDatabase, type Database } from '@licita/platform';
import { createLogger, PinoLoggerService } from '@licita/platform';
import { ProjectionRunner } from '@licita/projections';
import pino from 'pino';
import { ALL_MIGRATIONS } from '../../../migrations';
import { createProjectorApp } from '../projector-app';
import { type ProgressOutput, ProgressReporter } from './rebuild-progress';

const USAGE = 'usage: npm run projections:rebuild -- <projection name>';

/**
 * `npm run projections:rebuild -- <name>`: empties the projection's read model and replays the whole log
 * into it, under the projection's lock (it waits while a projector runs that projection). Same
 * configuration as the app: DATABASE_URL, or the embedded database under LICITA_DATA_DIR.
 * Interrupted (Ctrl-C), it stops between two batches: what is applied is consistent with the checkpoint,
 * and a projector (or another rebuild) carries on from there.
 */
async function main(): Promise<number> {
  const name = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  const config = loadConfigOrExit();
  // Logs go to stderr, quietly, so the progress owns stdout.
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, pino.destination(2));
  let database: Database | undefined;
  let app: INestApplicationContext | undefined;
  try {
    database = await openDatabase(config, (message) => logger.info(message), { migrations: ALL_MIGRATIONS });
    app = await createProjectorApp({
      config,
      databaseUrl: database.url,
      logger: new PinoLoggerService(logger),
      run: false,
    });
    const runner = app.get(ProjectionRunner);
    const known = runner.projections.map((projection) => projection.name).sort();
    if (!name || !known.includes(name)) {
      process.stderr.write(
        `${name ? `no projection named "${name}"` : USAGE}\nprojections: ${known.join(', ') || 'none'}\n`,
      );
      return 2;
    }
    return await rebuildCommand(runner, name, process.stdout);
  } catch (error) {
    process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
  }
}

/** Rebuilds `name` with progress on `output`; the exit code: 0 done, 130 interrupted by SIGINT/SIGTERM. */
export async function rebuildCommand(runner: ProjectionRunner, name: string, output: ProgressOutput): Promise<number> {
  const say = (message: string) => output.write(`${message}\n`);
  const progress = new ProgressReporter(output);
  let interrupted = false;
  let started = false;
  const interrupt = () => {
    interrupted = true;
    progress.interrupt();
    say('interrupted: stopping after the batch in hand…');
    void runner.stop();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const result = await runner.rebuildProjection(name, {
      onWaiting: (holder) =>
        say(
          `waiting for ${name}'s lock, held by ${holder ? `${holder.applicationName || 'another process'} (PostgreSQL pid ${holder.pid})` : 'another process'}: stop the projector running it, or wait (Ctrl-C to give up)`,
        ),
      onStart: () => {
        started = true;
        say(`rebuilding ${name} from zero`);
      },
      onProgress: (step) => progress.update(step),
    });
    progress.finish(result);
    return 0;
  } catch (error) {
    if (!interrupted) throw error;
    progress.interrupt();
    say(
      started
        ? `stopped: ${name} is partly rebuilt and consistent with its checkpoint; the projector continues it, or run the rebuild again`
        : 'stopped before the rebuild started: nothing changed',
    );
    return 130;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

if (require.main === module) void main().then((code) => process.exit(code));
