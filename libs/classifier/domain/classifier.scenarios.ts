import { recordedAs } from '@licita/shared';
import type { AddClassifierCodes, StartClassifierImport } from './classifier-import.decider';
import type {
  ClassifierCodesAdded,
  ClassifierImportCompleted,
  ClassifierImportStarted,
} from './classifier-import.events';
import type { ClassifierCode, ClassifierVersion } from './classifier-version';

/** Builders for classifier tests: a small three-level scheme, "TEST 1". */
export const aCode = (
  code: string,
  parent: string | null,
  overrides: Partial<ClassifierCode> = {},
): ClassifierCode => ({
  code,
  parent,
  level: parent === null ? 'division' : 'class',
  category: 'works',
  description: { es: `Código ${code}`, en: `Code ${code}` },
  ...overrides,
});

export const aSmallVersion = (overrides: Partial<ClassifierVersion> = {}): ClassifierVersion => ({
  scheme: 'TEST',
  version: '1',
  codes: [
    aCode('10', null),
    aCode('11', '10'),
    aCode('111', '11'),
    aCode('12', '10'),
    aCode('20', null, { category: 'goods' }),
  ],
  ...overrides,
});

export const startImport = (overrides: Partial<StartClassifierImport> = {}): StartClassifierImport => ({
  type: 'StartClassifierImport',
  scheme: 'TEST',
  version: '1',
  contentHash: 'hash-1',
  codeCount: 3,
  chunkCount: 2,
  source: 'test.json',
  ...overrides,
});

export const addCodes = (chunk: number, codes: ClassifierCode[]): AddClassifierCodes => ({
  type: 'AddClassifierCodes',
  chunk,
  codes,
});

export const importStarted = (overrides: Partial<ClassifierImportStarted['data']> = {}): ClassifierImportStarted =>
  recordedAs('ClassifierImportStarted', { ...startImport(), ...overrides });

export const codesAdded = (chunk: number, codes: ClassifierCode[]): ClassifierCodesAdded => ({
  type: 'ClassifierCodesAdded',
  data: { scheme: 'TEST', version: '1', chunk, codes },
});

export const importCompleted = (): ClassifierImportCompleted => ({
  type: 'ClassifierImportCompleted',
  data: { scheme: 'TEST', version: '1', contentHash: 'hash-1', codeCount: 3 },
});
