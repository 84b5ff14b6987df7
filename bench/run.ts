import { appendBenchmark } from './append.bench';
import { auctionLiveBenchmark } from './auction-live.bench';
import { projectionRebuildBenchmark } from './projection-rebuild.bench';
import { projectionsBenchmark } from './projections.bench';
import { queriesBenchmark } from './queries.bench';
import { startupBenchmark } from './startup.bench';
import { storeCompareBenchmark } from './store-compare.bench';
import { printTable, writeResult, type Benchmark } from './harness';

const BENCHMARKS: Benchmark[] = [
  appendBenchmark,
  storeCompareBenchmark,
  auctionLiveBenchmark,
  projectionRebuildBenchmark,
  projectionsBenchmark,
  queriesBenchmark,
  startupBenchmark,
];

/** `npm run bench` runs them all; `npm run bench -- <name> [--flag=value]` runs one. */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  for (const benchmark of BENCHMARKS.filter((b) => names.length === 0 || names.includes(b.name))) {
    const result = await benchmark.run(args.filter((a) => a.startsWith('--')));
    printTable(result);
    console.log(`\nwritten to ${writeResult(result)}`);
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
