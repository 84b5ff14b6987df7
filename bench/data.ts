import { parseArgs } from 'node:util';
import { log, printTable, round, writeResult, type BenchResult } from './harness';
import { projectedDatabase, QUERIED_PROJECTIONS } from './projected-database';
import { PROCEDURE_MIXES, type ProcedureMix } from './seed/history';
import { REPLICATED_TABLES } from './seed/replicate';

const USAGE = `usage: npm run bench:data -- --procedures N [--mix compranet|varied] [--seed S] [--fresh] [--replicate-from M]

Builds (or reuses) the national-scale data set the search and detail benches read: at least N public procedures
from the seed generator (default mix compranet: 64 % direct awards, 21 % invitations, 16 % public tenders;
buying units and suppliers Zipf-like), written to the event store in bulk, then the read models the queries read
(${QUERIED_PROJECTIONS.join(', ')}) rebuilt by their real projections, side by side. Kept under
$LICITA_BENCH_CACHE (default licita-bench-cache in the temporary folder) for the benches
(\`npm run bench -- search --tenders=N\`). Prints and writes bench/results/data-<N>.json: events, seconds and
events/s of the generation and of the projections. --replicate-from M: not generated; the database of M procedures
(built first if need be) copied and its read models replicated in SQL to N (a multiple of M), for a scale whose
log would take hours to generate and project (bench/seed/replicate.ts says what copies can and cannot show).`;

/** `npm run bench:data -- --procedures N`: the data set of a scale, and how fast it was made. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      procedures: { type: 'string' },
      mix: { type: 'string' },
      seed: { type: 'string' },
      fresh: { type: 'boolean' },
      'replicate-from': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const procedures = Number(values.procedures);
  const mix = (values.mix ?? 'compranet') as ProcedureMix;
  if (values.help || !Number.isSafeInteger(procedures) || procedures < 1 || !(mix in PROCEDURE_MIXES)) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const database = await projectedDatabase({
    tenders: procedures,
    mix,
    seed: Number(values.seed ?? 20_260_101),
    projections: QUERIED_PROJECTIONS,
    fresh: values.fresh,
    replicateFrom: values['replicate-from'] === undefined ? undefined : Number(values['replicate-from']),
    log,
  });
  try {
    const { summary, provenance } = database;
    const total = Object.values(summary.byProcedure).reduce((sum, n) => sum + n, 0);
    const share = (type: string) => `${round((100 * (summary.byProcedure[type] ?? 0)) / total, 1)} %`;
    const result: BenchResult = {
      name: `data-${procedures}`,
      description: `the national-scale data set of ${procedures.toLocaleString('en-US')} procedures: generation and projection rates`,
      rows: [
        {
          step: 'generation (deciders + bulk write to the event store)',
          events: summary.events,
          seconds: round(provenance.seedSeconds, 1),
          'events/s': Math.round(summary.events / provenance.seedSeconds),
        },
        {
          step: `projections (${QUERIED_PROJECTIONS.join(', ')} side by side)`,
          events: summary.events,
          seconds: round(provenance.projectionSeconds, 1),
          'events/s': Math.round(summary.events / provenance.projectionSeconds),
        },
        ...(provenance.replicatedFrom
          ? [
              {
                step: `read models × ${provenance.replicatedFrom.copies + 1} in SQL (${REPLICATED_TABLES.join(', ')})`,
                events: '–',
                seconds: round(provenance.replicatedFrom.seconds, 1),
                'events/s': '–',
              },
            ]
          : []),
      ],
      notes: [
        ...(provenance.replicatedFrom
          ? [
              `Replicated, not generated: the ${provenance.replicatedFrom.tenders.toLocaleString('en-US')}-procedure database below, its read models copied ${provenance.replicatedFrom.copies} times over in SQL (bench/seed/replicate.ts); the generation and projection rows are that scale's.`,
            ]
          : []),
        `${summary.tenders.toLocaleString('en-US')} procedures (${summary.events.toLocaleString('en-US')} events, ${round(summary.events / summary.tenders, 1)} a procedure) over ${summary.from.slice(0, 10)}…${summary.until.slice(0, 10)}, mix ${summary.mix}, seed ${summary.seed}: direct awards ${share('direct_award')}, invitations ${share('invitation')}, public national ${share('public_national')}, public international ${share('public_international')}; ${summary.buyingUnits} buying units, ${summary.suppliers} suppliers (Zipf-like).`,
        `Database ${provenance.reused ? 'reused' : 'built in this run'} (${provenance.builtAt}) in ${database.folder}.`,
      ],
    };
    printTable(result);
    log(`\nwritten to ${writeResult(result)}`);
    return 0;
  } finally {
    await database.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench:data failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
