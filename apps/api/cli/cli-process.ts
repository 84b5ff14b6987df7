import type { EventStoreConfig } from '@licita/event-store';
import type { LicitaConfig } from '@licita/platform';
import { DomainError } from '@licita/shared';

/** The event store a command-line tool appends to: the configured EventStoreDB, or the database's own tables. */
export function eventStoreConfig(config: LicitaConfig, databaseUrl: string): EventStoreConfig {
  if (config.eventStore.kind === 'eventstoredb')
    return { kind: 'eventstoredb', connectionString: config.eventStore.url };
  return { kind: 'postgres', connectionString: databaseUrl, poolSize: 2 };
}

/** Runs a tool's `main` and exits with its code; a failure is printed as `<name> failed: …` and exits 1. */
export function exitWith(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${name} failed: ${describe(error)}\n`);
      process.exit(1);
    },
  );
}

function describe(error: unknown): string {
  if (error instanceof DomainError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
