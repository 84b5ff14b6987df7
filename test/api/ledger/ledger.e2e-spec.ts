import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Checkpoint } from '@licita/ledger';
import { verifyConsistency, verifyInclusion, merkleLeafHash } from '@licita/ledger';
import type { ExportedEntry } from '@licita/ledger';
import { run as ledgerVerify } from '../../../apps/api/cli/ledger-verify';
import { at, DAY, eventually, HOUR } from '../../support/time';
import { aProposal, laptopsAt, type Party, scheduleFrom, type TenderingApi } from '../tendering/tendering-api';
import {
  exportAll,
  independentCanonicalJson,
  independentLeaf,
  independentRoot,
  sealedAndCheckpointed,
  startLedgerWorld,
} from './ledger-world';

/**
 * The public ledger end to end: a procedure runs on the real API, the sealer chains every event of the log,
 * checkpoints are signed, and anyone can check the record with the endpoints and `ledger:verify` alone.
 */
const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);
const QUESTION = '¿Se aceptan equipos reacondicionados?';
const AMENDED = 'Se aclara que los equipos deben ser nuevos.';

let world: TenderingApi;
let buyer: Party;
let bidder: Party;
let tenderId: string;
let first: Checkpoint;
let latest: Checkpoint;
let entries: ExportedEntry[];

const ofType = (type: string) =>
  entries.find((entry) => entry.event?.type === type && entry.event.stream === `tender-${tenderId}`) as ExportedEntry;

async function verifier(...args: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await ledgerVerify(args, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

beforeAll(async () => {
  world = await startLedgerWorld(at(P, -HOUR));
  buyer = await world.buyer(await world.buyingUnit());
  bidder = await world.supplier('Proveedora Verificable');
  first = await sealedAndCheckpointed(world);
  tenderId = await world.publishedTender(buyer, P);
  world.clock.set(at(P, DAY));
  await bidder.post(`/api/tenders/${tenderId}/questions`, { text: QUESTION });
  world.clock.set(at(P, 2 * DAY));
  const amended = await buyer.post(`/api/tenders/${tenderId}/amendments`, {
    changes: { description: AMENDED },
    reason: 'Aclaración',
  });
  if (amended.status !== 201) throw new Error(`not amended: ${JSON.stringify(amended.body)}`);
  world.clock.set(at(S.questionsDeadline, HOUR));
  await eventually('the enquiry period ended', async () =>
    (await world.events(`tender-${tenderId}`)).some((e) => e.type === 'EnquiryPeriodEnded'),
  );
  const submitted = await bidder.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_345_671)));
  if (submitted.status !== 201) throw new Error(`proposal not submitted: ${JSON.stringify(submitted.body)}`);
  latest = await sealedAndCheckpointed(world);
  entries = await exportAll(world);
}, 60_000);

afterAll(() => world?.close());

