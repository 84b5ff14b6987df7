import type { Checkpoint } from '../verification/checkpoint';
import {
  type Hash,
  MerkleFrontier,
  frontierNodes,
  merkleLeafHash,
  type NodeSource,
  type PerfectNode,
} from '../verification/merkle';

/**
 * SQL over the ledger's tables (migration CreateLedger): entries, the complete subtrees of the Merkle tree, and
 * checkpoints. Hashes travel as hex in parameters and come back as Buffers.
 */

/** Anything that runs SQL: a TypeORM DataSource, EntityManager or QueryRunner. */
export interface Sql {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

export interface EntryRow {
  position: bigint;
  leafIndex: number;
  eventId: string;
  eventType: string;
  streamId: string | null;
  streamRevision: bigint;
  leafHash: Hash;
  chainHash: Hash;
}

/** What the next append continues from. */
export interface TreeState {
  /** -1n before the first entry. */
  lastPosition: bigint;
  chain: Hash;
  frontier: MerkleFrontier;
}

const GENESIS = Buffer.alloc(32);

export async function loadTreeState(sql: Sql): Promise<TreeState> {
  const [last]: Array<{ leaf_index: string; position: string; chain_hash: Buffer }> = await sql.query(
    'SELECT leaf_index::text AS leaf_index, position::text AS position, chain_hash FROM ledger_entries e ORDER BY e.leaf_index DESC LIMIT 1',
  );
  if (!last) return { lastPosition: -1n, chain: GENESIS, frontier: new MerkleFrontier() };
  const size = Number(last.leaf_index) + 1;
  const refs = frontierNodes(size);
  const nodes = await loadNodes(sql, refs);
  return {
    lastPosition: BigInt(last.position),
    chain: last.chain_hash,
    frontier: new MerkleFrontier(
      size,
      refs.map((ref) => nodes(ref.level, ref.index)),
    ),
  };
}

/** The hashes of these complete subtrees (level 0: the leaves' Merkle hashes), as a lookup. */
export async function loadNodes(sql: Sql, refs: ReadonlyArray<{ level: number; index: number }>): Promise<NodeSource> {
  const found = new Map<string, Hash>();
  const leaves = refs.filter((ref) => ref.level === 0).map((ref) => ref.index.toString());
  const inner = refs.filter((ref) => ref.level > 0);
  if (leaves.length > 0) {
    const rows: Array<{ idx: string; leaf_hash: Buffer }> = await sql.query(
      'SELECT leaf_index::text AS idx, leaf_hash FROM ledger_entries WHERE leaf_index = ANY ($1::bigint[])',
      [leaves],
    );
    for (const row of rows) found.set(`0:${row.idx}`, merkleLeafHash(row.leaf_hash));
  }
  if (inner.length > 0) {
    const rows: Array<{ level: number; idx: string; hash: Buffer }> = await sql.query(
      `SELECT n.level, n.idx::text AS idx, n.hash FROM ledger_nodes n
       JOIN unnest($1::smallint[], $2::bigint[]) AS wanted(level, idx) ON n.level = wanted.level AND n.idx = wanted.idx`,
      [inner.map((ref) => ref.level), inner.map((ref) => ref.index.toString())],
    );
    for (const row of rows) found.set(`${row.level}:${row.idx}`, row.hash);
  }
  return (level, index) => {
    const hash = found.get(`${level}:${index}`);
    if (!hash) throw new Error(`ledger: the Merkle node at level ${level}, index ${index} is missing`);
    return hash;
  };
}

/**
 * Runs a proof computation over the stored tree with one round trip: a first pass notes which subtrees it
 * reads (the shape of a proof does not depend on hash values), then they are loaded and it runs for real.
 */
export async function withStoredTree<T>(sql: Sql, compute: (node: NodeSource) => T): Promise<T> {
  const wanted: Array<{ level: number; index: number }> = [];
  compute((level, index) => {
    wanted.push({ level, index });
    return GENESIS;
  });
  return compute(await loadNodes(sql, wanted));
}

export async function insertEntries(sql: Sql, rows: EntryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(
    `INSERT INTO ledger_entries (position, leaf_index, event_id, event_type, stream_id, stream_revision, leaf_hash, chain_hash)
     SELECT e.position, e.leaf_index, e.event_id, e.event_type, e.stream_id, e.stream_revision, decode(e.leaf, 'hex'), decode(e.chain, 'hex')
     FROM unnest($1::bigint[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[])
       AS e(position, leaf_index, event_id, event_type, stream_id, stream_revision, leaf, chain)`,
    [
      rows.map((row) => row.position.toString()),
      rows.map((row) => row.leafIndex.toString()),
      rows.map((row) => row.eventId),
      rows.map((row) => row.eventType),
      rows.map((row) => row.streamId),
      rows.map((row) => row.streamRevision.toString()),
      rows.map((row) => row.leafHash.toString('hex')),
      rows.map((row) => row.chainHash.toString('hex')),
    ],
  );
}

export async function insertNodes(sql: Sql, nodes: PerfectNode[]): Promise<void> {
  if (nodes.length === 0) return;
  await sql.query(
    `INSERT INTO ledger_nodes (level, idx, hash)
     SELECT n.level, n.idx, decode(n.hash, 'hex') FROM unnest($1::smallint[], $2::bigint[], $3::text[]) AS n(level, idx, hash)`,
    [
      nodes.map((node) => node.level),
      nodes.map((node) => node.index.toString()),
      nodes.map((node) => node.hash.toString('hex')),
    ],
  );
}

/** A checkpoint for a tree size already checkpointed is left as it was. */
export async function insertCheckpoints(sql: Sql, checkpoints: Checkpoint[]): Promise<void> {
  if (checkpoints.length === 0) return;
  await sql.query(
    `INSERT INTO ledger_checkpoints (tree_size, position, root_hash, chain_hash, issued_at, key_id, signature)
     SELECT c.tree_size, c.position, decode(c.root, 'hex'), decode(c.chain, 'hex'), c.issued_at, c.key_id, decode(c.signature, 'base64')
     FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[])
       AS c(tree_size, position, root, chain, issued_at, key_id, signature)
     ON CONFLICT (tree_size) DO NOTHING`,
    [
      checkpoints.map((c) => c.treeSize.toString()),
      checkpoints.map((c) => c.position),
      checkpoints.map((c) => c.rootHash),
      checkpoints.map((c) => c.chainHash),
      checkpoints.map((c) => c.issuedAt),
      checkpoints.map((c) => c.keyId),
      checkpoints.map((c) => c.signature),
    ],
  );
}

// Text aliases share the columns' names: ORDER BY names the table's column (c.…, e.…), or it would sort text.
const CHECKPOINT_COLUMNS = `tree_size::text AS tree_size, position::text AS position, encode(root_hash, 'hex') AS root_hash,
  encode(chain_hash, 'hex') AS chain_hash, issued_at, key_id, encode(signature, 'base64') AS signature`;

type CheckpointRow = {
  tree_size: string;
  position: string;
  root_hash: string;
  chain_hash: string;
  issued_at: Date;
  key_id: string;
  signature: string;
};

const toCheckpoint = (row: CheckpointRow): Checkpoint => ({
  treeSize: Number(row.tree_size),
  position: row.position,
  rootHash: row.root_hash,
  chainHash: row.chain_hash,
  issuedAt: row.issued_at.toISOString(),
  keyId: row.key_id,
  signature: row.signature.replace(/\n/g, ''),
});

/** Checkpoints with a tree size above `after`, smallest first. */
export async function readCheckpoints(sql: Sql, after: number, limit: number): Promise<Checkpoint[]> {
  const rows: CheckpointRow[] = await sql.query(
    `SELECT ${CHECKPOINT_COLUMNS} FROM ledger_checkpoints c WHERE c.tree_size > $1 ORDER BY c.tree_size LIMIT $2`,
    [after, limit],
  );
  return rows.map(toCheckpoint);
}

export async function readCheckpoint(sql: Sql, treeSize: number): Promise<Checkpoint | undefined> {
  const rows: CheckpointRow[] = await sql.query(
    `SELECT ${CHECKPOINT_COLUMNS} FROM ledger_checkpoints WHERE tree_size = $1`,
    [treeSize],
  );
  return rows.map(toCheckpoint)[0];
}

export async function latestCheckpoint(sql: Sql): Promise<Checkpoint | undefined> {
  const rows: CheckpointRow[] = await sql.query(
    `SELECT ${CHECKPOINT_COLUMNS} FROM ledger_checkpoints c ORDER BY c.tree_size DESC LIMIT 1`,
  );
  return rows.map(toCheckpoint)[0];
}

export interface StoredEntry {
  position: bigint;
  leafIndex: number;
  eventType: string;
  streamId: string | null;
  leafHash: string;
  chainHash: string;
}

const ENTRY_COLUMNS = `position::text AS position, leaf_index::text AS leaf_index, event_type, stream_id,
  encode(leaf_hash, 'hex') AS leaf_hash, encode(chain_hash, 'hex') AS chain_hash`;

type StoredEntryRow = {
  position: string;
  leaf_index: string;
  event_type: string;
  stream_id: string | null;
  leaf_hash: string;
  chain_hash: string;
};

const toEntry = (row: StoredEntryRow): StoredEntry => ({
  position: BigInt(row.position),
  leafIndex: Number(row.leaf_index),
  eventType: row.event_type,
  streamId: row.stream_id,
  leafHash: row.leaf_hash,
  chainHash: row.chain_hash,
});

export async function readEntries(sql: Sql, after: bigint, limit: number): Promise<StoredEntry[]> {
  const rows: StoredEntryRow[] = await sql.query(
    `SELECT ${ENTRY_COLUMNS} FROM ledger_entries e WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
    [after.toString(), limit],
  );
  return rows.map(toEntry);
}

export async function readEntry(sql: Sql, position: bigint): Promise<StoredEntry | undefined> {
  const rows: StoredEntryRow[] = await sql.query(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE position = $1`, [
    position.toString(),
  ]);
  return rows.map(toEntry)[0];
}

export async function readStreamEntries(sql: Sql, streamId: string): Promise<StoredEntry[]> {
  const rows: StoredEntryRow[] = await sql.query(
    `SELECT ${ENTRY_COLUMNS} FROM ledger_entries e WHERE e.stream_id = $1 ORDER BY e.stream_revision`,
    [streamId],
  );
  return rows.map(toEntry);
}

/** Of these streams, those holding an event of `type` (a tender's publication reveals its drafts). */
export async function streamsHolding(sql: Sql, streamIds: string[], type: string): Promise<Set<string>> {
  if (streamIds.length === 0) return new Set();
  const rows: Array<{ stream_id: string }> = await sql.query(
    'SELECT DISTINCT stream_id FROM ledger_entries WHERE stream_id = ANY ($1::text[]) AND event_type = $2',
    [streamIds, type],
  );
  return new Set(rows.map((row) => row.stream_id));
}
