import { canonicalJson } from '../domain/canonical-json';
import type { PublicEvent } from '../domain/public-form';
import { type Hash, sha256 } from './merkle';

/**
 * The two hashes of every ledger entry (hex in every document, lowercase):
 * - leaf  = SHA-256(UTF-8 bytes of canonicalJson(publicEvent));
 * - chain = SHA-256(previous chain || leaf), 32 raw bytes each, the chain before the first entry being 32 zero
 *   bytes. The leaf is also the entry of the Merkle tree whose roots the checkpoints sign.
 */
export const GENESIS_CHAIN: Hash = Buffer.alloc(32);

export const leafOf = (event: PublicEvent): Hash => sha256(Buffer.from(canonicalJson(event), 'utf8'));

export const nextChain = (previous: Hash, leaf: Hash): Hash => sha256(previous, leaf);

export const hex = (hash: Hash): string => hash.toString('hex');
export const fromHex = (text: string): Hash => Buffer.from(text, 'hex');
export const isHash = (text: unknown): text is string => typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);
