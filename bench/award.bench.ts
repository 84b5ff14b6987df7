import { AuctionResultsOfTenderHandler } from '@licita/auctions/application/queries/auction-results-of-tender.handler';
import { isAuctionEvent } from '@licita/auctions/domain/auction.events';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { AuctionResultsOfTender, tenderStream } from '@licita/tendering';
import { log, numberFlags, percentile, resultOf, round, type Benchmark, type BenchRow } from './harness';
import { seededDatabase } from './seeded-database';

/**
 * What the award reads, at two sizes of the log: the tender's stream and, for each lot sent to auction, the
 * lot's own auction stream (`AuctionResultsOfTender`), for lots of the seeded history whose auction closed.
 * The award decides on those streams only, so its reads must cost the same at 10,000 and 1,000,000 events
 * (they scanned the log's `AuctionClosed` events before: 155–314 ms at 1 M). `--small`, `--large` (events),
 * `--samples` (awards read per size, default 300).
 */
export const awardBenchmark: Benchmark = {
  name: 'award',
  description: "the award's reads (tender stream + the lots' auction streams) at 10,000 vs 1,000,000 events",
  run: async (args) => {
    const flags = numberFlags(args, { small: 10_000, large: 1_000_000, samples: 300 });
    const small = await awardReads(flags.small, flags.samples);
    const large = await awardReads(flags.large, flags.samples);
    const rows: BenchRow[] = [small, large].map((size) => ({
      'log events': size.events,
      'auctions sampled': size.lots,
      'p50 ms': size.p50,
      'p99 ms': size.p99,
      'p50 vs the small log': `${round((size.p50 / small.p50) * 100)} %`,
    }));
    return resultOf(awardBenchmark, rows, 'each read: the tender stream, then AuctionResultsOfTender for its lot');
  },
};

async function awardReads(events: number, samples: number) {
  log(`award: seeding about ${events.toLocaleString('en-US')} events…`);
  const database = await seededDatabase(events, { seed: 20_261_206, log });
  const store = await PostgresEventStore.create({ connectionString: database.url, poolSize: 2, installSchema: false });
  try {
    const closed = await store.readAll({ filter: { eventTypePrefixes: ['AuctionClosed'] }, maxCount: 2_000 });
    const lots = closed
      .filter(isAuctionEvent)
      .flatMap((event) =>
        event.type === 'AuctionClosed' ? [{ tenderId: event.data.tenderId, lotId: event.data.lotId }] : [],
      );
    if (lots.length === 0) throw new Error('award: the seeded history has no closed auction');
    const results = new AuctionResultsOfTenderHandler(store);
    const timings: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      const { tenderId, lotId } = lots[i % lots.length];
      const begun = performance.now();
      await store.readStream(tenderStream(tenderId));
      const found = await results.execute(new AuctionResultsOfTender(tenderId, [lotId]));
      if (found.length !== 1) throw new Error(`award: no result for ${tenderId}/${lotId}`);
      if (i >= 20) timings.push(performance.now() - begun); // the first 20 warm the caches
    }
    timings.sort((a, b) => a - b);
    return {
      events: database.summary.events,
      lots: Math.min(lots.length, samples),
      p50: round(percentile(timings, 50), 2),
      p99: round(percentile(timings, 99), 2),
    };
  } finally {
    await store.close();
    await database.dispose();
  }
}
