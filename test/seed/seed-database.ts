import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrationsExclusively } from '../../libs/platform/database';
import { ALL_MIGRATIONS } from '../../migrations';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** A fresh database with every migration run, as the seed generator expects it, and a connection to it. */
export async function aMigratedSeedDatabase(prefix: string): Promise<{ db: TestDatabase; dataSource: DataSource }> {
  const db = await createTestDatabase(prefix);
  const dataSource = await new DataSource(
    dataSourceOptions({ url: db.url, poolSize: 4, migrations: ALL_MIGRATIONS, applicationName: 'seed-test' }),
  ).initialize();
  await runMigrationsExclusively(dataSource);
  return { db, dataSource };
}