describe('the ledger', () => {
  it('seals every event of the log, in global order, under a checkpoint', async () => {
    const [{ count }] = await world.api.db.query('SELECT count(*)::int AS count FROM es_events');
    expect(entries).toHaveLength(count);
    expect(entries.map((entry) => entry.leafIndex)).toEqual(entries.map((_, i) => i));
    expect(latest.treeSize).toBe(count);
    expect(latest.position).toBe(entries[entries.length - 1].position);
    expect(latest.rootHash).toBe(independentRoot(entries.map((entry) => entry.leafHash as string)));
  });

  it('publishes its Ed25519 key, and every checkpoint verifies with it over the documented message', async () => {
    const key = (await world.anonymous('GET', '/api/ledger/key')).body;
    expect(key).toMatchObject({ algorithm: 'Ed25519', keyId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const publicKey = createPublicKey(key.pem);
    const { checkpoints, next } = (await world.anonymous('GET', '/api/ledger/checkpoints?limit=1000')).body;
    expect(next).toBeNull();
    expect(checkpoints.length).toBeGreaterThanOrEqual(3); // every 10 events, and the two asked for
    expect(checkpoints.map((c: Checkpoint) => c.treeSize)).toEqual(
      expect.arrayContaining([10, first.treeSize, latest.treeSize]),
    );
    for (const checkpoint of checkpoints as Checkpoint[]) {
      const { treeSize, position, rootHash, chainHash, issuedAt } = checkpoint;
      const message = independentCanonicalJson({
        log: 'licita-ledger/1',
        treeSize,
        position,
        rootHash,
        chainHash,
        issuedAt,
      });
      expect(verify(null, Buffer.from(message), publicKey, Buffer.from(checkpoint.signature, 'base64'))).toBe(true);
      expect(rootHash).toBe(independentRoot(entries.slice(0, treeSize).map((entry) => entry.leafHash as string)));
    }
  });

  it('exports public forms whose hashes anyone can recompute, and no secret', () => {
    for (const entry of entries) expect(independentLeaf(entry.event)).toBe(entry.leafHash);
    const [account] = entries.filter((entry) => entry.event?.type === 'AccountCreated');
    expect(account.event).toMatchObject({
      stream: null,
      data: null,
      withheld: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const exported = JSON.stringify(entries.map(({ revealed: _, ...entry }) => entry));
    expect(
      ['passwordHash', '@licita.example.mx', 'ciphertext', '2345671', 'Ana Pérez', 'TST900101'].filter((secret) =>
        exported.includes(secret),
      ),
    ).toEqual([]);
    const tender = JSON.stringify(entries.filter((entry) => entry.event?.stream === `tender-${tenderId}`));
    expect(tender.includes(bidder.supplierId) || tender.includes(bidder.ids.accountId)).toBe(false); // neither who asked nor who bid
    expect(ofType('ProposalSubmitted').event?.data).toEqual({
      tenderId,
      proposalId: expect.any(String),
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
      submittedAt: at(S.questionsDeadline, HOUR),
    });
    expect(ofType('QuestionAsked').event?.data).toMatchObject({ text: QUESTION });
  });

  it('reveals a draft once its tender is published, matching the commitment sealed while it was secret', () => {
    const created = ofType('TenderCreated');
    expect(created.event?.data).toEqual({ tenderId });
    expect(created.revealed).toMatchObject({
      stream: `tender-${tenderId}`,
      data: { tenderId, content: expect.objectContaining({ title: 'Adquisición de equipo de cómputo 2026' }) },
    });
    expect(independentLeaf(created.revealed)).toBe(created.event?.withheld);
  });

  it('proves an event is in a checkpoint with an audit path to the root computed here from the leaves', async () => {
    const published = ofType('TenderPublished');
    const proof = (
      await world.anonymous('GET', `/api/ledger/proof?position=${published.position}&checkpoint=${latest.treeSize}`)
    ).body;
    expect(proof).toMatchObject({
      position: published.position,
      leafIndex: published.leafIndex,
      leafHash: published.leafHash,
      treeSize: latest.treeSize,
      checkpoint: latest,
    });
    expect(independentLeaf(proof.event)).toBe(proof.leafHash);
    const root = independentRoot(entries.slice(0, latest.treeSize).map((entry) => entry.leafHash as string));
    const path = proof.auditPath.map((hash: string) => Buffer.from(hash, 'hex'));
    expect(
      verifyInclusion(
        merkleLeafHash(Buffer.from(proof.leafHash, 'hex')),
        proof.leafIndex,
        latest.treeSize,
        path,
        Buffer.from(root, 'hex'),
      ),
    ).toBe(true);
    expect(
      verifyInclusion(
        merkleLeafHash(Buffer.from(entries[0].leafHash as string, 'hex')),
        proof.leafIndex,
        latest.treeSize,
        path,
        Buffer.from(root, 'hex'),
      ),
    ).toBe(false);
  });

  it('proves the latest checkpoint extends the first', async () => {
    const proof = (await world.anonymous('GET', `/api/ledger/consistency?from=${first.treeSize}&to=${latest.treeSize}`))
      .body;
    const root = (size: number) =>
      Buffer.from(independentRoot(entries.slice(0, size).map((entry) => entry.leafHash as string)), 'hex');
    const path = proof.path.map((hash: string) => Buffer.from(hash, 'hex'));
    expect(verifyConsistency(first.treeSize, root(first.treeSize), latest.treeSize, root(latest.treeSize), path)).toBe(
      true,
    );
    expect(
      verifyConsistency(first.treeSize, root(first.treeSize - 1), latest.treeSize, root(latest.treeSize), path),
    ).toBe(false);
  });

  it('lists a procedure’s sealed events for its timeline, and refuses private streams', async () => {
    const timeline = (await world.anonymous('GET', `/api/ledger/events?stream=tender-${tenderId}`)).body;
    expect(timeline.entries.map((entry: ExportedEntry) => entry.event?.type)).toEqual([
      'TenderCreated',
      'ProcedureNumberAssigned',
      'TenderPublished',
      'QuestionAsked',
      'TenderAmended',
      'EnquiryPeriodEnded',
      'ProposalSubmitted',
    ]);
    expect(timeline.entries[2].event.metadata.occurredAt).toBe(P);
    const account = `account-${bidder.ids.accountId}`;
    expect(await world.anonymous('GET', `/api/ledger/events?stream=${account}`)).toMatchObject({
      status: 404,
      body: { code: 'ledger.stream_not_found' },
    });
  });

  it('answers bad questions with problem documents', async () => {
    const get = (path: string) => world.anonymous('GET', path);
    const [oldest, newest] = [entries[0].position, entries[entries.length - 1].position];
    for (const [path, status, code] of [
      ['/api/ledger/proof?position=999999999', 404, 'ledger.not_sealed'],
      [`/api/ledger/proof?position=${oldest}&checkpoint=${latest.treeSize + 1}`, 404, 'ledger.checkpoint_not_found'],
      [`/api/ledger/proof?position=${newest}&checkpoint=${first.treeSize}`, 404, 'ledger.not_in_checkpoint'],
      [`/api/ledger/consistency?from=${latest.treeSize}&to=${first.treeSize}`, 422, 'ledger.invalid_range'],
      ['/api/ledger/proof?position=-1', 400, 'request.invalid'],
      ['/api/ledger/export?limit=100000', 400, 'request.invalid'],
    ] as const)
      expect(await get(path)).toMatchObject({ status, body: { code } });
  });
});

describe('ledger:verify', () => {
  const saved = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'bundle.json');

  it('checks the live ledger over HTTP with no database: OK, with its counts (and saves it)', async () => {
    const { code, output } = await verifier(world.api.url, '--save', saved);
    expect(output).toContain(`OK: ${entries.length} events`);
    expect(code).toBe(0);
  });

  it('reports the first of the event rows edited in PostgreSQL after they were sealed, a hidden field too', async () => {
    const [asked, submitted] = [ofType('QuestionAsked').position, ofType('ProposalSubmitted').position];
    const edit = (position: string, field: string, value: string) =>
      world.api.db.query(
        `UPDATE es_events SET data = jsonb_set(data, $2::text[], $3::jsonb) WHERE global_position = $1`,
        [position, [field], JSON.stringify(value)],
      );
    await edit(asked, 'text', '¿Se aceptan equipos nuevos?');
    await edit(submitted, 'supplierId', '00000000-0000-4000-8000-000000000000'); // who bid: not in the public form, in its commitment
    try {
      const { code, output } = await verifier(world.api.url);
      expect(output).toContain(`position ${asked}: the event (QuestionAsked) is not the one sealed`);
      expect(output).toContain(`position ${submitted}: the event (ProposalSubmitted) is not the one sealed`);
      expect(output).toContain(`first tampered position: ${asked}`);
      expect(code).toBe(1);
    } finally {
      await edit(asked, 'text', QUESTION);
      await edit(submitted, 'supplierId', bidder.supplierId);
    }
  });

  it('checks a saved bundle offline, and catches a forged checkpoint signature in it', async () => {
    expect((await verifier(saved)).code).toBe(0);
    const bundle = JSON.parse(readFileSync(saved, 'utf8'));
    const forged = bundle.checkpoints[0];
    const signature = Buffer.from(forged.signature, 'base64');
    signature[0] ^= 0xff;
    forged.signature = signature.toString('base64');
    writeFileSync(saved, JSON.stringify(bundle));
    const { code, output } = await verifier(saved);
    expect(output).toContain(`checkpoint ${forged.treeSize}: the signature does not verify with the ledger's key`);
    expect(code).toBe(1);
  });

  it('refuses to let the ledger tables be edited in place', async () => {
    await expect(
      world.api.db.query(`UPDATE ledger_entries SET chain_hash = leaf_hash WHERE leaf_index = 0`),
    ).rejects.toThrow(/append-only/);
    await expect(world.api.db.query('DELETE FROM ledger_checkpoints')).rejects.toThrow(/append-only/);
  });
});

describe('time travel: GET /api/tenders/{id}?asOf=', () => {
  const asOf = (instant: string) =>
    world.anonymous('GET', `/api/tenders/${tenderId}?asOf=${encodeURIComponent(instant)}`);

  it('shows nothing of a tender that was still a draft, then the call as published', async () => {
    expect(await asOf(at(P, -1))).toMatchObject({ status: 404, body: { code: 'tender.not_found' } });
    const published = await asOf(P);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      tenderId,
      status: 'active.enquiries',
      publishedAt: P,
      questions: [],
      receipts: [],
    });
  });

  it('shows the question from the moment it was asked, the amendment from its own, and the receipt from the submission', async () => {
    expect((await asOf(at(P, DAY - 1))).body.questions).toEqual([]);
    expect((await asOf(at(P, DAY))).body.questions).toEqual([
      expect.objectContaining({ text: QUESTION, answer: null }),
    ]);
    const beforeAmendment = (await asOf(at(P, 2 * DAY - 1))).body;
    expect(beforeAmendment).toMatchObject({
      description: 'Equipo de cómputo portátil para las unidades médicas.',
      amendments: [],
    });
    expect((await asOf(at(P, 2 * DAY))).body).toMatchObject({
      description: AMENDED,
      amendments: [expect.objectContaining({ reason: 'Aclaración' })],
    });
    const beforeSubmission = (await asOf(at(S.questionsDeadline, HOUR - 1))).body;
    expect(beforeSubmission).toMatchObject({ status: 'active.tendering', receipts: [] });
    expect((await asOf(at(S.questionsDeadline, HOUR))).body.receipts).toHaveLength(1);
  });

  it('at the present, matches the read model exactly', async () => {
    const now = await world.anonymous('GET', `/api/tenders/${tenderId}`);
    expect((await asOf(world.clock.now().toISOString())).body).toEqual(now.body);
    expect((await asOf('2099-01-01T00:00:00Z')).body).toEqual(now.body);
  });

  it('shows a draft at that moment to the buyers of its unit, and refuses a time that is not an instant', async () => {
    expect(await buyer.get(`/api/tenders/${tenderId}?asOf=${encodeURIComponent(at(P, -1))}`)).toMatchObject({
      status: 200,
      body: { status: 'draft', publishedAt: null },
    });
    expect(await asOf('last tuesday')).toMatchObject({ status: 422, body: { code: 'as_of.invalid' } });
  });
});

describe('time travel: GET /api/ocds/records/{ocid}?asOf=', () => {
  const record = (asOf?: string) =>
    world.anonymous(
      'GET',
      `/api/ocds/records/${world.api.api.config.ocidPrefix}${tenderId}${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`,
    );

  it('has no record before the publication, then exactly the releases published by each moment, compiled', async () => {
    expect(await record(at(P, -1))).toMatchObject({ status: 404, body: { code: 'ocds.record_not_found' } });
    const [now] = (await record()).body.records;
    const [atPublication] = (await record(P)).body.records;
    expect(now.releases.map((release: { tag: string[] }) => release.tag)).toEqual([['tender'], ['tenderAmendment']]);
    expect(atPublication.releases).toEqual(now.releases.slice(0, 1));
    expect(atPublication.compiledRelease.tender).toMatchObject({
      status: 'active',
      description: 'Equipo de cómputo portátil para las unidades médicas.',
    });
    expect(now.compiledRelease.tender).toMatchObject({ description: AMENDED });
    expect((await record(world.clock.now().toISOString())).body.records[0]).toEqual(now);
    expect(await record('2026-03-02')).toMatchObject({ status: 422, body: { code: 'as_of.invalid' } });
  });
});
