import { loadConfigOrExit } from '@licita/platform';
import { openDatabase, openMigrated } from '@licita/platform';
import { ALL_MIGRATIONS } from '../../../migrations';

/** `npm run migrations:run`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = (message: string) => process.stdout.write(`${message}\n`);
  // Split roles (embedded, DATABASE_MIGRATIONS_URL): migrated here as the owner; otherwise just below.
  const database = await openDatabase(config, log, { migrations: ALL_MIGRATIONS });
  const settings = {
    url: database.migrationsUrl,
    poolSize: 2,
    migrations: ALL_MIGRATIONS,
    applicationName: 'licita-migrations',
  };
  try {
    const { dataSource, applied } = await openMigrated(settings);
    await dataSource.destroy().catch(() => undefined);
    log(
      applied.length === 0
        ? 'migrations: nothing to apply'
        : `migrations: applied ${applied.map((migration) => migration.name).join(', ')}`,
    );
  } finally {
    await database.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`migrations failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
