import { canonicalJson } from '../domain/canonical-json';
import type { CommittedPart, PublicEvent } from '../domain/public-form';
import type { KeyObject } from 'node:crypto';
import { type Checkpoint, keyIdOf, publicKeyFrom, verifyCheckpointSignature } from './checkpoint';
import { fromHex, GENESIS_CHAIN, hex, isHash, leafOf, nextChain } from './ledger-hashes';
import { type Hash, MerkleFrontier, merkleLeafHash, sha256, verifyConsistency } from './merkle';

/** One sealed event as `GET /api/ledger/export` gives it. */
export interface ExportedEntry {
  /** Its leaf's index in the Merkle tree; `null` for an event the log holds but the ledger never sealed. */
  leafIndex: number | null;
  position: string;
  leafHash: string | null;
  chainHash: string | null;
  /** The public form, computed from the log as it is now; `null` when the log no longer has the event. */
  event: PublicEvent | null;
  /** The withheld part, once it is public (a tender draft after publication). */
  revealed?: CommittedPart;
}

export interface ConsistencyProof {
  from: number;
  to: number;
  /** Hex hashes, RFC 9162 §2.1.4. */
  path: string[];
}

/** Everything the verifier checks, in one JSON document (`ledger:verify -- <url> --save file` writes one). */
export interface LedgerBundle {
  format: typeof BUNDLE_FORMAT;
  /** base64 DER SubjectPublicKeyInfo of the Ed25519 key, as `GET /api/ledger/key` publishes it. */
  publicKey: string;
  checkpoints: Checkpoint[];
  /** Between each pair of consecutive checkpoints. */
  consistency: ConsistencyProof[];
  /** Every sealed event from the first, in order. */
  entries: ExportedEntry[];
}

export const BUNDLE_FORMAT = 'licita-ledger-bundle/1';

export interface Finding {
  /** The event's global position, for a finding about one event. */
  position?: string;
  /** The checkpoint's tree size, for a finding about a checkpoint. */
  checkpoint?: number;
  message: string;
}

export interface VerificationReport {
  ok: boolean;
  events: number;
  checkpoints: number;
  /** Events covered by the latest valid-looking checkpoint. */
  covered: number;
  revealed: number;
  /** The first event found changed, missing or inserted (lowest position). */
  firstTamperedPosition?: string;
  findings: Finding[];
}

export interface VerifyOptions {
  /** base64 SPKI or PEM, obtained apart from the bundle: pins the signing key. */
  trustedKey?: string;
  /**
   * Checkpoints seen earlier (an older saved bundle's): the events must still give each one's root. Even the
   * holder of the key cannot rewrite history without breaking the checkpoints other people already keep.
   */
  known?: Checkpoint[];
}

/**
 * Recomputes every leaf from the public events, the hash chain, every checkpoint's root and signature, and
 * checks each checkpoint extends the previous one. Needs nothing but the bundle (and node:crypto).
 */
