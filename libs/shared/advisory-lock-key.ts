/**
 * The second half of a two-key PostgreSQL advisory lock for a name (a projection, an auction, a led job):
 * FNV-1a over the UTF-8 bytes, kept in 0..2^31-1 so it is the same as an int4 and an oid (as `pg_locks` shows
 * it). Stable across releases: processes of two versions must agree on it.
 */
export function advisoryLockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(name, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash & 0x7fffffff;
}
