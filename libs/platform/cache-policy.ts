import { SetMetadata } from '@nestjs/common';

/**
 * How long shared caches (a CDN, a reverse proxy) and browsers may keep a public read, declared next to its route
 * with `@Cached(...)` or the `cache` option of `@Read(...)`; the HTTP caching interceptor (libs/projections/
 * http-caching.ts) turns it into `Cache-Control` and `Last-Modified`. A route without one answers
 * `private, no-store`.
 *
 * - `{ maxAge, staleWhileRevalidate }` (seconds): `public, max-age=…, stale-while-revalidate=…`;
 * - `'no-cache'`: public, but revalidated on every use (the ETag still saves the body);
 * - `'no-store'`: not kept anywhere (the server's clock, health, live counters);
 * - `'private'`: `private, no-store` said out loud, for a route anyone may call whose answer is still someone's
 *   own (a desk calendar behind its secret address).
 */
export type CachePolicy = { maxAge: number; staleWhileRevalidate: number } | 'no-cache' | 'no-store' | 'private';

/** The policies of the public API, by kind of resource (the README's "Caching" table lists them per route). */
export const CACHE = {
  /** Searches and lists: the most asked, changing with every publication. */
  list: { maxAge: 30, staleWhileRevalidate: 60 },
  /** One procedure, supplier, unit or release: followed closely while a procedure is running. */
  detail: { maxAge: 10, staleWhileRevalidate: 60 },
  /** Feeds machines poll for what is new (the change feed, the OCDS release feed). */
  feed: { maxAge: 5, staleWhileRevalidate: 30 },
  /** Aggregates over everything: statistics, red flags. */
  statistics: { maxAge: 300, staleWhileRevalidate: 600 },
  /** Reference data that changes with a release of the platform or a new catalogue: classifiers, keys. */
  reference: { maxAge: 3600, staleWhileRevalidate: 86_400 },
  /** A bulk file of a period still open (this month, this year): new procedures join it. */
  openPeriod: { maxAge: 300, staleWhileRevalidate: 3600 },
  /** A bulk file of a closed period: only a late change of an old procedure (a contract's end) alters it. */
  closedPeriod: { maxAge: 86_400, staleWhileRevalidate: 604_800 },
} as const satisfies Record<string, CachePolicy>;

export const CACHE_POLICY = Symbol('cache-policy');

/** On a GET route (or its controller): how it may be cached. */
export const Cached = (policy: CachePolicy) => SetMetadata(CACHE_POLICY, policy);

/** Responses no shared cache may keep: to a signed-in caller, the desks, errors. */
export const PRIVATE_NO_STORE = 'private, no-store';

/** The `Cache-Control` of a policy, for an anonymous request without `minPosition`. */
export function cacheControl(policy: CachePolicy): string {
  if (policy === 'private') return PRIVATE_NO_STORE;
  if (policy === 'no-store') return 'no-store';
  if (policy === 'no-cache') return 'public, no-cache';
  return `public, max-age=${policy.maxAge}, stale-while-revalidate=${policy.staleWhileRevalidate}`;
}

/**
 * `Last-Modified` for a resource last changed at `changed`, answered `now`; none until two whole seconds have
 * begun since. HTTP dates count whole seconds: a change later in the same second would carry the same date, and a
 * client revalidating with `If-Modified-Since` would be told 304 for a body it has not seen. The second second
 * covers a projection transaction that began in that second and commits in the next (its checkpoint time is when
 * it began).
 */
export function lastModifiedHeader(changed: Date, now: Date): string | undefined {
  const second = (date: Date) => Math.floor(date.getTime() / 1000);
  if (second(changed) + 2 > second(now)) return undefined;
  return changed.toUTCString();
}
