import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { invalid } from '@licita/shared';
import { canonicalJson } from '@licita/shared';
import type { IsoDateTime, SealedBox } from './tender.types';

export { canonicalJson };

/**
 * Sealed proposals, as pure functions (no I/O; randomness only where a function's name says so).
 *
 * The handler that receives a proposal: checks the content, adds a random salt, computes the commitment
 * (SHA-256 of the canonical JSON), encrypts the same canonical bytes with the tender's data key under a fresh
 * IV, and sends the decider only the commitment and the sealed box. The data key (32 random bytes per tender)
 * lives in a key store of the application layer, found by `tenderKeyId`; it never travels in an event. At the
 * opening act the handler decrypts every box and passes the revealed contents to the decider, which checks
 * that each hashes to the commitment published at submission.
 */

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
const ALGORITHM = 'aes-256-gcm';

/** The commitment to a proposal's content: lowercase hex SHA-256 of its canonical JSON in UTF-8. */
export function commitmentOf(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

export function matchesCommitment(content: unknown, commitment: string): boolean {
  return commitmentOf(content) === commitment;
}

/** AES-256-GCM of `plaintext` with the tender's data key and a 12-byte IV that must never repeat for that key. */
export function encrypt(
  plaintext: string | Uint8Array,
  key: Uint8Array,
  iv: Uint8Array,
  tenderKeyId: string,
): SealedBox {
  checkKey(key);
  if (iv.length !== IV_BYTES) throw invalid('sealing.invalid_iv', `the IV has ${IV_BYTES} bytes`);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  const ciphertext = Buffer.concat([
    cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext),
    cipher.final(),
  ]);
  return {
    tenderKeyId,
    algorithm: ALGORITHM,
    iv: Buffer.from(iv).toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    authTag: cipher.getAuthTag().toString('base64'),
  };
}

/** The plaintext of a sealed box; `sealing.cannot_open` when the key is wrong or a byte was changed. */
export function decrypt(box: SealedBox, key: Uint8Array): Buffer {
  checkKey(key);
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(box.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(box.authTag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(box.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw invalid('sealing.cannot_open', 'the sealed box cannot be opened with this key (wrong key or altered bytes)', {
      tenderKeyId: box.tenderKeyId,
    });
  }
}

/** Commitment and sealed box of a proposal's content: what `SubmitProposal` carries. */
export function sealProposal(
  content: unknown,
  key: Uint8Array,
  iv: Uint8Array,
  tenderKeyId: string,
): { commitment: string; sealed: SealedBox } {
  const canonical = canonicalJson(content);
  return {
    commitment: createHash('sha256').update(canonical, 'utf8').digest('hex'),
    sealed: encrypt(canonical, key, iv, tenderKeyId),
  };
}

/** The revealed content of a sealed proposal (parsed JSON), to pass into `OpenProposals`. */
export function openProposal(sealed: SealedBox, key: Uint8Array): unknown {
  return JSON.parse(decrypt(sealed, key).toString('utf8'));
}

/** What the supplier keeps, and what is published at once: anyone can later check the opened proposal against it. */
export type ProposalReceipt = { tenderId: string; proposalId: string; commitment: string; submittedAt: IsoDateTime };

export const proposalReceipt = (data: ProposalReceipt): ProposalReceipt => ({
  tenderId: data.tenderId,
  proposalId: data.proposalId,
  commitment: data.commitment,
  submittedAt: data.submittedAt,
});

/** Randomness, for the application layer; tests pass fixed bytes to the functions above instead. */
export const randomDataKey = (): Buffer => randomBytes(KEY_BYTES);
export const randomIv = (): Buffer => randomBytes(IV_BYTES);
/** 128 random bits in hex for `ProposalContent.salt`. */
export const randomSalt = (): string => randomBytes(16).toString('hex');

/**
 * A salt for a request sent with an Idempotency-Key: 128 bits of an HMAC of the (scoped) key under the tender's
 * data key. The same request sent again (same key, hence same body) seals the same content under the same
 * commitment, so a submission recorded before its answer was lost is found done instead of refused as
 * `proposal.already_exists`; without the data key the salt is as unpredictable as a random one.
 */
export function saltForRequest(dataKey: Uint8Array, idempotencyKey: string): string {
  checkKey(dataKey);
  return createHmac('sha256', dataKey).update(`proposal-salt|${idempotencyKey}`, 'utf8').digest('hex').slice(0, 32);
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw invalid('sealing.invalid_key', `the data key has ${KEY_BYTES} bytes`);
}
