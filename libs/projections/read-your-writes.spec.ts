import type { EventFilter } from '@licita/event-store';
import { ReadModelWaiter, type ReadModelSource } from './read-your-writes';

/** A log of typed events and projections with checkpoints, in memory; counts the queries the waiter makes. */
class FakeLog implements ReadModelSource {
  readonly events: Array<{ position: bigint; type: string }> = [];
  readonly stored = new Map<string, bigint>();
  head = 0n;
  queries = 0;

  constructor(private readonly registered: Array<{ name: string; filter?: EventFilter }>) {}

  append(type: string): bigint {
    const position = BigInt(this.events.length + 1);
    this.events.push({ position, type });
    this.head = position;
    return position;
  }

  projections() {
    return this.registered;
  }

  checkpoints(names: string[]): Promise<Map<string, bigint>> {
    this.queries++;
    return Promise.resolve(new Map([...this.stored].filter(([name]) => names.includes(name))));
  }

  nextEvent(after: bigint, filter?: EventFilter): Promise<bigint | undefined> {
    this.queries++;
    const prefixes = filter?.eventTypePrefixes;
    return Promise.resolve(
      this.events.find(
        (event) =>
          event.position > after &&
          event.position <= this.head &&
          (!prefixes || prefixes.some((prefix) => event.type.startsWith(prefix))),
      )?.position,
    );
  }

  headPosition(): Promise<bigint> {
    this.queries++;
    return Promise.resolve(this.head);
  }
}

/** The same log, with projections this process runs and where its runner has them. */
class LogRunHere extends FakeLog {
  readonly applied = new Map<string, bigint>();

  appliedHere(name: string): bigint | undefined {
    return this.applied.get(name);
  }
}

const projections = [
  { name: 'suppliers', filter: { eventTypePrefixes: ['Supplier'] } },
  { name: 'tenders', filter: { eventTypePrefixes: ['Tender'] } },
];

describe('ReadModelWaiter', () => {
  it('asks its own runner first: projections it has brought to the position cost no query', async () => {
    const log = new LogRunHere(projections);
    const position = log.append('SupplierVerified');
    log.append('TenderPublished');
    log.applied.set('suppliers', position);
    log.applied.set('tenders', position + 1n);

    expect(await new ReadModelWaiter(log).behind(position)).toEqual({ behind: [] });
    expect(log.queries).toBe(0);
  });

  it('asks the database for what its runner has not reached, or does not run', async () => {
    const log = new LogRunHere(projections);
    const position = log.append('SupplierVerified');
    log.applied.set('suppliers', position - 1n);
    log.stored.set('suppliers', position - 1n);
    log.stored.set('tenders', 0n);

    const waiter = new ReadModelWaiter(log);
    expect(await waiter.behind(position)).toEqual({ behind: ['suppliers'], head: position });
    log.stored.set('suppliers', position);
    expect(await waiter.behind(position)).toEqual({ behind: [], head: position });
  });

  it('counts a projection as reached when its checkpoint is at the position', async () => {
    const log = new FakeLog(projections);
    const position = log.append('SupplierVerified');
    log.stored.set('suppliers', position);
    log.stored.set('tenders', 0n);
    expect(await new ReadModelWaiter(log).behind(position)).toEqual({ behind: [], head: position });
  });

  it('counts a projection as reached when no event it reads lies between its checkpoint and the position', async () => {
    const log = new FakeLog(projections);
    log.append('TenderPublished');
    const position = log.append('SupplierVerified');
    log.stored.set('suppliers', 0n);
    log.stored.set('tenders', 1n); // applied the tender event; has not stored the skip past the supplier's
    expect((await new ReadModelWaiter(log).behind(position)).behind).toEqual(['suppliers']);
    expect((await new ReadModelWaiter(log).behind(position, ['tenders'])).behind).toEqual([]);
  });

  it('waits for a position past the head, as an event before it may still be in flight', async () => {
    const log = new FakeLog(projections);
    log.append('TenderPublished');
    log.stored.set('suppliers', 1n);
    log.stored.set('tenders', 1n);
    // Position 2 is committed but the head (the safe frontier) is still 1: nothing can be concluded yet.
    expect((await new ReadModelWaiter(log).behind(2n)).behind).toEqual(['suppliers', 'tenders']);
  });

  it('waits until the projections reach the position', async () => {
    const log = new FakeLog(projections);
    const position = log.append('SupplierVerified');
    log.stored.set('suppliers', 0n);
    log.stored.set('tenders', 0n);
    const waiter = new ReadModelWaiter(log, { pollMs: 5 });
    setTimeout(() => log.stored.set('suppliers', position), 40);
    const started = Date.now();
    expect(await waiter.waitFor(position, 2_000)).toEqual({ reached: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('gives up after the bound, naming the projections still behind', async () => {
    const log = new FakeLog(projections);
    const position = log.append('SupplierVerified');
    log.stored.set('suppliers', 0n);
    log.stored.set('tenders', 0n);
    const outcome = await new ReadModelWaiter(log, { pollMs: 5 }).waitFor(position, 60);
    expect(outcome).toEqual({ reached: false, behind: ['suppliers'], waitedMs: expect.any(Number) });
    expect((outcome as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(60);
  });

  it('does not wait for a position the log never reaches (a client remembering another database)', async () => {
    const log = new FakeLog(projections);
    log.append('SupplierVerified');
    log.stored.set('suppliers', 1n);
    log.stored.set('tenders', 1n);
    const waiter = new ReadModelWaiter(log, { pollMs: 5, pastHeadGraceMs: 30 });
    expect(await waiter.waitFor(500n, 5_000)).toEqual({ reached: true, pastHead: true });
  });

  it('does not refuse a position the log never reached within a bound shorter than the grace', async () => {
    const log = new FakeLog(projections);
    log.append('SupplierVerified');
    log.stored.set('suppliers', 1n);
    log.stored.set('tenders', 1n);
    const waiter = new ReadModelWaiter(log, { pollMs: 5, pastHeadGraceMs: 10_000 });
    expect(await waiter.waitFor(500n, 40)).toEqual({ reached: true, pastHead: true });
  });

  it('answers a position already known reached without asking the database again', async () => {
    const log = new FakeLog(projections);
    const position = log.append('SupplierVerified');
    log.stored.set('suppliers', position);
    log.stored.set('tenders', position);
    const waiter = new ReadModelWaiter(log);
    await waiter.waitFor(position, 1_000);
    const queries = log.queries;
    expect(await waiter.waitFor(position, 1_000)).toEqual({ reached: true });
    expect(await waiter.waitFor(position - 1n, 1_000)).toEqual({ reached: true });
    expect(log.queries).toBe(queries);
  });
});
