import { generateKeyPairSync } from 'node:crypto';
import { checkpointBody, seal } from '../application/ledger-sealer.projection';
import { committedPart, type LoggedEvent, publicFormOf } from '../domain/public-form';
import { keyIdOf, signCheckpoint, spkiOf } from './checkpoint';
import { GENESIS_CHAIN } from './ledger-hashes';
import { consistencyPath, type Hash, MerkleFrontier, merkleLeafHash } from './merkle';
import { BUNDLE_FORMAT, type LedgerBundle, verifyBundle } from './verify-bundle';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

/** Events of a tender at positions 10, 20, 30…: a draft, its publication, then questions. */
function aLog(count: number): LoggedEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: i === 0 ? 'TenderCreated' : i === 1 ? 'TenderPublished' : 'QuestionAnswered',
    streamId: 'tender-t1',
    streamRevision: BigInt(i),
    globalPosition: BigInt((i + 1) * 10),
    recordedAt: new Date(Date.UTC(2026, 2, 2, 15, 0, i)),
    data: { tenderId: 't1', n: i, ...(i === 0 ? { content: { title: 'Laptops' } } : {}) },
    metadata: {
      actor: 'account-b1',
      correlationId: `c-${i}`,
      occurredAt: new Date(Date.UTC(2026, 2, 2, 15, 0, i)).toISOString(),
    },
  }));
}

/** What the API would export for this log, sealed with a checkpoint every `every` events. */
function aBundle(log: LoggedEvent[], every = 4): LedgerBundle {
  const state = { lastPosition: -1n, chain: GENESIS_CHAIN, frontier: new MerkleFrontier() };
  const sealed = seal(state, log, { every, issuedAt: '2026-03-02T16:00:00.000Z' });
  const checkpoints = sealed.due.map((body) => signCheckpoint(body, privateKey, keyIdOf(publicKey)));
  const nodes = new Map<string, Hash>(
    sealed.entries.map((entry) => [`0:${entry.leafIndex}`, merkleLeafHash(entry.leafHash)]),
  );
  for (const node of sealed.nodes) nodes.set(`${node.level}:${node.index}`, node.hash);
  const source = (level: number, index: number) => nodes.get(`${level}:${index}`) as Hash;
  return {
    format: BUNDLE_FORMAT,
    publicKey: spkiOf(publicKey).toString('base64'),
    checkpoints,
    consistency: checkpoints.slice(1).map((checkpoint, i) => ({
      from: checkpoints[i].treeSize,
      to: checkpoint.treeSize,
      path: consistencyPath(source, checkpoints[i].treeSize, checkpoint.treeSize).map((hash) => hash.toString('hex')),
    })),
    entries: sealed.entries.map((entry, i) => ({
      leafIndex: entry.leafIndex,
      position: entry.position.toString(),
      leafHash: entry.leafHash.toString('hex'),
      chainHash: entry.chainHash.toString('hex'),
      event: publicFormOf(log[i]),
      ...(log[i].type === 'TenderCreated' ? { revealed: committedPart(log[i]) } : {}),
    })),
  };
}

