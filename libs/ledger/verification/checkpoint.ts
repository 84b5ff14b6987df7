import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json';
import { sha256 } from './merkle';

/** Names the log in every signed message, so a signature cannot be replayed as anything else. */
export const LOG_ID = 'licita-ledger/1';

/**
 * A signed tree head, as Certificate Transparency has them: the Merkle root over the first `treeSize` leaves,
 * the hash chain at the same leaf and its global position, signed with the ledger's Ed25519 key. A checkpoint
 * is named by its tree size.
 */
export interface Checkpoint {
  treeSize: number;
  /** Global position of the last event it covers, decimal. */
  position: string;
  rootHash: string;
  chainHash: string;
  /** ISO 8601, UTC. */
  issuedAt: string;
  /** Lowercase hex SHA-256 of the public key (DER SubjectPublicKeyInfo) that signed it. */
  keyId: string;
  /** Ed25519 signature (base64) over `checkpointMessage`. */
  signature: string;
}

export type CheckpointBody = Omit<Checkpoint, 'keyId' | 'signature'>;

/** The bytes signed: UTF-8 of canonicalJson({ log, treeSize, position, rootHash, chainHash, issuedAt }). */
export function checkpointMessage(body: CheckpointBody): Buffer {
  const { treeSize, position, rootHash, chainHash, issuedAt } = body;
  return Buffer.from(canonicalJson({ log: LOG_ID, treeSize, position, rootHash, chainHash, issuedAt }), 'utf8');
}

export function signCheckpoint(body: CheckpointBody, privateKey: KeyObject, keyId: string): Checkpoint {
  const { treeSize, position, rootHash, chainHash, issuedAt } = body;
  return {
    treeSize,
    position,
    rootHash,
    chainHash,
    issuedAt,
    keyId,
    signature: sign(null, checkpointMessage(body), privateKey).toString('base64'),
  };
}

export function verifyCheckpointSignature(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, checkpointMessage(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The ledger's public key from its published form: base64 of the DER SubjectPublicKeyInfo (or a PEM). */
export function publicKeyFrom(published: string): KeyObject {
  const key = published.includes('BEGIN PUBLIC KEY')
    ? createPublicKey(published)
    : createPublicKey({ key: Buffer.from(published, 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the ledger key is ${key.asymmetricKeyType}, not Ed25519`);
  return key;
}

export const spkiOf = (publicKey: KeyObject): Buffer => publicKey.export({ format: 'der', type: 'spki' });
export const keyIdOf = (publicKey: KeyObject): string => sha256(spkiOf(publicKey)).toString('hex');
