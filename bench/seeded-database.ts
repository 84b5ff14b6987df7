import { randomBytes } from 'node:crypto';
import { ensureDefaultClassifier } from '@licita/classifier';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { loadConfig, type LicitaConfig } from '@licita/platform/config';
import { openMigrated } from '@licita/platform/database';
import { TenderKeyStore } from '@licita/tendering/application/tender-keys';
import type { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../migrations';
import { benchDatabase } from './harness';
import { generateHistory, type GenerationSummary } from './seed/generate';

export interface SeededDatabase {
  url: string;
  /** The configuration an app started on this database uses (DATABASE_URL, secrets, quiet logs). */
  config: LicitaConfig;
  summary: GenerationSummary;
  dispose(): Promise<void>;
}

/**
 * A durable embedded PostgreSQL, migrated, with the CPV classifier and a history of about `events` events
 * from the seed generator (statistics analyzed, as autovacuum would have by the time anyone reads it).
 */
export async function seededDatabase(
  events: number,
  options: { seed?: number; log?: (line: string) => void } = {},
): Promise<SeededDatabase> {
  const database = await benchDatabase();
  const config = loadConfig(
    {
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LICITA_MASTER_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    },
    [],
  );
  const settings = { url: database.url, poolSize: 8, migrations: ALL_MIGRATIONS, applicationName: 'licita-bench-seed' };
  let dataSource: DataSource | undefined;
  try {
    ({ dataSource } = await openMigrated(settings));
    const store = await PostgresEventStore.create({ connectionString: database.url, poolSize: 2 });
    await ensureDefaultClassifier(store).finally(() => store.close());
    let last = 0;
    const summary = await generateHistory({
      databaseUrl: database.url,
      events,
      seed: options.seed ?? 20_260_101,
      keys: new TenderKeyStore(dataSource, config),
      onProgress: (p) => {
        if (Date.now() - last < 15_000) return;
        last = Date.now();
        options.log?.(
          `  seeding: ${p.eventsWritten.toLocaleString('en-US')} events, ${p.tenders.toLocaleString('en-US')} tenders`,
        );
      },
    });
    await dataSource.query('VACUUM ANALYZE es_events');
    await dataSource.destroy();
    return { url: database.url, config, summary, dispose: () => database.dispose() };
  } catch (error) {
    await dataSource?.destroy().catch(() => undefined);
    await database.dispose();
    throw error;
  }
}
