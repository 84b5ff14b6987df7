import {
  consistencyPath,
  EMPTY_TREE_ROOT,
  frontierNodes,
  inclusionPath,
  MerkleFrontier,
  merkleLeafHash,
  merkleRoot,
  type Hash,
  type NodeSource,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

/** Certificate Transparency's reference leaves and the roots of their first n (RFC 6962 test vectors). */
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const entries = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`event ${i}`));

/** The tree as the sealer stores it: complete subtrees from appending, leaves' hashes at level 0. */
function storedTree(leaves: Buffer[]): { node: NodeSource; frontier: MerkleFrontier } {
  const frontier = new MerkleFrontier();
  const nodes = new Map<string, Hash>();
  leaves.forEach((leaf, index) => {
    nodes.set(`0:${index}`, merkleLeafHash(leaf));
    for (const node of frontier.append(merkleLeafHash(leaf))) nodes.set(`${node.level}:${node.index}`, node.hash);
  });
  return { node: (level, index) => nodes.get(`${level}:${index}`) as Hash, frontier };
}

describe('Merkle tree (RFC 9162)', () => {
  it('gives the reference roots of Certificate Transparency, by definition and by appending', () => {
    const frontier = new MerkleFrontier();
    CT_LEAVES.forEach((leaf, i) => {
      frontier.append(merkleLeafHash(leaf));
      expect(merkleRoot(CT_LEAVES.slice(0, i + 1)).toString('hex')).toBe(CT_ROOTS[i]);
      expect(frontier.root().toString('hex')).toBe(CT_ROOTS[i]);
    });
    expect(merkleRoot([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new MerkleFrontier().root()).toEqual(EMPTY_TREE_ROOT);
  });

  it('rebuilds the right edge of any tree size from its stored subtrees', () => {
    const leaves = entries(45);
    const { node } = storedTree(leaves);
    for (let size = 1; size <= leaves.length; size++) {
      const refs = frontierNodes(size);
      const resumed = new MerkleFrontier(
        size,
        refs.map((ref) => node(ref.level, ref.index)),
      );
      expect(resumed.root()).toEqual(merkleRoot(leaves.slice(0, size)));
      resumed.append(merkleLeafHash(Buffer.from('next')));
      expect(resumed.root()).toEqual(merkleRoot([...leaves.slice(0, size), Buffer.from('next')]));
    }
  });

  it('proves every leaf of every tree up to 40 leaves against the root computed from the leaves alone', () => {
    const leaves = entries(40);
    const { node } = storedTree(leaves);
    for (let size = 1; size <= leaves.length; size++) {
      const root = merkleRoot(leaves.slice(0, size));
      for (let index = 0; index < size; index++) {
        const path = inclusionPath(node, index, size);
        expect(verifyInclusion(merkleLeafHash(leaves[index]), index, size, path, root)).toBe(true);
        expect(verifyInclusion(merkleLeafHash(Buffer.from('forged')), index, size, path, root)).toBe(false);
        if (size > 1)
          expect(verifyInclusion(merkleLeafHash(leaves[index]), (index + 1) % size, size, path, root)).toBe(false);
      }
    }
  });

  it('proves every tree up to 40 leaves consistent with each of its prefixes, and no other tree', () => {
    const leaves = entries(40);
    const other = entries(40).map((leaf, i) => (i === 3 ? Buffer.from('rewritten') : leaf));
    const { node } = storedTree(leaves);
    const roots = [EMPTY_TREE_ROOT, ...leaves.map((_, i) => merkleRoot(leaves.slice(0, i + 1)))];
    const otherRoots = [EMPTY_TREE_ROOT, ...other.map((_, i) => merkleRoot(other.slice(0, i + 1)))];
    for (let size = 1; size <= leaves.length; size++) {
      for (let first = 1; first <= size; first++) {
        const path = consistencyPath(node, first, size);
        expect(verifyConsistency(first, roots[first], size, roots[size], path)).toBe(true);
        if (first > 3) expect(verifyConsistency(first, otherRoots[first], size, roots[size], path)).toBe(false);
        if (first < size) expect(verifyConsistency(first, roots[first], size, roots[size - 1], path)).toBe(false);
      }
    }
  });

  it('refuses a tampered audit or consistency path', () => {
    const leaves = entries(13);
    const { node } = storedTree(leaves);
    const root = merkleRoot(leaves);
    const path = inclusionPath(node, 5, 13);
    const flipped = path.map((hash, i) =>
      i === 1 ? Buffer.from(hash.map((byte, j) => (j === 0 ? byte ^ 1 : byte))) : hash,
    );
    expect(verifyInclusion(merkleLeafHash(leaves[5]), 5, 13, flipped, root)).toBe(false);
    expect(verifyInclusion(merkleLeafHash(leaves[5]), 5, 13, path.slice(1), root)).toBe(false);
    const consistency = consistencyPath(node, 6, 13);
    expect(verifyConsistency(6, merkleRoot(leaves.slice(0, 6)), 13, root, consistency.slice(0, -1))).toBe(false);
    expect(verifyConsistency(6, merkleRoot(leaves.slice(0, 6)), 13, root, [])).toBe(false);
  });
});
