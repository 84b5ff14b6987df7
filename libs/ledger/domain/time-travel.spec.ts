import { DomainError } from '@licita/shared';
import { eventsAsOf, foldAsOf, parseAsOf } from './time-travel';

const at = (occurredAt: string, name: string) => ({ name, metadata: { occurredAt } });
const history = [
  at('2026-03-01T10:00:00.000Z', 'created'),
  at('2026-03-02T10:00:00.000Z', 'published'),
  at('2026-03-05T10:00:00.000Z', 'asked'),
];
const now = new Date('2026-04-01T00:00:00.000Z');

describe('time travel', () => {
  it('keeps the events that had occurred at the moment, including one at that very instant', () => {
    expect(eventsAsOf(history, new Date('2026-02-28T00:00:00Z'))).toEqual([]);
    expect(eventsAsOf(history, new Date('2026-03-02T10:00:00.000Z')).map((e) => e.name)).toEqual([
      'created',
      'published',
    ]);
    expect(eventsAsOf(history, now)).toHaveLength(3);
  });

  it('stops at the first later event, even if one after it claims an earlier time', () => {
    const skewed = [
      ...history.slice(0, 2),
      at('2026-03-04T00:00:00.000Z', 'late'),
      at('2026-03-03T00:00:00.000Z', 'skewed'),
    ];
    expect(eventsAsOf(skewed, new Date('2026-03-03T12:00:00Z')).map((e) => e.name)).toEqual(['created', 'published']);
  });

  it('folds the view builder over what had happened', () => {
    expect(foldAsOf(history, new Date('2026-03-03T00:00:00Z'), (names: string[], e) => [...names, e.name], [])).toEqual(
      ['created', 'published'],
    );
  });

  it('reads asOf as an ISO 8601 instant with its zone, and the future as now', () => {
    expect(parseAsOf('2026-03-02T09:00:00-06:00', now).toISOString()).toBe('2026-03-02T15:00:00.000Z');
    expect(parseAsOf('2030-01-01T00:00:00Z', now)).toEqual(now);
    for (const bad of ['yesterday', '2026-03-02', '2026-03-02T15:00:00', '2026-13-02T15:00:00Z']) {
      expect(() => parseAsOf(bad, now)).toThrow(expect.objectContaining({ code: 'as_of.invalid' }) as DomainError);
    }
  });
});
