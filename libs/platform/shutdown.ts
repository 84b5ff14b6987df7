/**
 * SIGINT/SIGTERM: run `stop` once (close the app, then its database) and exit 0, or 1 when it fails or
 * takes longer than `timeoutMs`. A second signal exits at once.
 */
export function stopOnSignals(
  stop: (signal: NodeJS.Signals) => Promise<void>,
  log: (message: string) => void,
  timeoutMs = 15_000,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal} received: shutting down`);
    setTimeout(() => {
      log(`shutdown did not finish within ${timeoutMs} ms: exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    stop(signal).then(
      () => {
        log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
