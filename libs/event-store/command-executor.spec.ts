import { randomUUID } from 'node:crypto';
import type { Decider } from '@licita/shared/decider';
import { DomainError } from '@licita/shared/domain-error';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { CommandExecutor, deterministicUuid, type CommandContext } from './command-executor';
import { WrongExpectedVersion } from './event-store.errors';
import { PostgresEventStore } from './postgres/postgres-event-store';

type CounterEvent = { type: 'Opened'; data: Record<string, never> } | { type: 'Incremented'; data: { by: number } };
type CounterCommand = { type: 'Open' } | { type: 'Increment'; by: number };
interface Counter {
  open: boolean;
  total: number;
}

const counter: Decider<CounterCommand, CounterEvent, Counter> = {
  initialState: () => ({ open: false, total: 0 }),
  decide: (command, state) => {
    if (command.type === 'Open') return state.open ? [] : [{ type: 'Opened', data: {} }];
    if (!state.open) throw new DomainError('counter.not_open');
    return [{ type: 'Incremented', data: { by: command.by } }];
  },
  evolve: (state, event) =>
    event.type === 'Opened' ? { ...state, open: true } : { ...state, total: state.total + event.data.by },
};

describe('CommandExecutor', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let executor: CommandExecutor;
  let stream: string;
  const context = (extra: Partial<CommandContext> = {}): CommandContext => ({
    actor: 'account-buyer-1',
    correlationId: randomUUID(),
    now: new Date('2026-03-01T18:00:00Z'),
    ...extra,
  });

  beforeAll(async () => {
    database = await createTestDatabase('exec');
    store = await PostgresEventStore.create({ connectionString: database.url });
    executor = new CommandExecutor(store);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });
  beforeEach(() => {
    stream = `counter-${randomUUID()}`;
  });

  it('records who did it, when, why and in which correlation', async () => {
    await executor.execute(
      stream,
      counter,
      { type: 'Open' },
      context({ reason: 'budget approved', causationId: 'cmd-1' }),
    );
    const [event] = await store.readStream(stream);
    expect(event.metadata).toMatchObject({
      actor: 'account-buyer-1',
      occurredAt: '2026-03-01T18:00:00.000Z',
      reason: 'budget approved',
      causationId: 'cmd-1',
    });
  });

  it('appends nothing when the decider decides nothing changes', async () => {
    await executor.execute(stream, counter, { type: 'Open' }, context());
    const outcome = await executor.execute(stream, counter, { type: 'Open' }, context());
    expect(outcome.events).toEqual([]);
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('lets a domain rule refuse the command without writing', async () => {
    await expect(executor.execute(stream, counter, { type: 'Increment', by: 1 }, context())).rejects.toThrow(
      'counter.not_open',
    );
    expect(await store.readStream(stream)).toEqual([]);
  });

  it('decides again on the new state after a concurrent write, so no increment is lost', async () => {
    await executor.execute(stream, counter, { type: 'Open' }, context());
    await Promise.all(
      Array.from({ length: 10 }, () =>
        executor.execute(stream, counter, { type: 'Increment', by: 5 }, context(), { retries: 50 }),
      ),
    );
    expect((await executor.load(stream, counter)).state.total).toBe(50);
  });

  it('surfaces the conflict when the command may not be retried', async () => {
    await executor.execute(stream, counter, { type: 'Open' }, context());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        executor.execute(stream, counter, { type: 'Increment', by: 1 }, context(), { retries: 0 }),
      ),
    );
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) expect(failure.reason).toBeInstanceOf(WrongExpectedVersion);
    expect((await executor.load(stream, counter)).state.total).toBe(6 - failures.length);
  });

  it('appends a command repeated with the same idempotency key only once', async () => {
    await executor.execute(stream, counter, { type: 'Open' }, context());
    await executor.execute(stream, counter, { type: 'Increment', by: 7 }, context({ idempotencyKey: 'key-1' }));
    await executor.execute(stream, counter, { type: 'Increment', by: 7 }, context({ idempotencyKey: 'key-1' }));
    expect((await executor.load(stream, counter)).state.total).toBe(7);
  });

  it('derives stable, well-formed UUIDs from a name', () => {
    expect(deterministicUuid('a')).toBe(deterministicUuid('a'));
    expect(deterministicUuid('a')).not.toBe(deterministicUuid('b'));
    expect(deterministicUuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
