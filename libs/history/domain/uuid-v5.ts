import { createHash } from 'node:crypto';

/** Licita's namespace for the ids of imported history (a fixed random UUID; never change it: ids would move). */
export const HISTORY_NAMESPACE = '6f1c2a8e-3b4d-4e5f-9a6b-7c8d9e0f1a2b';

/**
 * RFC 4122 name-based UUID (version 5, SHA-1): the same name always gives the same id, so importing the same
 * record again finds the same stream and event ids and the store treats the append as a retry.
 */
export function uuidV5(name: string, namespace = HISTORY_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