describe('verifying a ledger bundle', () => {
  it('finds an intact ledger intact, with its counts', () => {
    expect(verifyBundle(aBundle(aLog(10)))).toEqual({
      ok: true,
      events: 10,
      checkpoints: 2,
      covered: 8,
      revealed: 1,
      findings: [],
    });
  });

  it('names the position of an event changed after sealing', () => {
    const log = aLog(10);
    const bundle = aBundle(log);
    bundle.entries[5].event = publicFormOf({ ...log[5], data: { tenderId: 't1', n: 555 } });
    const report = verifyBundle(bundle);
    expect(report.firstTamperedPosition).toBe('60');
    expect(report.findings.map((f) => f.message)).toEqual([
      'position 60: the event (QuestionAnswered) is not the one sealed: its leaf hash differs',
      'position 60: the hash chain breaks here',
      'checkpoint 8: its signed Merkle root, chain hash do not match the events; something after position 40 and up to 80 was changed',
    ]);
  });

  it('catches a rewrite that recomputed every later leaf and link: the signed checkpoint no longer matches', () => {
    const log = aLog(10);
    log[2] = { ...log[2], data: { tenderId: 't1', n: 'rewritten' } };
    const forged = aBundle(log);
    const signed = aBundle(aLog(10));
    forged.checkpoints = signed.checkpoints;
    forged.consistency = signed.consistency;
    const report = verifyBundle(forged);
    expect(report.ok).toBe(false);
    expect(report.firstTamperedPosition).toBeUndefined();
    expect(report.findings[0].message).toBe(
      'checkpoint 4: its signed Merkle root, chain hash do not match the events; something after position 0 and up to 40 was changed',
    );
  });

  it('catches a history rewritten and re-signed by the key holder, against checkpoints saved before', () => {
    const saved = aBundle(aLog(10));
    const log = aLog(12);
    log[6] = { ...log[6], data: { tenderId: 't1', n: 'rewritten' } };
    const rewritten = aBundle(log);
    expect(verifyBundle(rewritten).ok).toBe(true); // consistent with itself: only an older copy can tell
    expect(verifyBundle(rewritten, { known: saved.checkpoints }).findings.map((f) => f.message)).toEqual([
      'known checkpoint 8 (issued 2026-03-02T16:00:00.000Z): the events no longer give its root; history up to position 80 was rewritten',
    ]);
    expect(verifyBundle(aBundle(aLog(12)), { known: saved.checkpoints }).ok).toBe(true);
  });

  it('refuses a checkpoint whose signature does not verify, or signed by another key than the trusted one', () => {
    const bundle = aBundle(aLog(10));
    bundle.checkpoints[1] = { ...bundle.checkpoints[1], issuedAt: '2026-03-02T17:00:00.000Z' };
    expect(verifyBundle(bundle).findings.map((f) => f.message)).toEqual([
      "checkpoint 8: the signature does not verify with the ledger's key",
    ]);
    const other = generateKeyPairSync('ed25519').publicKey;
    const report = verifyBundle(aBundle(aLog(10)), { trustedKey: spkiOf(other).toString('base64') });
    expect(report.findings[0].message).toMatch(/is not the trusted key/);
    expect(report.findings.filter((f) => f.checkpoint !== undefined)).toHaveLength(2);
  });

  it('requires a valid consistency proof between consecutive checkpoints', () => {
    const bundle = aBundle(aLog(13));
    bundle.consistency[1].path = bundle.consistency[1].path.slice(1);
    bundle.consistency.splice(0, 1);
    expect(verifyBundle(bundle).findings.map((f) => f.message)).toEqual([
      'checkpoint 8: no consistency proof: it is not shown to extend checkpoint 4',
      'checkpoint 12: the consistency proof fails: it is not shown to extend checkpoint 8',
    ]);
  });

  it('notices events gone from the log, events slipped in, a broken link and a reveal that does not match', () => {
    const log = aLog(10);
    const bundle = aBundle(log);
    bundle.entries[3].event = null;
    bundle.entries[6].chainHash = 'f'.repeat(64);
    bundle.entries[0].revealed = {
      ...(bundle.entries[0].revealed as NonNullable<(typeof bundle.entries)[0]['revealed']>),
      data: { tenderId: 't1', content: { title: 'Otro' } },
    };
    bundle.entries.splice(5, 0, {
      leafIndex: null,
      position: '55',
      leafHash: null,
      chainHash: null,
      event: publicFormOf({ ...log[4], globalPosition: 55n }),
    });
    const report = verifyBundle(bundle);
    expect(report.firstTamperedPosition).toBe('10');
    expect(report.findings.map((f) => f.position ?? `checkpoint ${f.checkpoint}`)).toEqual([
      '10',
      '40',
      '55',
      '70',
      '80',
    ]);
  });

  it('reports a checkpoint beyond the exported events', () => {
    const bundle = aBundle(aLog(10));
    bundle.entries = bundle.entries.slice(0, 6);
    expect(verifyBundle(bundle).findings.map((f) => f.message)).toEqual([
      'checkpoint 8: covers 8 events but the export has only 6',
    ]);
  });

  it('seals each position once, so reading the log again adds nothing', () => {
    const log = aLog(6);
    const state = { lastPosition: -1n, chain: GENESIS_CHAIN, frontier: new MerkleFrontier() };
    seal(state, log.slice(0, 4), { every: 100, issuedAt: '2026-03-02T16:00:00.000Z' });
    const again = seal(state, log, { every: 100, issuedAt: '2026-03-02T16:00:00.000Z' });
    expect(again.entries.map((entry) => entry.position)).toEqual([50n, 60n]);
    expect(checkpointBody(state, 'now').rootHash).toBe(aBundle(log, 6).checkpoints[0].rootHash);
  });
});
