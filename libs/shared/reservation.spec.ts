import { conflict } from './domain-error';
import { reservation, STALE_RESERVATION_MS } from './reservation';

const now = new Date('2026-03-01T12:00:00.000Z');
const at = { now, actor: 'test' };
const taken = (code: string) => conflict('thing.code_taken', `code ${code} is taken`, { code });
const releasable = reservation({
  streamPrefix: 'thing-code-',
  value: 'code',
  holder: 'thingId',
  reserved: 'ThingCodeReserved',
  released: 'ThingCodeReleased',
  taken,
});
const kept = reservation({ streamPrefix: 'pin-', value: 'pin', holder: 'ownerId', reserved: 'PinReserved', taken });
const claim = (holder: string, holderUsesValue = false) =>
  ({ type: 'Claim', value: 'X1', holder, holderUsesValue }) as const;
const release = (holder: string) => ({ type: 'Release', value: 'X1', holder }) as const;
const heldBy = (holder: string, msAgo = 0) =>
  releasable.evolve(releasable.initialState(), {
    type: 'ThingCodeReserved',
    data: { code: 'X1', thingId: holder, reservedAt: new Date(now.getTime() - msAgo).toISOString() },
  });

it('names the stream and the payload fields after what is reserved', () => {
  expect(releasable.stream('X1')).toBe('thing-code-X1');
  expect(releasable.decide(claim('A'), releasable.initialState(), at)).toEqual([
    { type: 'ThingCodeReserved', data: { code: 'X1', thingId: 'A', reservedAt: now.toISOString() } },
  ]);
});

it('refuses a value in use with the context’s own error, and takes over only a stale claim', () => {
  expect(() => releasable.decide(claim('B', true), heldBy('A', STALE_RESERVATION_MS * 2), at)).toThrow(
    expect.objectContaining({ code: 'thing.code_taken', details: { code: 'X1' } }),
  );
  expect(() => releasable.decide(claim('B'), heldBy('A', STALE_RESERVATION_MS - 1), at)).toThrow(
    expect.objectContaining({ code: 'thing.code_taken' }),
  );
  expect(releasable.decide(claim('B'), heldBy('A', STALE_RESERVATION_MS), at)[0].data).toMatchObject({
    thingId: 'B',
    replaces: 'A',
  });
});

it('releases only for the holder, and frees the value for the next claimant', () => {
  expect(releasable.decide(release('B'), heldBy('A'), at)).toEqual([]);
  const released = releasable.decide(release('A'), heldBy('A'), at);
  expect(released).toEqual([{ type: 'ThingCodeReleased', data: { code: 'X1', thingId: 'A' } }]);
  expect(released.reduce(releasable.evolve, heldBy('A'))).toEqual(releasable.initialState());
});

it('releases nothing where the context never gives a value up', () =>
  expect(kept.decide(release('A'), { holder: 'A', reservedAt: now.toISOString() }, at)).toEqual([]));
