/**
 * Something started before the specs of one file and closed after them (an API, a register): `const api =
 * useStarted(() => startTestApi(…))`, then `api()` in hooks and tests, not while the file loads.
 */
export function useStarted<T extends { close(): Promise<void> }>(start: () => Promise<T>, timeoutMs?: number): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, timeoutMs);
  afterAll(() => started?.close());
  return () => {
    if (!started) throw new Error('useStarted: read it in a hook or a test, once it has started');
    return started;
  };
}
