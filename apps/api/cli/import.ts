import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEventStore, type EventStore } from '@licita/event-store';
import {
  HISTORICAL_SOURCE_KINDS,
  importReportCsv,
  importRowOutcomes,
  runImport,
  SOURCE_READERS,
  type HistoricalSourceKind,
  type ImportOutcome,
} from '@licita/history';
import { loadConfigOrExit, openDatabase } from '@licita/platform';
import { formatMinorUnits } from '@licita/shared';
import { ALL_MIGRATIONS } from '../../../migrations';
import { eventStoreConfig, exitWith } from './cli-process';
import { writeReport } from './import-report-file';
import { progressReporter } from './progress';

const USAGE = `usage: npm run import -- <compranet|ocds> <file> [--actor ACCOUNT] [--batch-size N]

Imports historical procurement records as events of their own kind (HistoricalProcedureImported,
HistoricalContractImported, HistoricalPartyRecorded; README "Importing history"): a CompraNet "Contratos" CSV
export, or an OCDS release or record package. Every row is imported or rejected with a reason in
<file>.report.csv (or LICITA_DATA_DIR/imports/ when the file's folder is read-only). Importing the same file again appends nothing; an interrupted import resumes.
--actor: the account that runs it (default: system).`;

/**
 * `npm run import -- compranet <file.csv>`: against DATABASE_URL (or the embedded database; do not run it while
 * an embedded-database Licita is running on the same data folder) and the configured event store.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { actor: { type: 'string' }, 'batch-size': { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  const [kind, given] = positionals;
  const reader = SOURCE_READERS[kind as HistoricalSourceKind];
  if (values.help || positionals.length !== 2 || !reader) {
    if (!values.help && kind && !reader)
      process.stderr.write(`unknown source "${kind}" (known: ${HISTORICAL_SOURCE_KINDS.join(', ')})\n`);
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  // npm runs scripts from the package root; a relative path means the caller's directory.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), given);
  const bytes = readFileSync(path);

  const config = loadConfigOrExit(process.env, []);
  const database = await openDatabase(config, log, { migrations: ALL_MIGRATIONS });
  let store: EventStore | undefined;
  try {
    const storeConfig = eventStoreConfig(config, database.url);
    store = await createEventStore(storeConfig.kind === 'postgres' ? { ...storeConfig, poolSize: 9 } : storeConfig);
    const progress = progressReporter(process.stderr);
    const outcome = await runImport(store, {
      kind: kind as HistoricalSourceKind,
      reader,
      fileName: basename(path),
      bytes,
      actor: values.actor ?? 'system',
      reason: `import ${basename(path)}`,
      now: () => new Date(),
      ocidPrefix: config.ocidPrefix,
      batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
      onProgress: progress.update,
    });
    progress.done();
    const rows = (await importRowOutcomes(store, outcome.importId)) ?? [];
    const reportPath = writeReport(path, config.dataDir, importReportCsv(rows));
    log(summary(outcome, reportPath));
    return 0;
  } finally {
    await store?.close();
    await database.stop();
  }
}

function summary({ importId, status, counts, resumedAfterRows }: ImportOutcome, reportPath: string): string {
  const lines = [
    status === 'already_completed'
      ? `${importId}: this file was already imported; nothing appended`
      : `${importId}: ${status}${resumedAfterRows ? ` (resumed after row ${resumedAfterRows})` : ''}`,
    `rows ${counts.rows}: ${counts.imported} imported, ${counts.rejected} rejected; ${counts.procedures} procedures`,
    ...counts.totals.map((t) => `  ${t.currency}: ${t.contracts} contracts, ${formatMinorUnits(t.amount)}`),
    ...counts.rejections.map((r) => `  rejected ${r.code}: ${r.rows}`),
    `report: ${reportPath}`,
  ];
  return lines.join('\n');
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

exitWith('import', main);
