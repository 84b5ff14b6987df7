import { deciderSpec } from '../../../test/support/decider-spec';
import { classifierImportDecider } from './classifier-import.decider';
import { aCode, addCodes, codesAdded, importCompleted, importStarted, startImport } from './classifier.scenarios';

const given = deciderSpec(classifierImportDecider);
const complete = { type: 'CompleteClassifierImport' } as const;
const firstChunk = [aCode('10', null), aCode('11', '10')];
const secondChunk = [aCode('111', '11')];

describe('importing a classifier version', () => {
  it('opens the version', () => given().when(startImport()).then(importStarted()));

  it('does nothing when the same content is started again (a resumed or repeated import)', () =>
    given(importStarted(), codesAdded(0, firstChunk)).when(startImport()).thenNothing());

  it('refuses the same version with other content', () =>
    given(importStarted(), codesAdded(0, firstChunk), codesAdded(1, secondChunk), importCompleted())
      .when(startImport({ contentHash: 'hash-2' }))
      .thenThrows('classifier.version_exists', { scheme: 'TEST', version: '1' }));

  it('adds codes whose parents came before, in an earlier chunk or earlier in the same one', () =>
    given(importStarted(), codesAdded(0, firstChunk)).when(addCodes(1, secondChunk)).then(codesAdded(1, secondChunk)));

  it('refuses codes before the version is started', () =>
    given().when(addCodes(0, firstChunk)).thenThrows('classifier.import_not_started'));

  it('refuses a code whose parent has not been added', () =>
    given(importStarted())
      .when(addCodes(0, [aCode('11', '10')]))
      .thenThrows('classifier.unknown_parent', { code: '11', parent: '10' }));

  it('refuses a code added twice', () =>
    given(importStarted(), codesAdded(0, firstChunk))
      .when(addCodes(1, [aCode('11', '10')]))
      .thenThrows('classifier.duplicate_code', { code: '11' }));

  it('ignores a chunk already added (a retried append)', () =>
    given(importStarted(), codesAdded(0, firstChunk)).when(addCodes(0, firstChunk)).thenNothing());

  it('refuses a chunk that skips one', () =>
    given(importStarted()).when(addCodes(1, firstChunk)).thenThrows('classifier.chunk_out_of_order'));

  it('refuses more chunks than announced', () =>
    given(importStarted({ chunkCount: 1 }), codesAdded(0, firstChunk))
      .when(addCodes(1, secondChunk))
      .thenThrows('classifier.too_many_chunks'));

  it('completes once every announced chunk and code is there', () =>
    given(importStarted(), codesAdded(0, firstChunk), codesAdded(1, secondChunk))
      .when(complete)
      .then(importCompleted()));

  it('refuses to complete a version with chunks missing', () =>
    given(importStarted(), codesAdded(0, firstChunk)).when(complete).thenThrows('classifier.import_incomplete'));

  it('completes only once', () =>
    given(importStarted(), codesAdded(0, firstChunk), codesAdded(1, secondChunk), importCompleted())
      .when(complete)
      .thenNothing());

  it('takes no new codes once complete', () =>
    given(importStarted(), codesAdded(0, firstChunk), codesAdded(1, secondChunk), importCompleted())
      .when(addCodes(2, [aCode('12', '10')]))
      .thenThrows('classifier.import_completed'));
});
