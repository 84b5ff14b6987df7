import { createHash } from 'node:crypto';

/**
 * Merkle trees as Certificate Transparency defines them (RFC 9162 §2.1, same as RFC 6962): the hash of a leaf
 * entry is SHA-256(0x00 || entry), of an interior node SHA-256(0x01 || left || right); a tree of n > 1 leaves
 * splits at k, the largest power of two smaller than n; the empty tree's root is SHA-256 of nothing. Tree sizes
 * and leaf indices are plain numbers (exact up to 2^53 leaves).
 */
export type Hash = Buffer;

export const sha256 = (...parts: Uint8Array[]): Hash => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export const merkleLeafHash = (entry: Uint8Array): Hash => sha256(LEAF_PREFIX, entry);
export const merkleNodeHash = (left: Uint8Array, right: Uint8Array): Hash => sha256(NODE_PREFIX, left, right);
export const EMPTY_TREE_ROOT: Hash = sha256();

/** The largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.round(Math.log2(n)) === n;
const half = (n: number) => Math.floor(n / 2);
const odd = (n: number) => n % 2 === 1;

/** A complete subtree of 2^level leaves, the index-th of its level (leaves index·2^level to (index+1)·2^level - 1). */
export interface PerfectNode {
  level: number;
  index: number;
  hash: Hash;
}

/** The root of a list of leaf entries, straight from the definition (for tests and small trees). */
export function merkleRoot(entries: readonly Uint8Array[]): Hash {
  if (entries.length === 0) return EMPTY_TREE_ROOT;
  if (entries.length === 1) return merkleLeafHash(entries[0]);
  const k = splitPoint(entries.length);
  return merkleNodeHash(merkleRoot(entries.slice(0, k)), merkleRoot(entries.slice(k)));
}

/**
 * The right edge of a growing tree (a "compact range"): the roots of its complete subtrees, largest first, one
 * per bit of the size. Appending a leaf merges equal subtrees; the root folds the edge from the right.
 */
export class MerkleFrontier {
  constructor(
    private treeSize = 0,
    private readonly roots: Hash[] = [],
  ) {}

  get size(): number {
    return this.treeSize;
  }

  /** Appends a leaf by its leaf hash; returns the complete subtrees of level ≥ 1 it finished. */
  append(leafHash: Hash): PerfectNode[] {
    const index = this.treeSize;
    const finished: PerfectNode[] = [];
    let hash = leafHash;
    let level = 0;
    for (let n = index; odd(n); n = half(n)) {
      hash = merkleNodeHash(this.roots.pop() as Hash, hash);
      level += 1;
      finished.push({ level, index: Math.floor(index / 2 ** level), hash });
    }
    this.roots.push(hash);
    this.treeSize += 1;
    return finished;
  }

  root(): Hash {
    if (this.roots.length === 0) return EMPTY_TREE_ROOT;
    return this.roots.reduceRight((right, left) => merkleNodeHash(left, right));
  }
}

/** Which complete subtrees make up the right edge of a tree of `size` leaves, largest first. */
export function frontierNodes(size: number): Array<{ level: number; index: number }> {
  const nodes: Array<{ level: number; index: number }> = [];
  let offset = 0;
  for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level--) {
    const width = 2 ** level;
    if (size - offset >= width) {
      nodes.push({ level, index: offset / width });
      offset += width;
    }
  }
  return nodes;
}

/** Hashes of complete subtrees, by level and index (level 0: the leaves' hashes); what proofs are built from. */
export type NodeSource = (level: number, index: number) => Hash;

/** MTH(D[lo:hi]) from complete subtrees: one lookup when the range is one, else the RFC's split. */
export function rangeHash(node: NodeSource, lo: number, hi: number): Hash {
  const size = hi - lo;
  if (isPowerOfTwo(size) && lo % size === 0) return node(Math.round(Math.log2(size)), lo / size);
  const k = splitPoint(size);
  return merkleNodeHash(rangeHash(node, lo, lo + k), rangeHash(node, lo + k, hi));
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): the audit path of leaf `index` in the tree of the first `size` leaves. */
export function inclusionPath(node: NodeSource, index: number, size: number): Hash[] {
  if (index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  const path = (lo: number, hi: number): Hash[] => {
    if (hi - lo === 1) return [];
    const k = splitPoint(hi - lo);
    return index < lo + k
      ? [...path(lo, lo + k), rangeHash(node, lo + k, hi)]
      : [...path(lo + k, hi), rangeHash(node, lo, lo + k)];
  };
  return path(0, size);
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]): that the tree of `size` leaves extends the one of its first `first`. */
export function consistencyPath(node: NodeSource, first: number, size: number): Hash[] {
  if (first < 0 || first > size) throw new RangeError(`a tree of ${first} leaves is not a prefix of one of ${size}`);
  if (first === 0 || first === size) return [];
  const subproof = (lo: number, hi: number, complete: boolean): Hash[] => {
    if (first === hi) return complete ? [] : [rangeHash(node, lo, hi)];
    const k = splitPoint(hi - lo);
    return first <= lo + k
      ? [...subproof(lo, lo + k, complete), rangeHash(node, lo + k, hi)]
      : [...subproof(lo + k, hi, false), rangeHash(node, lo, lo + k)];
  };
  return subproof(0, size, true);
}

/** RFC 9162 §2.1.3.2: does `path` lead from the leaf hash at `index` to `root` in a tree of `size` leaves? */
export function verifyInclusion(
  leafHash: Hash,
  index: number,
  size: number,
  path: readonly Hash[],
  root: Hash,
): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return false;
    const next = climb(fn, sn);
    r = next.siblingOnLeft ? merkleNodeHash(p, r) : merkleNodeHash(r, p);
    ({ fn, sn } = next);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: is the tree (`size`, `root`) an extension of (`first`, `firstRoot`)? */
export function verifyConsistency(
  first: number,
  firstRoot: Hash,
  size: number,
  root: Hash,
  path: readonly Hash[],
): boolean {
  if (first < 0 || first > size) return false;
  if (first === size) return path.length === 0 && firstRoot.equals(root);
  if (first === 0) return path.length === 0 && firstRoot.equals(EMPTY_TREE_ROOT);
  if (path.length === 0) return false;
  const proof = isPowerOfTwo(first) ? [firstRoot, ...path] : [...path];
  let fn = first - 1;
  let sn = size - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = proof[0];
  let sr = proof[0];
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    const next = climb(fn, sn);
    if (next.siblingOnLeft) fr = merkleNodeHash(c, fr);
    sr = next.siblingOnLeft ? merkleNodeHash(c, sr) : merkleNodeHash(sr, c);
    ({ fn, sn } = next);
  }
  return fr.equals(firstRoot) && sr.equals(root) && sn === 0;
}

/**
 * One step up the tree in RFC 9162's verifications (§2.1.3.2, §2.1.4.2), for the node `fn` of the last node
 * `sn`: whether the proof's next hash is a left sibling ("LSB(fn) is set, or fn is equal to sn"; then the levels
 * where the node has no right sibling are skipped), and (fn, sn) at the parent.
 */
function climb(fn: number, sn: number): { siblingOnLeft: boolean; fn: number; sn: number } {
  const siblingOnLeft = odd(fn) || fn === sn;
  while (siblingOnLeft && !odd(fn) && fn !== 0) {
    fn = half(fn);
    sn = half(sn);
  }
  return { siblingOnLeft, fn: half(fn), sn: half(sn) };
}
