import type { ClassifierCode } from './classifier-version';

/**
 * A classifier version is recorded in its own stream (`classifier-<scheme>-<version>`): one opening event,
 * the codes in chunks (parents always in an earlier chunk or earlier in the same one), one closing event.
 * Readers treat the version as in force only once `ClassifierImportCompleted` is there.
 */
export type ClassifierImportStarted = {
  type: 'ClassifierImportStarted';
  data: {
    scheme: string;
    version: string;
    /** SHA-256 of the normalized codes: a repeated import of the same content is recognized by it. */
    contentHash: string;
    codeCount: number;
    chunkCount: number;
    /** Where the codes came from (the file name), for the record. */
    source: string;
  };
};

export type ClassifierCodesAdded = {
  type: 'ClassifierCodesAdded';
  data: { scheme: string; version: string; chunk: number; codes: ClassifierCode[] };
};

export type ClassifierImportCompleted = {
  type: 'ClassifierImportCompleted';
  data: { scheme: string; version: string; contentHash: string; codeCount: number };
};

export type ClassifierImportEvent = ClassifierImportStarted | ClassifierCodesAdded | ClassifierImportCompleted;

/** Every classifier event type starts with this, so projections can subscribe by prefix. */
export const CLASSIFIER_EVENT_PREFIX = 'Classifier';
