import type { EventStore, RecordedEvent } from '@licita/event-store';
import { accountStream } from '../domain/account.events';
import { AccountSessionReads } from './account-session-reads';

const created = (accountId: string): RecordedEvent => ({
  streamId: accountStream(accountId),
  streamRevision: 0n,
  globalPosition: 1n,
  id: `${accountId}-created`,
  type: 'AccountCreated',
  data: {
    accountId,
    email: `${accountId}@example.mx`,
    role: 'supplier',
    supplierId: `supplier-${accountId}`,
    buyingUnitId: null,
    passwordHash: 'x',
    mustChangePassword: false,
  },
  metadata: { actor: 'system', correlationId: 'c', causationId: 'c', occurredAt: '2026-12-07T00:00:00.000Z' },
  recordedAt: new Date('2026-12-07T00:00:00.000Z'),
});

/** A store of accounts `a` and `b` that logs each read: `many` for readStreams, `one` for readStream. */
function aStore(withReadStreams = true) {
  const reads: string[][] = [];
  const streams = new Map([
    [accountStream('a'), [created('a')]],
    [accountStream('b'), [created('b')]],
  ]);
  const store = {
    readStream: (id: string) => {
      reads.push(['one', id]);
      return Promise.resolve(streams.get(id) ?? []);
    },
    ...(withReadStreams && {
      readStreams: (ids: readonly string[]) => {
        reads.push(['many', ...ids]);
        return Promise.resolve(new Map(ids.map((id) => [id, streams.get(id) ?? []])));
      },
    }),
  } as unknown as EventStore;
  return { store, reads };
}

describe('the account reads of session checks', () => {
  it('reads the accounts asked for in one tick together, once each, and each later ask anew', async () => {
    const { store, reads } = aStore();
    const sessions = new AccountSessionReads(store);
    const first = await Promise.all([sessions.load('a'), sessions.load('b'), sessions.load('a'), sessions.load('c')]);
    expect(first.map((state) => state.status)).toEqual(['active', 'active', 'active', 'none']);
    expect(reads).toEqual([['many', accountStream('a'), accountStream('b'), accountStream('c')]]);

    await sessions.load('a'); // a check asked after the read began is not answered by it
    expect(reads).toEqual([
      ['many', accountStream('a'), accountStream('b'), accountStream('c')],
      ['one', accountStream('a')],
    ]);
  });

  it('reads stream by stream from a store without readStreams, and fails every check of a failed read', async () => {
    const { store, reads } = aStore(false);
    const sessions = new AccountSessionReads(store);
    expect((await Promise.all([sessions.load('a'), sessions.load('b')])).map((s) => s.status)).toEqual([
      'active',
      'active',
    ]);
    expect(reads).toEqual([
      ['one', accountStream('a')],
      ['one', accountStream('b')],
    ]);

    const failing = new AccountSessionReads({
      readStreams: () => Promise.reject(new Error('down')),
    } as unknown as EventStore);
    const answers = await Promise.allSettled([failing.load('a'), failing.load('b')]);
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
  });
});
