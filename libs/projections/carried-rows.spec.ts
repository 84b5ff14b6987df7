import { CarriedRows } from './carried-rows';

const batch = (from: bigint, to: bigint) => ({ from, to });

describe('CarriedRows', () => {
  it('gives the next batch the rows the last one kept, when it applies from the checkpoint that one stored', () => {
    const carried = new CarriedRows<string>();
    carried.rowsFor(batch(0n, 10n));
    carried.keep(batch(0n, 10n), new Map([['t-1', 'a']]));
    expect([...carried.rowsFor(batch(10n, 20n))]).toEqual([['t-1', 'a']]);
  });

  it('drops them when the checkpoint moved otherwise: another runner, a skip, a reset', () => {
    const carried = new CarriedRows<string>();
    carried.keep(batch(0n, 10n), new Map([['t-1', 'a']]));
    expect(carried.rowsFor(batch(15n, 20n)).size).toBe(0);
    expect(carried.rowsFor(batch(10n, 20n)).size).toBe(0);
  });

  it('keeps them after a batch that rolled back (it kept nothing and the checkpoint did not move)', () => {
    const carried = new CarriedRows<string>();
    carried.keep(batch(0n, 10n), new Map([['t-1', 'a']]));
    carried.rowsFor(batch(10n, 20n)); // this batch fails before keeping anything
    expect([...carried.rowsFor(batch(10n, 20n))]).toEqual([['t-1', 'a']]);
  });

  it('holds at most its limit, the most recently written', () => {
    const carried = new CarriedRows<string>(2);
    carried.keep(
      batch(0n, 10n),
      new Map([
        ['t-1', 'a'],
        ['t-2', 'b'],
      ]),
    );
    carried.keep(
      batch(10n, 20n),
      new Map([
        ['t-1', 'a2'],
        ['t-3', 'c'],
      ]),
    );
    expect([...carried.rowsFor(batch(20n, 30n))]).toEqual([
      ['t-1', 'a2'],
      ['t-3', 'c'],
    ]);
  });
});
