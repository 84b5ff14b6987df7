import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readClassifierFile } from '@licita/classifier';
import { importClassifierVersion } from '@licita/classifier';
import { createEventStore } from '@licita/event-store';
import type { EventStore } from '@licita/event-store';
import { loadConfigOrExit } from '@licita/platform';
import { openDatabase } from '@licita/platform';
import { ALL_MIGRATIONS } from '../../../migrations';
import { eventStoreConfig, exitWith } from './cli-process';

const USAGE = `usage: npm run classifier:import -- <file> [--scheme NAME] [--version VERSION] [--actor ACCOUNT] [--chunk-size N]

Records a classifier version as events (stream classifier-<scheme>-<version>); the classifier projection
builds the tree from them. Formats (libs/classifier/README.md): Licita JSON, Licita CSV
(code,parent,level,category,description_es,description_en; needs --scheme and --version), the CPV 2008 CSV
shipped in libs/classifier/data, the CUCoP CSV. Importing the same version again does nothing.`;

/**
 * `npm run classifier:import -- <file>`: against DATABASE_URL (or the embedded database; do not run it while
 * an embedded-database Licita is running on the same data folder) and the configured event store.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      scheme: { type: 'string' },
      version: { type: 'string' },
      actor: { type: 'string' },
      'chunk-size': { type: 'string' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.help || positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  // npm runs scripts from the package root; a relative path means the caller's directory.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]);
  const { format, classifier } = readClassifierFile(path, { scheme: values.scheme, version: values.version });
  log(`${path}: ${format}, ${classifier.scheme} ${classifier.version}, ${classifier.codes.length} codes`);

  const config = loadConfigOrExit(process.env, []);
  const database = await openDatabase(config, log, { migrations: ALL_MIGRATIONS });
  let store: EventStore | undefined;
  try {
    store = await createEventStore(eventStoreConfig(config, database.url));
    const started = Date.now();
    const outcome = await importClassifierVersion(store, classifier, {
      actor: values.actor,
      source: path,
      chunkSize: values['chunk-size'] ? Number(values['chunk-size']) : undefined,
    });
    const what = `${outcome.scheme} ${outcome.version} (${outcome.codeCount} codes, stream ${outcome.streamId})`;
    if (outcome.status === 'already_imported') log(`${what} is already imported: nothing to do`);
    else
      log(
        `${what}: ${outcome.status} in ${Date.now() - started} ms; the classifier projection builds the tree from it`,
      );
    return 0;
  } finally {
    await store?.close();
    await database.stop();
  }
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

exitWith('classifier import', main);
