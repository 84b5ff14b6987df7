import { CheckpointGenerations } from './checkpoint-generations';
import { checkpointEtag, checkpointEtagPrefix, matchesEtag } from './http-caching';

describe('CheckpointGenerations', () => {
  const at = (start = 1_000) => {
    const clock = { now: start };
    return { clock, generations: new CheckpointGenerations(3_000, () => clock.now) };
  };

  it('trusts nothing before a complete read, then for trustMs after the read began', () => {
    const { clock, generations } = at();
    generations.raise('transparency', 5n);
    expect(generations.current(['transparency'])).toBeUndefined();
    generations.confirm([['transparency', 7n]], 1_000);
    expect(generations.current(['transparency', 'never-run'])).toEqual([7n, 0n]);
    clock.now = 4_000;
    expect(generations.current(['transparency'])).toEqual([7n]);
    clock.now = 4_001;
    expect(generations.current(['transparency'])).toBeUndefined();
  });

  it('only ever raises a generation: a late or older word never takes one back', () => {
    const { generations } = at();
    generations.confirm([['ocds', 10n]], 1_000);
    generations.raise('ocds', 12n);
    generations.raise('ocds', 11n);
    generations.confirm([['ocds', 10n]], 1_000);
    expect(generations.current(['ocds'])).toEqual([12n]);
  });

  it('stops trusting at once when the listening connection fails, until the next complete read', () => {
    const { generations } = at();
    generations.confirm([['classifier', 3n]], 1_000);
    generations.distrust();
    expect(generations.current(['classifier'])).toBeUndefined();
    generations.confirm([['classifier', 4n]], 1_500);
    expect(generations.current(['classifier'])).toEqual([4n]);
  });

  it('wakes those waiting for a change on a raise, not on a repeat', async () => {
    const { generations } = at();
    generations.raise('a', 1n);
    let woken = false;
    const next = generations.nextChange().then(() => (woken = true));
    generations.raise('a', 1n);
    await Promise.resolve();
    expect(woken).toBe(false);
    generations.raise('a', 2n);
    await next;
    expect(woken).toBe(true);
  });
});

describe('checkpoint ETags', () => {
  const etag = checkpointEtag('abcdefghij', '/api/classifier?q=papel', 'es', [3n, 41n]);

  it('name the deployment, the URL, the language and each generation', () => {
    expect(etag).toMatch(/^W\/"abcdefghij-[\w-]{8}-es-3\.41"$/);
    expect(checkpointEtag('abcdefghij', '/api/classifier?q=papel', 'es', [3n, 41n])).toBe(etag);
    expect(checkpointEtag('abcdefghij', '/api/classifier?q=lapiz', 'es', [3n, 41n])).not.toBe(etag);
    expect(checkpointEtag('abcdefghij', '/api/classifier?q=papel', 'en', [3n, 41n])).not.toBe(etag);
    expect(checkpointEtag('abcdefghij', '/api/classifier?q=papel', 'es', [3n, 42n])).not.toBe(etag);
    expect(checkpointEtagPrefix('build-1', ['https://a', 'production'])).toHaveLength(10);
    expect(checkpointEtagPrefix('build-2', ['https://a', 'production'])).not.toBe(
      checkpointEtagPrefix('build-1', ['https://a', 'production']),
    );
  });

  it.each([
    [{ 'if-none-match': etag }, true],
    [{ 'if-none-match': 'W/"other", ' + etag }, true],
    [{ 'if-none-match': etag.slice(2) }, true], // weak comparison
    [{ 'if-none-match': etag.replace('3.41', '3.4') }, false],
    [{ 'if-none-match': '*' }, false], // * would be 304 even for a missing resource: left to the handler
    [{ 'if-none-match': etag, 'cache-control': 'no-cache' }, false], // an end-to-end reload
    [{ 'if-none-match': etag, 'cache-control': 'max-age=0' }, true],
    [{ 'if-modified-since': 'Mon, 07 Dec 2026 18:00:00 GMT' }, false],
    [{}, false],
  ])('If-None-Match %j matches: %s', (headers, matches) => {
    expect(matchesEtag(headers, etag)).toBe(matches);
  });
});
