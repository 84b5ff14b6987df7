/** The bid loop of the auction benchmarks, wherever the bidders run (a child process or the server's own). */

export type FloodResult = {
  accepted: number;
  sent: number;
  elapsed: number;
  p50: number;
  p99: number;
  codes?: Record<string, number>;
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Each of `bidders` keeps `window` bids in flight for `seconds`, each one step below its last from
 * `openingPrice`; `place` sends one and gives its acknowledgement. Latencies are send → acknowledgement.
 */
export async function floodBids(
  bidders: number,
  { openingPrice, seconds, window }: { openingPrice: number; seconds: number; window: number },
  place: (bidder: number, amount: number) => Promise<{ status: string; code?: string }>,
): Promise<FloodResult> {
  const deadline = Date.now() + seconds * 1000;
  const started = performance.now();
  const latencies: number[] = [];
  const codes: Record<string, number> = {};
  let accepted = 0;
  const bidder = async (index: number) => {
    let price = openingPrice;
    await Promise.all(
      Array.from({ length: window }, async () => {
        while (Date.now() < deadline) {
          price -= 1;
          const sent = performance.now();
          const ack = await place(index, price);
          latencies.push(performance.now() - sent);
          if (ack.status === 'accepted') accepted++;
          else codes[String(ack.code)] = (codes[String(ack.code)] ?? 0) + 1;
        }
      }),
    );
  };
  await Promise.all(Array.from({ length: bidders }, (_, index) => bidder(index)));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    accepted,
    sent: latencies.length,
    elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    codes,
  };
}
