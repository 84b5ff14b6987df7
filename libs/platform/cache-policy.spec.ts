import { CACHE, cacheControl, lastModifiedHeader } from './cache-policy';

describe('cache policies', () => {
  it('become Cache-Control headers', () => {
    expect(cacheControl(CACHE.list)).toBe('public, max-age=30, stale-while-revalidate=60');
    expect(cacheControl('no-cache')).toBe('public, no-cache');
    expect(cacheControl('no-store')).toBe('no-store');
    expect(cacheControl('private')).toBe('private, no-store');
  });

  it('give Last-Modified only once two seconds have begun since the change', () => {
    const changed = new Date('2026-12-07T10:00:00.300Z');
    expect(lastModifiedHeader(changed, new Date('2026-12-07T10:00:00.900Z'))).toBeUndefined();
    expect(lastModifiedHeader(changed, new Date('2026-12-07T10:00:01.999Z'))).toBeUndefined();
    expect(lastModifiedHeader(changed, new Date('2026-12-07T10:00:02.000Z'))).toBe('Mon, 07 Dec 2026 10:00:00 GMT');
    expect(lastModifiedHeader(new Date('2026-12-07T10:00:05Z'), changed)).toBeUndefined(); // never in the future
  });
});
