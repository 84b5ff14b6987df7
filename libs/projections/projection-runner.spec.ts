import { readCheckpoint } from './projection-checkpoints';
import type { RebuildProgress } from './projection-worker';
import { EventCountsProjection, readApplied, readEventCounts } from './testing/event-counts.projection';
import { MemoryLogger, ProjectionTestbed, eventually, numbers } from './testing/projection-testbed';

jest.setTimeout(60_000);

describe('ProjectionRunner (PostgreSQL)', () => {
  let bed: ProjectionTestbed;

  beforeEach(async () => {
    bed = await ProjectionTestbed.start();
  });

  afterEach(() => bed.close());

  const caughtUpTo = (position: bigint, name?: string) =>
    eventually(`checkpoint at ${position}`, async () => (await bed.checkpoint(name)) === position);

  it('catches up in batches, applies each event once, then follows new events live', async () => {
    const backlog = await bed.append(2_500);
    const projection = new EventCountsProjection();
    const runner = bed.runner([projection], bed.main, { batchSize: 1_000, rebuildBatchSize: 1_000 });

    await runner.start();
    await caughtUpTo(backlog);
    expect(projection.batches).toBe(3);

    const last = await bed.append(30);
    await caughtUpTo(last);
    expect(await readEventCounts(bed.db)).toEqual([
      { type: 'OrderPaid', count: 843 },
      { type: 'OrderPlaced', count: 844 },
      { type: 'OrderShipped', count: 843 },
    ]);
    expect(await readApplied(bed.db)).toMatchObject({ applied: 2_530, distinct: 2_530 });
    expect(numbers((await runner.status())[0])).toMatchObject({
      name: 'event-counts',
      state: 'live',
      owned: true,
      position: Number(last),
      lag: 0,
    });
  });

  it('a batch whose handler throws half-way leaves neither its writes nor the checkpoint, and is retried until it passes', async () => {
    await bed.append(300);
    const projection = new EventCountsProjection();
    projection.failOn = (event) => event.globalPosition === 250n;
    const runner = bed.runner([projection], bed.main, { batchSize: 100, rebuildBatchSize: 100 });

    await runner.start();
    const failing = await eventually('two failed attempts', async () => {
      const [status] = await runner.status();
      return status.failure && 'attempts' in status.failure && status.failure.attempts >= 2 && status;
    });

    expect(numbers(failing)).toMatchObject({
      position: 200,
      owned: true,
      failure: { message: 'cannot count event at position 250' },
    });
    expect(numbers(await bed.checkpoint())).toBe(200);
    expect(await readApplied(bed.db)).toMatchObject({ applied: 200, distinct: 200 });
    expect((await readCheckpoint(bed.db, 'event-counts'))?.lastError?.message).toBe(
      'cannot count event at position 250',
    );

    projection.failOn = undefined;
    await caughtUpTo(300n);
    expect(await readApplied(bed.db)).toMatchObject({ applied: 300, distinct: 300 });
    await eventually('the failure cleared', async () => (await runner.status())[0].failure === undefined);
    expect((await readCheckpoint(bed.db, 'event-counts'))?.lastError).toBeUndefined();
  });

  it('a restarted runner resumes from its checkpoint and applies nothing twice', async () => {
    const first = bed.runner([new EventCountsProjection({ appliedBy: 'first' })]);
    const backlog = await bed.append(500);
    await first.start();
    await caughtUpTo(backlog);
    await first.stop();

    const last = await bed.append(300);
    const second = bed.runner([new EventCountsProjection({ appliedBy: 'second' })], await bed.process());
    await second.start();
    await caughtUpTo(last);

    expect(await readApplied(bed.db)).toEqual({ applied: 800, distinct: 800, byRunner: { first: 500, second: 300 } });
  });

  it('rebuilding resets the read model and replays the log from zero to the same result, reporting progress', async () => {
    const last = await bed.append(3_000, ['TenderPublished', 'ProposalSubmitted', 'BidPlaced', 'LotAwarded']);
    const runner = bed.runner([new EventCountsProjection()]);
    await runner.start();
    await caughtUpTo(last);
    await runner.stop();
    const built = await readEventCounts(bed.db);
    await bed.db.query('UPDATE test_event_counts SET count = count + 1000');

    const progress: RebuildProgress[] = [];
    const cli = bed.runner([new EventCountsProjection({ appliedBy: 'rebuild' })], bed.main, {
      rebuildBatchSize: 1_000,
    });
    const result = await cli.rebuildProjection('event-counts', { onProgress: (step) => progress.push(step) });

    expect(await readEventCounts(bed.db)).toEqual(built);
    expect(await readApplied(bed.db)).toEqual({ applied: 3_000, distinct: 3_000, byRunner: { rebuild: 3_000 } });
    expect(numbers(progress.map((step) => [step.eventsDone, step.position, step.headPosition]))).toEqual([
      [1_000, 1_000, Number(last)],
      [2_000, 2_000, Number(last)],
      [3_000, 3_000, Number(last)],
    ]);
    expect(numbers(result)).toMatchObject({ projection: 'event-counts', eventsDone: 3_000, position: Number(last) });
    expect(result.eventsPerSecond).toBeGreaterThan(0);
    expect(numbers(await bed.checkpoint())).toBe(Number(last));
  });

  it('a rebuild interrupted by stop ends between two batches, leaving the read model and the checkpoint consistent', async () => {
    await bed.append(3_000);
    const cli = bed.runner([new EventCountsProjection()], bed.main, { rebuildBatchSize: 1_000 });
    const rebuilding = cli.rebuildProjection('event-counts', { onProgress: () => void cli.stop() });

    await expect(rebuilding).rejects.toThrow('projection event-counts: stopping');
    expect(numbers(await bed.checkpoint())).toBe(1_000);
    expect(await readApplied(bed.db)).toMatchObject({ applied: 1_000, distinct: 1_000 });
  });

  it('a rebuild leaves out the plain indexes of the tables the projection names and builds them again at its end', async () => {
    await bed.append(3_000);
    const projection = new EventCountsProjection({
      rebuildWithoutIndexesOn: ['test_applied_events', 'test_event_counts'],
    });
    // Small batches: the look at the indexes taken after the first one answers long before the rebuild ends.
    const cli = bed.runner([projection], bed.main, { rebuildBatchSize: 100 });
    const during: string[][] = [];
    const looks: Promise<unknown>[] = [];
    await cli.rebuildProjection('event-counts', {
      onProgress: () => void looks.push(bed.indexesOf('test_applied_events').then((names) => during.push(names))),
    });
    await Promise.all(looks);

    expect(during[0]).toEqual([]);
    expect(await bed.indexesOf('test_applied_events')).toEqual(['test_applied_events_type']);
    expect(await bed.indexesOf('test_event_counts')).toEqual(['test_event_counts_pkey']); // a primary key stays
    expect(await bed.db.query('SELECT * FROM projection_deferred_indexes')).toEqual([]);
    expect(await readApplied(bed.db)).toMatchObject({ applied: 3_000, distinct: 3_000 });
  });

  it('a rebuild interrupted with its indexes left out gets them back from the next runner once it has caught up', async () => {
    const last = await bed.append(3_000);
    const options = { rebuildWithoutIndexesOn: ['test_applied_events'] };
    const cli = bed.runner([new EventCountsProjection(options)], bed.main, { rebuildBatchSize: 1_000 });
    await expect(cli.rebuildProjection('event-counts', { onProgress: () => void cli.stop() })).rejects.toThrow(
      'stopping',
    );
    expect(await bed.indexesOf('test_applied_events')).toEqual([]);

    const projector = bed.runner([new EventCountsProjection(options)], await bed.process());
    await projector.start();
    await caughtUpTo(last);
    await eventually('the index built again', async () => (await bed.indexesOf('test_applied_events')).length === 1);
    expect(await bed.db.query('SELECT * FROM projection_deferred_indexes')).toEqual([]);
    expect(await readApplied(bed.db)).toMatchObject({ applied: 3_000, distinct: 3_000 });
  });

  it('a started runner rebuilds on request under the lock it holds, then goes on following the log', async () => {
    await bed.append(400);
    const runner = bed.runner([new EventCountsProjection()]);
    await runner.start();
    await caughtUpTo(400n);
    await bed.db.query('UPDATE test_event_counts SET count = 0');

    const result = await runner.rebuildProjection('event-counts');
    expect(result.eventsDone).toBe(400);
    const last = await bed.append(10);
    await caughtUpTo(last);

    expect(await readApplied(bed.db)).toMatchObject({ applied: 410, distinct: 410 });
    expect((await readEventCounts(bed.db)).reduce((sum, row) => sum + row.count, 0)).toBe(410);
  });

  it('a new version rebuilds the read model from zero when the runner starts', async () => {
    await bed.append(400);
    const v1 = bed.runner([new EventCountsProjection({ version: 1 })]);
    await v1.start();
    await caughtUpTo(400n);
    await v1.stop();
    await bed.db.query('UPDATE test_event_counts SET count = 0');

    const logger = new MemoryLogger();
    const v2 = bed.runner([new EventCountsProjection({ version: 2, appliedBy: 'v2' })], bed.main, { logger });
    await v2.start();
    await eventually('version 2 caught up', async () => {
      const stored = await readCheckpoint(bed.db, 'event-counts');
      return stored?.version === 2 && stored.position === 400n;
    });

    expect((await readEventCounts(bed.db)).reduce((sum, row) => sum + row.count, 0)).toBe(400);
    expect(await readApplied(bed.db)).toEqual({ applied: 400, distinct: 400, byRunner: { v2: 400 } });
    expect(logger.lines).toContain('log projection event-counts: version 1 → 2, rebuilding from zero');
  });

  it('a standby runner takes over when the holder dies, and no event is applied twice', async () => {
    await bed.append(1_000);
    // A never tries to take the lock back within the test, as if its process were gone.
    const a = bed.runner([new EventCountsProjection({ appliedBy: 'A' })], await bed.process(), {
      applicationName: 'test-A',
      batchSize: 100,
      lockRetryMs: 60_000,
    });
    await a.start();
    await eventually('A holds the lock', async () => (await a.status())[0].owned);
    const b = bed.runner([new EventCountsProjection({ appliedBy: 'B' })], await bed.process(), {
      applicationName: 'test-B',
      batchSize: 100,
    });
    await b.start();
    await caughtUpTo(1_000n);
    expect(numbers((await b.status())[0])).toMatchObject({
      owned: false,
      state: 'waiting_for_lock',
      position: 1_000,
      lag: 0,
    });

    const appending = bed.append(2_000);
    await eventually('A applies some of the new events', async () => (await bed.checkpoint())! > 1_000n);
    expect(await bed.killLockConnection('test-A')).toBe(1);
    await appending;

    await eventually('B holds the lock', async () => (await b.status())[0].owned);
    // Appended after the takeover: B's to apply even when A had finished the 2,000 before it noticed its loss.
    const last = await bed.append(500);
    await caughtUpTo(last);
    expect((await a.status())[0]).toMatchObject({ owned: false, state: 'waiting_for_lock' });
    const applied = await readApplied(bed.db);
    expect(applied).toMatchObject({ applied: 3_500, distinct: 3_500 });
    expect(applied.byRunner.A).toBeGreaterThan(1_000);
    expect(applied.byRunner.B).toBeGreaterThan(0);
  });

  it('a runner that loses its lock in the middle of a batch cannot double-apply it: the new owner continues after it', async () => {
    await bed.append(300);
    let release!: () => void;
    let entered!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow = new EventCountsProjection({ appliedBy: 'A' });
    slow.hold = () => {
      slow.hold = undefined;
      entered();
      return held;
    };
    const a = bed.runner([slow], await bed.process(), {
      applicationName: 'test-A',
      batchSize: 100,
      rebuildBatchSize: 100,
      lockRetryMs: 60_000,
    });
    await a.start();
    await inside;

    await bed.killLockConnection('test-A');
    const logger = new MemoryLogger();
    const b = bed.runner([new EventCountsProjection({ appliedBy: 'B' })], await bed.process(), {
      applicationName: 'test-B',
      batchSize: 100,
      logger,
    });
    await b.start();
    // B has read the checkpoint (0) and then either waits for A's row lock or, when A's open transaction holds
    // back the event store's safe frontier, found nothing to read yet.
    await eventually(
      'B runs the projection',
      async () => (await bed.lockWaiters()) > 0 || (await b.status())[0].state === 'live',
    );
    release();
    await caughtUpTo(300n);
    expect(logger.lines).toContain(
      'warn projection event-counts: checkpoint moved to 100 by another runner (expected 0); reading it again',
    );

    expect(await readApplied(bed.db)).toEqual({ applied: 300, distinct: 300, byRunner: { A: 100, B: 200 } });
  });

  it('reads only the events its filter names, and once caught up moves its checkpoint past the others', async () => {
    const projection = new EventCountsProjection({
      filter: { eventTypePrefixes: ['Order'], streamPrefixes: ['order-'] },
    });
    await bed.append(50);
    await bed.append(50, ['OrderPlaced'], 'invoice-');
    await bed.append(50, ['InvoiceSent'], 'order-');
    const runner = bed.runner([projection]);
    await runner.start();
    await eventually('caught up', async () => (await runner.status())[0].state === 'live');

    const last = await bed.append(100, ['InvoiceSent'], 'invoice-');
    // The stored checkpoint, not the status: the status shows the skip as soon as it is decided, before it is stored.
    await caughtUpTo(last);
    expect(numbers((await runner.status())[0])).toMatchObject({ lag: 0, position: Number(last) });
    expect(await readEventCounts(bed.db)).toEqual([
      { type: 'OrderPaid', count: 17 },
      { type: 'OrderPlaced', count: 17 },
      { type: 'OrderShipped', count: 16 },
    ]);
  });

  describe('the shared feed', () => {
    it('a caught-up projection takes the live events from the feed, without reading the log, even at its polls', async () => {
      const backlog = await bed.append(200);
      const runner = bed.runner([new EventCountsProjection()]);
      await runner.start();
      await caughtUpTo(backlog);
      const reads = jest.spyOn(bed.main.eventStore, 'readAll');

      let last = backlog;
      for (let i = 0; i < 5; i++) last = await bed.append(10);
      await caughtUpTo(last);
      await eventually('a poll (every 200 ms here) has passed', async () => (await runner.status())[0].lag === 0);

      expect(reads).not.toHaveBeenCalled();
      expect(await readApplied(bed.db)).toMatchObject({ applied: 250, distinct: 250 });
    });

    it('a projection further behind than the window reads the log itself, and applies every event once', async () => {
      const projection = new EventCountsProjection();
      const runner = bed.runner([projection], bed.main, { recentEvents: 10, batchSize: 25 });
      await runner.start();
      await caughtUpTo(0n);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const inside = new Promise<void>((resolve) => {
        projection.hold = () => {
          projection.hold = undefined;
          resolve();
          return held;
        };
      });
      const first = await bed.append(1);
      await inside; // its batch of that one event stays open while 100 more come: the window keeps the last 10
      const reads = jest.spyOn(bed.main.eventStore, 'readAll');
      const last = await bed.append(100);
      release();
      await caughtUpTo(last);

      // From where it stood (after the first event, or a few more the window still had when it was let go).
      const from = reads.mock.calls.map(([options]) => Number(options?.fromPosition));
      expect(from.length).toBeGreaterThan(0);
      expect(Math.min(...from)).toBeGreaterThanOrEqual(Number(first));
      expect(Math.min(...from)).toBeLessThan(Number(last) - 10);
      expect(await readApplied(bed.db)).toEqual({ applied: 101, distinct: 101, byRunner: { runner: 101 } });
    });

    it('a live batch that fails is retried from its checkpoint: nothing lost, nothing applied twice', async () => {
      const backlog = await bed.append(100);
      const projection = new EventCountsProjection();
      const runner = bed.runner([projection]);
      await runner.start();
      await caughtUpTo(backlog);
      projection.failOn = (event) => event.globalPosition === backlog + 15n;

      const last = await bed.append(30);
      await eventually('two failed attempts', async () => {
        const [status] = await runner.status();
        return status.failure && 'attempts' in status.failure && status.failure.attempts >= 2;
      });
      const stuck = (await bed.checkpoint())!;
      expect(Number(stuck)).toBeLessThan(Number(backlog + 15n));
      expect(await readApplied(bed.db)).toMatchObject({ applied: Number(stuck), distinct: Number(stuck) });

      projection.failOn = undefined;
      await caughtUpTo(last);
      expect(await readApplied(bed.db)).toMatchObject({ applied: 130, distinct: 130 });
    });
  });

  it('refuses two projections with one name, and a rebuild of an unknown one', async () => {
    const runner = bed.runner([new EventCountsProjection()]);
    expect(() => runner.register(new EventCountsProjection())).toThrow('two projections are named event-counts');
    await expect(runner.rebuildProjection('nope')).rejects.toThrow('no projection named nope (known: event-counts)');
  });
});
