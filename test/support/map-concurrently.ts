/**
 * `send` over `items`, at most `concurrency` at a time, the results in the items' order. For walks that send
 * hundreds or thousands of independent reads: one at a time, each waits out its round trip and queries alone.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  send: (item: T) => Promise<R>,
  concurrency: number,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await send(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
