import { conflict, invalid, recordedAs, type Decider } from '@licita/shared';
import type { ClassifierImportEvent, ClassifierImportStarted } from './classifier-import.events';
import type { ClassifierCode } from './classifier-version';

export type StartClassifierImport = { type: 'StartClassifierImport' } & ClassifierImportStarted['data'];
/** `chunk` counts from 0; chunks are added in order. */
export type AddClassifierCodes = { type: 'AddClassifierCodes'; chunk: number; codes: ClassifierCode[] };
export type CompleteClassifierImport = { type: 'CompleteClassifierImport' };
export type ClassifierImportCommand = StartClassifierImport | AddClassifierCodes | CompleteClassifierImport;

export type ClassifierImportState =
  | { status: 'none' }
  | {
      status: 'importing' | 'completed';
      scheme: string;
      version: string;
      contentHash: string;
      codeCount: number;
      chunkCount: number;
      chunksAdded: number;
      codes: ReadonlySet<string>;
    };

type Started = Exclude<ClassifierImportState, { status: 'none' }>;

/**
 * The write model of one classifier version. Starting again with the same content is a no-op (a resumed or
 * repeated import); with other content it is refused, since codes already in use must not change meaning.
 */
export const classifierImportDecider: Decider<ClassifierImportCommand, ClassifierImportEvent, ClassifierImportState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'StartClassifierImport':
        return start(command, state);
      case 'AddClassifierCodes':
        return addCodes(command, started(state));
      case 'CompleteClassifierImport':
        return complete(started(state));
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ClassifierImportStarted':
        return { status: 'importing', ...event.data, chunksAdded: 0, codes: new Set() };
      case 'ClassifierCodesAdded': {
        const current = started(state);
        return {
          ...current,
          chunksAdded: current.chunksAdded + 1,
          codes: new Set([...current.codes, ...event.data.codes.map((entry) => entry.code)]),
        };
      }
      case 'ClassifierImportCompleted':
        return { ...started(state), status: 'completed' };
    }
  },
};

function start(command: StartClassifierImport, state: ClassifierImportState): ClassifierImportEvent[] {
  if (state.status === 'none') return [recordedAs('ClassifierImportStarted', command)];
  if (state.contentHash === command.contentHash) return [];
  throw conflict(
    'classifier.version_exists',
    `${state.scheme} ${state.version} was already imported with different content; import the new content as another version`,
    { scheme: state.scheme, version: state.version },
  );
}

function addCodes(command: AddClassifierCodes, state: Started): ClassifierImportEvent[] {
  if (command.chunk < state.chunksAdded) return [];
  if (state.status === 'completed')
    throw invalid(
      'classifier.import_completed',
      `${state.scheme} ${state.version} is complete; it takes no more codes`,
    );
  if (command.chunk !== state.chunksAdded) {
    throw invalid(
      'classifier.chunk_out_of_order',
      `chunk ${command.chunk} of ${state.scheme} ${state.version} comes after chunk ${state.chunksAdded}`,
    );
  }
  if (command.chunk >= state.chunkCount)
    throw invalid(
      'classifier.too_many_chunks',
      `${state.scheme} ${state.version} was started with ${state.chunkCount} chunks`,
    );
  const known = new Set(state.codes);
  for (const entry of command.codes) {
    if (known.has(entry.code))
      throw invalid('classifier.duplicate_code', `${entry.code} is already in ${state.scheme} ${state.version}`, {
        code: entry.code,
      });
    if (entry.parent !== null && !known.has(entry.parent)) {
      throw invalid('classifier.unknown_parent', `${entry.code}: parent ${entry.parent} must come before it`, {
        code: entry.code,
        parent: entry.parent,
      });
    }
    known.add(entry.code);
  }
  return [
    {
      type: 'ClassifierCodesAdded',
      data: { scheme: state.scheme, version: state.version, chunk: command.chunk, codes: command.codes },
    },
  ];
}

function complete(state: Started): ClassifierImportEvent[] {
  if (state.status === 'completed') return [];
  if (state.chunksAdded !== state.chunkCount || state.codes.size !== state.codeCount) {
    throw invalid(
      'classifier.import_incomplete',
      `${state.scheme} ${state.version} has ${state.codes.size} of ${state.codeCount} codes in ${state.chunksAdded} of ${state.chunkCount} chunks`,
    );
  }
  const { scheme, version, contentHash, codeCount } = state;
  return [{ type: 'ClassifierImportCompleted', data: { scheme, version, contentHash, codeCount } }];
}

function started(state: ClassifierImportState): Started {
  if (state.status === 'none')
    throw invalid('classifier.import_not_started', 'the classifier version has not been started');
  return state;
}
