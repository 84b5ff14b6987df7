import { fieldDiff, sameJson } from './field-diff';

describe('field diff', () => {
  it('lists changed leaves by dotted path', () =>
    expect(fieldDiff({ title: 'a', schedule: { x: 1, y: 2 } }, { title: 'b', schedule: { x: 1, y: 3 } })).toEqual([
      { path: 'title', before: 'a', after: 'b' },
      { path: 'schedule.y', before: 2, after: 3 },
    ]));

  it('follows lists of identified elements by identifier, with additions and removals', () =>
    expect(
      fieldDiff(
        { lots: [{ lotId: 'l1', items: [{ itemId: 'i1', q: 1 }] }, { lotId: 'l2' }] },
        { lots: [{ lotId: 'l1', items: [{ itemId: 'i1', q: 2 }] }, { lotId: 'l3' }] },
      ),
    ).toEqual([
      { path: 'lots[l1].items[i1].q', before: 1, after: 2 },
      { path: 'lots[l3]', before: null, after: { lotId: 'l3' } },
      { path: 'lots[l2]', before: { lotId: 'l2' }, after: null },
    ]));

  it('compares other lists as a whole', () =>
    expect(fieldDiff({ ids: ['a', 'b'] }, { ids: ['b', 'a'] })).toEqual([
      { path: 'ids', before: ['a', 'b'], after: ['b', 'a'] },
    ]));

  it('finds nothing between equal values in another key order', () => {
    expect(fieldDiff({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toEqual([]);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
  });
});
