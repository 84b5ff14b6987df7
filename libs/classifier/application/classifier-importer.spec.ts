import { CommandExecutor } from '@licita/event-store/command-executor';
import { EventStoreUnavailable } from '@licita/event-store/event-store.errors';
import type { EventStore } from '@licita/event-store/event-store.port';
import { DomainError } from '@licita/shared';
import { classifierImportDecider } from '../domain/classifier-import.decider';
import { aCode, aSmallVersion } from '../domain/classifier.scenarios';
import { classifierStream } from '../domain/classifier-version';
import { ClassifierTestbed } from '../testing/classifier.testbed';
import { classifierDataFile, readClassifierFile } from './classifier-file';
import { ensureDefaultClassifier, importClassifierVersion } from './classifier-importer';

let testbed: ClassifierTestbed;

beforeAll(async () => {
  testbed = await ClassifierTestbed.start();
});

afterAll(() => testbed?.close());

/** The test's store, losing its connection after `appends` appends. */
function crashingAfter(appends: number): EventStore {
  const store = testbed.store;
  let left = appends;
  return {
    appendToStream: (...args) =>
      left-- > 0 ? store.appendToStream(...args) : Promise.reject(new EventStoreUnavailable('connection lost')),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    headPosition: () => store.headPosition(),
    ping: () => store.ping(),
    close: () => Promise.resolve(),
  };
}

const typesIn = async (streamId: string) =>
  (await testbed.store.readStream(streamId)).map((event) => `${event.type}@${event.streamRevision}`);

describe('the default classifier on a fresh start', () => {
  it('is imported once even when two processes start at the same time', async () => {
    const other = await testbed.anotherStore();
    const outcomes = await Promise.all([ensureDefaultClassifier(testbed.store), ensureDefaultClassifier(other)]);
    expect(outcomes.map((outcome) => outcome.codeCount)).toEqual([9_454, 9_454]);
    expect(outcomes.map((outcome) => outcome.status)).toContain('imported');

    const events = await testbed.store.readStream('classifier-cpv-2008');
    expect(events.map((event) => event.type)).toEqual([
      'ClassifierImportStarted',
      ...Array(10).fill('ClassifierCodesAdded'),
      'ClassifierImportCompleted',
    ]);
    expect(events.flatMap((event) => (event.data.codes as unknown[] | undefined) ?? [])).toHaveLength(9_454);
    expect(events[0].metadata).toMatchObject({
      actor: 'system',
      correlationId: expect.any(String),
      occurredAt: expect.any(String),
    });
  });

  it('is not imported again on the next start', async () => {
    const before = await testbed.store.headPosition();
    expect(await ensureDefaultClassifier(testbed.store)).toMatchObject({
      status: 'already_imported',
      codeCount: 9_454,
    });
    expect(await testbed.store.headPosition()).toBe(before);
  });

  it('is the same as importing the shipped file by hand, which then does nothing', async () => {
    const { classifier } = readClassifierFile(classifierDataFile('cpv-2008.csv'));
    expect(await importClassifierVersion(testbed.store, classifier)).toMatchObject({
      status: 'already_imported',
      streamId: 'classifier-cpv-2008',
    });
    expect(await typesIn('classifier-cpv-2008')).toHaveLength(12);
  });
});

describe('importing a version', () => {
  it('writes an opening event, the codes in chunks of the size asked, and a closing event', async () => {
    const outcome = await importClassifierVersion(testbed.store, aSmallVersion({ version: 'chunks' }), {
      chunkSize: 2,
      actor: 'account-admin',
    });
    expect(outcome).toEqual({
      scheme: 'TEST',
      version: 'chunks',
      streamId: 'classifier-test-chunks',
      status: 'imported',
      codeCount: 5,
    });
    const events = await testbed.store.readStream('classifier-test-chunks');
    expect(events.map((event) => event.type)).toEqual([
      'ClassifierImportStarted',
      'ClassifierCodesAdded',
      'ClassifierCodesAdded',
      'ClassifierCodesAdded',
      'ClassifierImportCompleted',
    ]);
    expect(
      events.map((event) => (event.data.codes as Array<{ code: string }> | undefined)?.map((entry) => entry.code)),
    ).toEqual([undefined, ['10', '20'], ['11', '12'], ['111'], undefined]);
    expect(new Set(events.map((event) => event.metadata.actor))).toEqual(new Set(['account-admin']));
  });

  it('does nothing when the same content is imported again, in any order', async () => {
    await importClassifierVersion(testbed.store, aSmallVersion({ version: 'again' }));
    const reordered = aSmallVersion({ version: 'again', codes: [...aSmallVersion().codes].reverse() });
    expect(await importClassifierVersion(testbed.store, reordered)).toMatchObject({ status: 'already_imported' });
    expect(await typesIn('classifier-test-again')).toHaveLength(3);
  });

  it('refuses the same version with other content, and writes nothing', async () => {
    await importClassifierVersion(testbed.store, aSmallVersion({ version: 'changed' }));
    const changed = aSmallVersion({ version: 'changed', codes: [...aSmallVersion().codes, aCode('13', '10')] });
    const error = await importClassifierVersion(testbed.store, changed).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'classifier.version_exists', kind: 'conflict' });
    expect(await typesIn('classifier-test-changed')).toHaveLength(3);
  });

  it('finishes an import that stopped half-way', async () => {
    const crashed = await importClassifierVersion(crashingAfter(2), aSmallVersion({ version: 'resume' }), {
      chunkSize: 2,
    }).catch((caught: unknown) => caught);
    expect(crashed).toBeInstanceOf(EventStoreUnavailable);
    expect(await typesIn('classifier-test-resume')).toEqual(['ClassifierImportStarted@0', 'ClassifierCodesAdded@1']);

    expect(
      await importClassifierVersion(testbed.store, aSmallVersion({ version: 'resume' }), { chunkSize: 2 }),
    ).toMatchObject({ status: 'resumed' });
    const { state } = await new CommandExecutor(testbed.store).load(
      classifierStream('TEST', 'resume'),
      classifierImportDecider,
    );
    expect(state).toMatchObject({
      status: 'completed',
      chunksAdded: 3,
      codes: new Set(['10', '11', '111', '12', '20']),
    });
  });

  it('refuses an invalid version before writing anything', async () => {
    const error = await importClassifierVersion(
      testbed.store,
      aSmallVersion({ version: 'broken', codes: [aCode('11', '10')] }),
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'classifier.invalid_version',
      details: { problems: ['11: parent 10 is not in the version'] },
    });
    expect(await testbed.store.readStream('classifier-test-broken')).toEqual([]);
  });
});