export function verifyBundle(bundle: LedgerBundle, options: VerifyOptions = {}): VerificationReport {
  const findings: Finding[] = [];
  const key = signingKey(bundle, options.trustedKey, findings);
  const checkpoints = [...bundle.checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  if (key) checkSignatures(checkpoints, key, findings);

  const tree = new MerkleFrontier();
  let chain = GENESIS_CHAIN; // from recomputed leaves only: what the signed checkpoints must match
  let exportedChain = GENESIS_CHAIN; // the export's own chain, to tell which link broke
  let lastPosition = -1n;
  let previousCheckpointPosition = '0';
  let next = 0;
  let revealed = 0;
  let events = 0;

  for (const entry of bundle.entries) {
    const position = entry.position;
    if (BigInt(position) <= lastPosition)
      findings.push({ position, message: `position ${position}: out of order in the export` });
    lastPosition = BigInt(position);
    if (entry.leafIndex === null) {
      findings.push({
        position,
        message: `position ${position}: the log holds an event (${entry.event?.type ?? 'unknown'}) the ledger never sealed, among sealed ones`,
      });
      continue;
    }
    events += 1;
    if (entry.leafIndex !== tree.size) {
      findings.push({
        position,
        message: `position ${position}: leaf ${entry.leafIndex} where leaf ${tree.size} was due (entries missing from the export)`,
      });
      break;
    }
    const leaf = recomputedLeaf(entry, findings);
    if (entry.revealed) revealed += checkReveal(entry, findings) ? 1 : 0;
    chain = nextChain(chain, leaf);
    if (!isHash(entry.chainHash) || !nextChain(exportedChain, leaf).equals(fromHex(entry.chainHash))) {
      findings.push({ position, message: `position ${position}: the hash chain breaks here` });
    }
    exportedChain = isHash(entry.chainHash) ? fromHex(entry.chainHash) : chain;
    tree.append(merkleLeafHash(leaf));

    checkKnownRoots(options.known ?? [], tree, findings);
    while (next < checkpoints.length && checkpoints[next].treeSize === tree.size) {
      const checkpoint = checkpoints[next++];
      const mismatch = [
        hex(tree.root()) !== checkpoint.rootHash && 'Merkle root',
        hex(chain) !== checkpoint.chainHash && 'chain hash',
        checkpoint.position !== position && 'last position',
      ].filter(Boolean);
      if (mismatch.length > 0) {
        findings.push({
          checkpoint: checkpoint.treeSize,
          message: `checkpoint ${checkpoint.treeSize}: its signed ${mismatch.join(', ')} ${mismatch.length > 1 ? 'do' : 'does'} not match the events; something after position ${previousCheckpointPosition} and up to ${checkpoint.position} was changed`,
        });
      }
      previousCheckpointPosition = checkpoint.position;
    }
  }
  const knownBeyond = (options.known ?? []).filter((checkpoint) => checkpoint.treeSize > tree.size);
  checkUncovered(knownBeyond, 'known checkpoint', tree.size, findings);
  checkUncovered(checkpoints.slice(next), 'checkpoint', tree.size, findings);
  checkConsistency(bundle, checkpoints, findings);
  return report(findings, checkpoints, { events, revealed, size: tree.size });
}

function checkSignatures(checkpoints: Checkpoint[], key: KeyObject, findings: Finding[]): void {
  for (const checkpoint of checkpoints) {
    if (!verifyCheckpointSignature(checkpoint, key)) {
      findings.push({
        checkpoint: checkpoint.treeSize,
        message: `checkpoint ${checkpoint.treeSize}: the signature does not verify with the ledger's key`,
      });
    }
  }
}

/** Checkpoints kept from before must still get their root from the events. */
function checkKnownRoots(known: Checkpoint[], tree: MerkleFrontier, findings: Finding[]): void {
  for (const checkpoint of known) {
    if (checkpoint.treeSize === tree.size && checkpoint.rootHash !== hex(tree.root())) {
      findings.push({
        checkpoint: checkpoint.treeSize,
        message: `known checkpoint ${checkpoint.treeSize} (issued ${checkpoint.issuedAt}): the events no longer give its root; history up to position ${checkpoint.position} was rewritten`,
      });
    }
  }
}

/** Checkpoints the events of the export never reached. */
function checkUncovered(checkpoints: Checkpoint[], what: string, size: number, findings: Finding[]): void {
  for (const checkpoint of checkpoints) {
    findings.push({
      checkpoint: checkpoint.treeSize,
      message: `${what} ${checkpoint.treeSize}: covers ${checkpoint.treeSize} events but the export has only ${size}`,
    });
  }
}

function report(
  findings: Finding[],
  checkpoints: Checkpoint[],
  { events, revealed, size }: { events: number; revealed: number; size: number },
): VerificationReport {
  const tampered = findings
    .filter((finding) => finding.position !== undefined)
    .map((finding) => BigInt(finding.position as string));
  const first = tampered.length > 0 ? tampered.reduce((a, b) => (b < a ? b : a)) : undefined;
  const covered = checkpoints.length > 0 ? Math.min(checkpoints[checkpoints.length - 1].treeSize, size) : 0;
  return {
    ok: findings.length === 0,
    events,
    checkpoints: checkpoints.length,
    covered,
    revealed,
    ...(first !== undefined ? { firstTamperedPosition: first.toString() } : {}),
    findings,
  };
}

function signingKey(bundle: LedgerBundle, trustedKey: string | undefined, findings: Finding[]) {
  try {
    const published = publicKeyFrom(bundle.publicKey);
    if (trustedKey !== undefined && keyIdOf(publicKeyFrom(trustedKey)) !== keyIdOf(published)) {
      findings.push({
        message: `the bundle's key ${keyIdOf(published)} is not the trusted key ${keyIdOf(publicKeyFrom(trustedKey))}`,
      });
      return publicKeyFrom(trustedKey);
    }
    return published;
  } catch (error) {
    findings.push({ message: `the ledger's public key cannot be read: ${(error as Error).message}` });
    return undefined;
  }
}

/** The leaf of the event as exported now; compared with the leaf the ledger sealed. */
function recomputedLeaf(entry: ExportedEntry, findings: Finding[]): Hash {
  const { position } = entry;
  if (entry.event === null) {
    findings.push({ position, message: `position ${position}: the event is gone from the log` });
    return isHash(entry.leafHash) ? fromHex(entry.leafHash) : Buffer.alloc(32);
  }
  if (entry.event.position !== position)
    findings.push({ position, message: `position ${position}: the event claims position ${entry.event.position}` });
  const leaf = leafOf(entry.event);
  if (entry.leafHash !== hex(leaf))
    findings.push({
      position,
      message: `position ${position}: the event (${entry.event.type}) is not the one sealed: its leaf hash differs`,
    });
  return leaf;
}

function checkReveal(entry: ExportedEntry, findings: Finding[]): boolean {
  const matches = entry.event?.withheld === sha256(Buffer.from(canonicalJson(entry.revealed), 'utf8')).toString('hex');
  if (!matches)
    findings.push({
      position: entry.position,
      message: `position ${entry.position}: the revealed content does not match its commitment`,
    });
  return matches;
}

function checkConsistency(bundle: LedgerBundle, checkpoints: Checkpoint[], findings: Finding[]): void {
  for (let i = 1; i < checkpoints.length; i++) {
    const [older, newer] = [checkpoints[i - 1], checkpoints[i]];
    const proof = bundle.consistency.find(
      (candidate) => candidate.from === older.treeSize && candidate.to === newer.treeSize,
    );
    const valid =
      proof !== undefined &&
      proof.path.every(isHash) &&
      verifyConsistency(
        older.treeSize,
        fromHex(older.rootHash),
        newer.treeSize,
        fromHex(newer.rootHash),
        proof.path.map(fromHex),
      );
    if (!valid) {
      findings.push({
        checkpoint: newer.treeSize,
        message: `checkpoint ${newer.treeSize}: ${proof ? 'the consistency proof fails' : 'no consistency proof'}: it is not shown to extend checkpoint ${older.treeSize}`,
      });
    }
  }
}
