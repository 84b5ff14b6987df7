import { Client } from 'pg';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { createLogger, PinoLoggerService } from '@licita/platform/logger';
import { ProjectionRunner } from '@licita/projections/projection-runner';
import { createProjectorApp } from '../apps/projector/projector-app';
import { round, type Benchmark, type BenchRow } from './harness';
import { seededDatabase } from './seeded-database';

const arg = (args: string[], name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

/**
 * `--events=N` (default 1,000,000), `--projections=a,b` (default transparency,classifier; `all` for every one).
 * Rebuild from zero of the projections the application registers (whatever the contexts declare with
 * @RegisterProjection: transparency, classifier, supplier register, tender views, schedules…), over a history
 * from the seed generator, through the real runner of the projector app, one after the other. The ceiling of
 * each is reading the events it asks for through the store alone, in the same run.
 */
export const projectionsBenchmark: Benchmark = {
  name: 'projections',
  description: 'rebuild of every registered projection over a generated history (log events/s) vs reading its events alone',
  async run(args) {
    const events = Number(arg(args, 'events') ?? 1_000_000);
    const log = (line: string) => process.stdout.write(`${line}\n`);
    const seedStarted = Date.now();
    log(`projections: seeding about ${events.toLocaleString('en-US')} events…`);
    const database = await seededDatabase(events, { seed: arg(args, 'seed') ? Number(arg(args, 'seed')) : undefined, log });
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const logger = new PinoLoggerService(createLogger('warn'));
    const app = await createProjectorApp({ config: database.config, databaseUrl: database.url, logger, run: false });
    const store = await PostgresEventStore.create({ connectionString: database.url, poolSize: 2, installSchema: false });
    const rows: BenchRow[] = [];
    try {
      const runner = app.get(ProjectionRunner);
      const head = await store.headPosition();
      const failures: string[] = [];
      const profiles: string[] = [];
      let totalSeconds = 0;
      let totalReadSeconds = 0;
      const wanted = (arg(args, 'projections') ?? 'transparency,classifier').split(',');
      const chosen = runner.projections.filter((p) => wanted.includes('all') || wanted.includes(p.name));
      for (const projection of chosen.sort((x, y) => x.name.localeCompare(y.name))) {
        log(`projections: ${projection.name}: reading its events alone, then rebuilding…`);
        const readStarted = process.hrtime.bigint();
        for (let from = 0n, page; (page = await store.readPage(from, 5_000, projection.filter)).scannedTo > from; from = page.scannedTo);
        const readSeconds = Number(process.hrtime.bigint() - readStarted) / 1e9;
        const sampler = await QuerySampler.start(database.url);
        try {
          const result = await runner.rebuildProjection(projection.name);
          profiles.push(`${projection.name}: ${await sampler.stop()}`);
          const seconds = result.elapsedMs / 1000;
          totalSeconds += seconds;
          totalReadSeconds += readSeconds;
          const covered = Number(head) / seconds;
          const ceiling = Number(head) / readSeconds;
          rows.push({
            projection: projection.name,
            'events applied': result.eventsDone,
            seconds: round(seconds, 1),
            'log events/s': round(covered),
            'read alone (log events/s)': round(ceiling),
            ratio: `${round((100 * covered) / ceiling)} %`,
          });
        } catch (error) {
          await sampler.stop();
          failures.push(`${projection.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      rows.push({
        projection: `all ${rows.length}, one after the other`,
        'events applied': rows.reduce((sum, row) => sum + Number(row['events applied']), 0),
        seconds: round(totalSeconds, 1),
        'log events/s': round(Number(head) / totalSeconds),
        'read alone (log events/s)': round(Number(head) / totalReadSeconds),
        ratio: `${round((100 * totalReadSeconds) / totalSeconds)} %`,
      });
      const s = database.summary;
      return {
        name: 'projections',
        description: this.description,
        rows,
        notes: [
          ...failures,
          `Where the time goes (share of 50 ms samples of pg_stat_activity during each rebuild; "node" = no statement running): ${profiles.join(' | ')}`,
          `History: ${s.events.toLocaleString('en-US')} events (${head.toLocaleString()} in the log with the CPV import) in ${s.streams.toLocaleString('en-US')} streams: ${s.tenders} tenders (${Object.entries(s.byProcedure).map(([k, v]) => `${k} ${v}`).join(', ')}), ${s.auctions} auctions, ${s.contracts} contracts, ${s.suppliers} suppliers, ${s.buyingUnits} buying units; seeded in ${round(seedSeconds)} s (${round(s.events / s.seconds)} events/s, seed ${s.seed}).`,
          'Durable embedded PostgreSQL; the projector app of apps/projector (every registered projection, run: false) rebuilds each projection in turn with ProjectionRunner.rebuildProjection (as npm run projections:rebuild does), 5,000 events per batch. "log events/s": the whole log covered per second of rebuild (the filter skips what the projection does not read); ceiling: the same filtered reads through the store alone (readPage, 5,000 per page), just before. Target: ≥ 20,000 log events/s.',
        ],
      };
    } finally {
      await store.close();
      await app.close();
      await database.dispose();
    }
  },
};

/**
 * A poor man's profiler: every 50 ms, which statement the database is running (none: the time is in Node —
 * decoding, folding, building the next statement). Enough to tell reading from writing from computing.
 */
class QuerySampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private busy = false;
  private timer?: NodeJS.Timeout;

  private constructor(private readonly client: Client) {}

  static async start(url: string): Promise<QuerySampler> {
    const client = new Client({ connectionString: url, application_name: 'bench-sampler' });
    await client.connect();
    const sampler = new QuerySampler(client);
    sampler.timer = setInterval(() => void sampler.sample(), 50);
    return sampler;
  }

  async stop(): Promise<string> {
    clearInterval(this.timer);
    while (this.busy) await new Promise((done) => setTimeout(done, 5));
    await this.client.end();
    return [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([query, count]) => `${Math.round((100 * count) / Math.max(1, this.samples))} % ${query}`)
      .join('; ');
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ q: string }>(
        `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS q FROM pg_stat_activity
         WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = current_database() AND application_name <> 'bench-sampler'`,
      );
      this.samples++;
      const seen = rows.length ? rows.map((row) => row.q) : ['node'];
      for (const query of new Set(seen)) this.counts.set(query, (this.counts.get(query) ?? 0) + 1);
    } catch {
      // the sampler stopped meanwhile
    } finally {
      this.busy = false;
    }
  }
}
