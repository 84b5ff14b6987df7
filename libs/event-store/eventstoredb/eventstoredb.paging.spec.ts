import type { AllStreamRecordedEvent, ReadPosition } from '@eventstore/db-client';
import { isAfter } from './eventstoredb.mapping';
import { lastUserPosition, readAllAfter, type AllPageReader } from './eventstoredb.paging';
import { aClientEvent, aSystemEvent } from './testing/client-events';

/**
 * `$all` as EventStoreDB serves it (AllReader in the server): a forward read includes the event at its start
 * position, a backward read from a position returns only events before it.
 */
const resolved = <T>(value: T) => Promise.resolve(value);

function anAllLog(events: AllStreamRecordedEvent[]) {
  const reads: ReadPosition[] = [];
  const forwards: AllPageReader = (from, maxCount) => {
    reads.push(from);
    return resolved(
      events
        .filter((e) => from === 'start' || (typeof from === 'object' && !isAfter(from, e.position)))
        .slice(0, maxCount),
    );
  };
  const backwards: AllPageReader = (from, maxCount) => {
    reads.push(from);
    return resolved(
      [...events]
        .reverse()
        .filter((e) => from === 'end' || (typeof from === 'object' && isAfter(from, e.position)))
        .slice(0, maxCount),
    );
  };
  return { forwards, backwards, reads };
}

const positions = (events: { globalPosition: bigint }[]) => events.map((e) => e.globalPosition);
const tenderEvents = (...at: bigint[]) => at.map((p) => aClientEvent(p, { streamId: `tender-${p}` }));

describe('reading $all after a position', () => {
  it('gives the events after the position, across page boundaries, without loss or repeat', async () => {
    const log = anAllLog(tenderEvents(100n, 200n, 300n, 400n, 500n, 600n, 700n, 800n));
    const events = await readAllAfter(log.forwards, 200n, 100, undefined, 3);
    expect(positions(events)).toEqual([300n, 400n, 500n, 600n, 700n, 800n]);
  });

  it('reads from the start for position 0', async () => {
    const log = anAllLog(tenderEvents(100n, 200n));
    expect(positions(await readAllAfter(log.forwards, 0n, 100))).toEqual([100n, 200n]);
    expect(log.reads[0]).toBe('start');
  });

  it('stops at maxCount without reading further pages', async () => {
    const log = anAllLog(tenderEvents(100n, 200n, 300n, 400n, 500n, 600n));
    expect(positions(await readAllAfter(log.forwards, 0n, 2, undefined, 3))).toEqual([100n, 200n]);
    expect(log.reads).toHaveLength(1);
  });

  it('leaves out system events and events the filter rejects, and keeps reading past pages with no match', async () => {
    const log = anAllLog([
      aClientEvent(100n, { streamId: 'tender-1' }),
      aSystemEvent(150n),
      aClientEvent(200n, { streamId: 'supplier-1', type: 'SupplierRegistered' }),
      aClientEvent(300n, { streamId: 'supplier-2', type: 'SupplierRegistered' }),
      aSystemEvent(350n, '$metadata'),
      aClientEvent(400n, { streamId: 'supplier-3', type: 'SupplierRegistered' }),
      aClientEvent(500n, { streamId: 'tender-2', type: 'TenderAmended' }),
      aClientEvent(600n, { streamId: 'tender-2', type: 'TenderPublished' }),
    ]);
    const events = await readAllAfter(
      log.forwards,
      0n,
      100,
      { streamPrefixes: ['tender-'], eventTypePrefixes: ['TenderPub'] },
      2,
    );
    expect(events.map((e) => `${e.globalPosition}:${e.streamId}`)).toEqual(['100:tender-1', '600:tender-2']);
  });

  it('gives nothing after the last event', async () => {
    const log = anAllLog(tenderEvents(100n, 200n));
    expect(await readAllAfter(log.forwards, 200n, 100)).toEqual([]);
  });

  it('stops instead of looping when a full page does not move past its start', async () => {
    const oneCommit = (prepare: bigint) => ({ ...aClientEvent(prepare), position: { commit: 900n, prepare } });
    const sameCommit: AllPageReader = () => Promise.resolve([oneCommit(100n), oneCommit(200n)]);
    await expect(readAllAfter(sameCommit, 900n, 100, undefined, 2)).rejects.toThrow(/did not advance/);
  });
});

describe('head position', () => {
  it('is the position of the last event that is not a system event', async () => {
    const log = anAllLog([...tenderEvents(100n, 200n), aSystemEvent(250n), aSystemEvent(260n, '$metadata')]);
    expect(await lastUserPosition(log.backwards)).toBe(200n);
  });

  it('pages backwards past a long run of system events', async () => {
    const system = [300n, 310n, 320n, 330n, 340n].map((p) => aSystemEvent(p));
    const log = anAllLog([...tenderEvents(100n, 200n), ...system]);
    expect(await lastUserPosition(log.backwards, 2)).toBe(200n);
    expect(log.reads).toEqual(['end', system[3].position, system[1].position]);
  });

  it('is 0 when the log holds only system events, or nothing', async () => {
    expect(
      await lastUserPosition(anAllLog([aSystemEvent(10n), aSystemEvent(20n), aSystemEvent(30n)]).backwards, 2),
    ).toBe(0n);
    expect(await lastUserPosition(anAllLog([]).backwards)).toBe(0n);
  });
});
