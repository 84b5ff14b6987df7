import { parseArgs } from 'node:util';
import { ensureDefaultClassifier } from '@licita/classifier';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { loadConfigOrExit } from '@licita/platform/config';
import { dataSourceOptions, openDatabase, runMigrationsExclusively } from '@licita/platform/database';
import { TenderKeyStore } from '@licita/tendering/application/tender-keys';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { generateHistory, type GenerationProgress, type GenerationSummary } from './generate';
import { PROCEDURE_MIXES, type ProcedureMix } from './history';

const USAGE = `usage: npm run seed:generate -- --events N | --tenders T [--mix varied|compranet] [--seed S] [--years Y] [--until ISO-DATE]

Generates a procurement history of about N events (default 5000), or of at least T public tenders, with the
real deciders — buying units, suppliers with valid RFCs, tenders of every procedure type with CPV items,
questions, sealed proposals, opening acts, evaluations, reverse auctions with bids, awards, challenges,
contracts and amendments — over the Y years (default 3) up to now (or --until), and writes it to the event
store of DATABASE_URL (or the embedded database under LICITA_DATA_DIR; stop a Licita running on the same data
folder first, or let it share the server). --mix is how often each procedure type comes: varied (default;
more competition than real life, about 23 events a tender) or compranet (about four in five are direct
awards, about 13 events a tender). The proposals' keys go to the key store under the configured master key,
so the procedures still open can be opened later. The projections build the read models when Licita starts.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string' },
      tenders: { type: 'string' },
      mix: { type: 'string' },
      seed: { type: 'string' },
      years: { type: 'string' },
      until: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const tenders = values.tenders === undefined ? undefined : Number(values.tenders);
  const events = values.tenders === undefined ? Number(values.events ?? 5_000) : undefined;
  const mix = (values.mix ?? 'varied') as ProcedureMix;
  const until = values.until ? new Date(values.until) : undefined;
  const countOk =
    tenders !== undefined
      ? Number.isSafeInteger(tenders) && tenders >= 1
      : Number.isSafeInteger(events) && (events as number) >= 100;
  if (!countOk || !(mix in PROCEDURE_MIXES) || (until && Number.isNaN(until.getTime()))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfigOrExit(process.env, []);
  if (config.eventStore.kind !== 'postgres') {
    process.stderr.write('seed:generate writes to the PostgreSQL event store only (EVENT_STORE=postgres)\n');
    return 2;
  }
  const database = await openDatabase(config, log, { migrations: ALL_MIGRATIONS });
  const dataSource = new DataSource(
    dataSourceOptions({ url: database.url, poolSize: 8, migrations: ALL_MIGRATIONS, applicationName: 'licita-seed' }),
  );
  let store: PostgresEventStore | undefined;
  try {
    await dataSource.initialize();
    await runMigrationsExclusively(dataSource);
    store = await PostgresEventStore.create({ connectionString: database.url, poolSize: 2 });
    await ensureDefaultClassifier(store); // the items' CPV codes must be known to the classifier
    const summary = await generateHistory({
      // The bulk writer inserts into the store's tables itself (not through es_append): the owner role may, and
      // the application role of an embedded database (or a DATABASE_URL split from its migrations role) may not.
      databaseUrl: database.migrationsUrl,
      events,
      tenders,
      mix,
      keys: new TenderKeyStore(dataSource, config),
      seed: values.seed === undefined ? undefined : Number(values.seed),
      years: values.years === undefined ? undefined : Number(values.years),
      until,
      onProgress: progress,
    });
    printSummary(summary);
    return 0;
  } finally {
    await store?.close();
    await dataSource.destroy().catch(() => undefined);
    await database.stop();
  }
}

function progress(p: GenerationProgress): void {
  const rate = Math.round(p.eventsWritten / Math.max(0.001, p.elapsedMs / 1000));
  log(
    `${p.eventsWritten.toLocaleString('en-US')} events written (${rate.toLocaleString('en-US')}/s), ${p.tenders.toLocaleString('en-US')} tenders, simulated up to ${p.simulatedAt.toISOString().slice(0, 10)}`,
  );
}

function printSummary(s: GenerationSummary): void {
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  log(
    [
      `done in ${s.seconds} s: ${s.events.toLocaleString('en-US')} events in ${s.streams.toLocaleString('en-US')} streams (${Math.round(s.events / s.seconds).toLocaleString('en-US')} events/s), seed ${s.seed}, mix ${s.mix}`,
      `period ${s.from.slice(0, 10)} to ${s.until.slice(0, 10)}: ${s.buyingUnits} buying units, ${s.suppliers} suppliers, ${s.tenders} tenders, ${s.auctions} auctions, ${s.contracts} contracts`,
      `procedures: ${counts(s.byProcedure)}`,
      `statuses: ${counts(s.byStatus)}`,
    ].join('\n'),
  );
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `seed:generate failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
