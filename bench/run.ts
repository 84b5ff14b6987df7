import { appendBenchmark } from './append.bench';
import { auctionLiveBenchmark } from './auction-live.bench';
import { awardBenchmark } from './award.bench';
import { bulkBenchmark } from './bulk.bench';
import { documentsBenchmark } from './documents.bench';
import { enduranceBenchmark } from './endurance.bench';
import { exportsBenchmark } from './exports.bench';
import { ocdsReadBenchmark } from './ocds-read.bench';
import { importBenchmark } from './import.bench';
import { projectionRebuildBenchmark } from './projection-rebuild.bench';
import { projectionsBenchmark } from './projections.bench';
import { queriesBenchmark } from './queries.bench';
import { searchBenchmark } from './search.bench';
import { startupBenchmark } from './startup.bench';
import { storeCompareBenchmark } from './store-compare.bench';
import { printTable, writeResult, type Benchmark } from './harness';
import { updateReadmeTargets } from './readme-targets';

const BENCHMARKS: Benchmark[] = [
  appendBenchmark,
  storeCompareBenchmark,
  auctionLiveBenchmark,
  projectionRebuildBenchmark,
  projectionsBenchmark,
  queriesBenchmark,
  searchBenchmark,
  startupBenchmark,
  documentsBenchmark,
  exportsBenchmark,
  importBenchmark,
];
/** Run only when named (`npm run bench:endurance` is half an hour; `award` seeds a million events). */
const ON_REQUEST: Benchmark[] = [enduranceBenchmark, awardBenchmark, bulkBenchmark, ocdsReadBenchmark];

/** `npm run bench` runs them all; `npm run bench -- <name> [--flag=value]` runs one. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  const all = [...BENCHMARKS, ...ON_REQUEST];
  const unknown = names.filter((n) => !all.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  const chosen = names.length === 0 ? BENCHMARKS : all.filter((b) => names.includes(b.name));
  for (const benchmark of chosen) {
    const result = await benchmark.run(args.filter((a) => a.startsWith('--')));
    printTable(result);
    console.log(`\nwritten to ${writeResult(result)}`);
  }
  updateReadmeTargets();
  console.log('\nREADME.md: table of targets rewritten from bench/results/*.json (npm run bench:readme)');
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
