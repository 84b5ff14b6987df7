import { createHash, randomUUID } from 'node:crypto';
import { CommandExecutor, isEventOf, type CommandContext, type EventStore } from '@licita/event-store';
import { systemClock, type Clock } from '@licita/shared';
import {
  classifierImportDecider,
  type ClassifierImportCommand,
  type ClassifierImportState,
} from '../domain/classifier-import.decider';
import type { ClassifierImportCompleted } from '../domain/classifier-import.events';
import {
  checkClassifierVersion,
  classifierStream,
  type ClassifierCode,
  type ClassifierVersion,
} from '../domain/classifier-version';
import {
  DEFAULT_CLASSIFIER,
  DEFAULT_CLASSIFIER_SCHEMES,
  SHIPPED_CLASSIFIERS,
  classifierDataFile,
  readClassifierFile,
  type ShippedClassifier,
} from './classifier-file';

export interface ImportOptions {
  /** Who imports (`system` by default: the CLI and the start-up import act for the platform). */
  actor?: string;
  /** Where the codes came from, recorded in the opening event. */
  source?: string;
  clock?: Clock;
  /** Codes per `ClassifierCodesAdded` event (default 1,000). */
  chunkSize?: number;
}

export interface ImportOutcome {
  scheme: string;
  version: string;
  streamId: string;
  /** `resumed`: an earlier import of the same content had stopped half-way and was finished. */
  status: 'imported' | 'resumed' | 'already_imported';
  codeCount: number;
}

const DEFAULT_CHUNK_SIZE = 1_000;
/** Concurrent importers of the same version (two processes starting at once) each conflict at most once per step. */
const RETRIES_ON_CONFLICT = 10;

/**
 * Records a classifier version as events: an opening event, the codes in chunks, a closing event, each
 * appended at the revision read. Event ids derive from the content, so an interrupted or concurrent import
 * of the same content converges on one copy; the same version with other content is refused
 * (`classifier.version_exists`).
 */
export async function importClassifierVersion(
  store: EventStore,
  input: ClassifierVersion,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const classifier = checkClassifierVersion(input);
  const { scheme, version, codes } = classifier;
  const streamId = classifierStream(scheme, version);
  const contentHash = hashOf(codes);
  const chunks = chunksOf(codes, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const executor = new CommandExecutor(store);
  const correlationId = randomUUID();
  const clock = options.clock ?? systemClock;
  const run = (step: string, command: ClassifierImportCommand) => {
    const context: CommandContext = {
      actor: options.actor ?? 'system',
      correlationId,
      now: clock.now(),
      idempotencyKey: `${contentHash}|${step}`,
    };
    return executor.execute(streamId, classifierImportDecider, command, context, { retries: RETRIES_ON_CONFLICT });
  };

  const start = await run('start', {
    type: 'StartClassifierImport',
    scheme,
    version,
    contentHash,
    codeCount: codes.length,
    chunkCount: chunks.length,
    source: options.source ?? 'unknown',
  });
  const outcome = { scheme, version, streamId, codeCount: codes.length };
  if (start.state.status === 'completed') return { ...outcome, status: 'already_imported' };
  const chunksAdded = chunksAddedIn(start.state);
  for (const [chunk, chunkCodes] of chunks.entries()) {
    if (chunk >= chunksAdded) await run(`chunk-${chunk}`, { type: 'AddClassifierCodes', chunk, codes: chunkCodes });
  }
  await run('complete', { type: 'CompleteClassifierImport' });
  return { ...outcome, status: start.events.length === 0 ? 'resumed' : 'imported' };
}

export interface EnsureOptions extends Omit<ImportOptions, 'source'> {
  /** Schemes of SHIPPED_CLASSIFIERS to install, in order (default DEFAULT_CLASSIFIER_SCHEMES: CUCoP, CPV). */
  schemes?: readonly string[];
}

/**
 * On a fresh start: records each classifier shipped in libs/classifier/data that `schemes` names (CUCoP and
 * CPV 2008 by default) unless its stream is already complete (one small read when it is). Idempotent, and safe
 * when several processes start at once.
 */
export async function ensureDefaultClassifiers(
  store: EventStore,
  options: EnsureOptions = {},
): Promise<ImportOutcome[]> {
  const { schemes = DEFAULT_CLASSIFIER_SCHEMES, ...rest } = options;
  const outcomes: ImportOutcome[] = [];
  for (const scheme of schemes) outcomes.push(await ensureShipped(store, shippedClassifier(scheme), rest));
  return outcomes;
}

/** The CPV 2008 alone (see ensureDefaultClassifiers): benches and testbeds whose data use CPV codes. */
export async function ensureDefaultClassifier(
  store: EventStore,
  options: Omit<ImportOptions, 'source'> = {},
): Promise<ImportOutcome> {
  return ensureShipped(store, DEFAULT_CLASSIFIER, options);
}

/** The shipped classifier of a scheme named in CLASSIFIER_SCHEMES (any case); an unknown name is a configuration error. */
export function shippedClassifier(scheme: string): ShippedClassifier {
  const shipped = SHIPPED_CLASSIFIERS[scheme.trim().toUpperCase()];
  if (!shipped)
    throw new Error(
      `no classifier ${scheme} is shipped with Licita (shipped: ${Object.keys(SHIPPED_CLASSIFIERS).join(', ')}); import others with npm run classifier:import`,
    );
  return shipped;
}

async function ensureShipped(
  store: EventStore,
  shipped: ShippedClassifier,
  options: Omit<ImportOptions, 'source'>,
): Promise<ImportOutcome> {
  const { scheme, version, file } = shipped;
  const streamId = classifierStream(scheme, version);
  const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  if (last && isEventOf<ClassifierImportCompleted>(last, 'ClassifierImportCompleted')) {
    return { scheme, version, streamId, status: 'already_imported', codeCount: last.data.codeCount };
  }
  const { classifier } = readClassifierFile(classifierDataFile(file), { scheme, version });
  return importClassifierVersion(store, classifier, { ...options, source: `${file} (shipped with Licita)` });
}

/** Independent of the order of the file: the same codes give the same hash. */
function hashOf(codes: ClassifierCode[]): string {
  const sorted = [...codes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

function chunksOf<T>(items: T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function chunksAddedIn(state: ClassifierImportState): number {
  return state.status === 'none' ? 0 : state.chunksAdded;
}
