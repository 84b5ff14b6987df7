import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { aProposal, at, DAY, HOUR, laptopsAt, scheduleFrom, type Party } from '../tendering/tendering-api';
import { aPdf, sha256, DocumentsWorld } from './documents-api';

/**
 * Sealed proposal files (issue #17): a supplier's technical and economic files are encrypted as they stream in;
 * the proposal names them by their clear hash inside its sealed, committed content; nobody but the supplier
 * reads them before the opening act — not the buyer, not an auditor, not the public, and not whoever reads the
 * store or the database directly (ciphertext, and no clear hash or name); after the act the buying unit and the
 * auditors read them byte for byte.
 */
let world: DocumentsWorld;
let buyer: Party;
let auditor: Party;
let supplierA: Party;
let supplierB: Party;
const PUBLISHED = '2026-03-02T16:00:00.000Z';
const schedule = scheduleFrom(PUBLISHED);

beforeAll(async () => {
  world = await DocumentsWorld.start('filesystem');
  buyer = await world.world.buyer(await world.world.buyingUnit());
  auditor = await world.world.auditor();
  supplierA = await world.world.supplier('Cómputo del Bajío');
  supplierB = await world.world.supplier('Sistemas Tapatíos');
}, 120_000);
afterAll(() => world?.close());

type Receipt = { documentId: string; sha256: string; size: number; mediaType: string; fileName: string };

async function sealedUpload(party: Party | undefined, tenderId: string, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), name);
  const token = await world.token(party);
  const response = await fetch(`${world.url}/api/tenders/${tenderId}/proposal-files`, {
    method: 'POST',
    body: form,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as Receipt & { code?: string } };
}

const named = (receipt: Receipt, kind: 'technical' | 'economic') => ({
  documentId: receipt.documentId,
  kind,
  title: kind === 'technical' ? 'Propuesta técnica' : 'Propuesta económica',
  fileName: receipt.fileName,
  mediaType: receipt.mediaType,
  sha256: receipt.sha256,
});

const contentPath = (tenderId: string, proposalId: string, documentId: string) =>
  `/api/tenders/${tenderId}/proposals/${proposalId}/documents/${documentId}/content`;

/** Every file under `dir`, read whole. */
const filesUnder = (dir: string): Buffer[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [readFileSync(path)];
  });

it('seals proposal files so that only their supplier reads them before the opening act, and the unit after it', async () => {
  const tenderId = await world.world.publishedTender(buyer, PUBLISHED);
  const technical = aPdf('ficha técnica de Cómputo del Bajío: laptops de 16 GB, garantía de tres años');

  world.world.clock.set(at(schedule.questionsDeadline, -HOUR));
  const early = await sealedUpload(supplierA, tenderId, 'tecnica.pdf', technical);
  expect([early.status, early.body.code]).toEqual([409, 'proposal.tendering_not_started']);

  world.world.clock.set(at(schedule.questionsDeadline, HOUR));
  expect((await sealedUpload(buyer, tenderId, 'tecnica.pdf', technical)).status).toBe(403);
  expect((await sealedUpload(undefined, tenderId, 'tecnica.pdf', technical)).status).toBe(401);
  const receipt = (await sealedUpload(supplierA, tenderId, 'Propuesta técnica.pdf', technical)).body;
  expect(receipt).toMatchObject({
    sha256: sha256(technical),
    size: technical.length,
    mediaType: 'application/pdf',
    fileName: 'Propuesta técnica.pdf',
  });

  // Neither the store nor the event log holds the file, its clear hash or its name.
  const stored = filesUnder(world.dir);
  expect(stored.some((bytes) => bytes.includes(technical.subarray(0, 200)))).toBe(false);
  const [uploaded] = await world.world.events(`document-${receipt.documentId}`);
  expect(JSON.stringify(uploaded.data)).not.toContain(receipt.sha256);
  expect(JSON.stringify(uploaded.data)).not.toContain('técnica');
  expect(uploaded.data).toMatchObject({
    sealedFor: { tenderId },
    uploadedBy: { supplierId: supplierA.ids.supplierId },
  });

  // The proposal names it by its clear hash (inside the sealed, committed content); another supplier cannot.
  const mismatch = await supplierA.post(`/api/tenders/${tenderId}/proposals`, {
    ...aProposal(laptopsAt(2_350_000)),
    documents: [{ ...named(receipt, 'technical'), sha256: 'b'.repeat(64) }],
  });
  expect([mismatch.status, mismatch.body.code]).toEqual([422, 'proposal.document_mismatch']);
  const stolen = await supplierB.post(`/api/tenders/${tenderId}/proposals`, {
    ...aProposal(laptopsAt(2_300_000)),
    documents: [named(receipt, 'technical')],
  });
  expect([stolen.status, stolen.body.code]).toEqual([403, 'proposal.document_not_owned']);
  const submitted = await supplierA.post(`/api/tenders/${tenderId}/proposals`, {
    ...aProposal(laptopsAt(2_350_000)),
    documents: [named(receipt, 'technical')],
  });
  expect(submitted.status).toBe(201);
  const { proposalId } = submitted.body as { proposalId: string };
  const path = contentPath(tenderId, proposalId, receipt.documentId);

  // Before the opening act: the supplier reads its own file back; nobody else does.
  const own = await world.get(supplierA, path);
  expect(own.status).toBe(200);
  expect(Buffer.from(await own.arrayBuffer())).toEqual(technical);
  for (const [who, status, code] of [
    [buyer, 409, 'proposal.still_sealed'],
    [auditor, 409, 'proposal.still_sealed'],
    [supplierB, 403, 'auth.forbidden'],
    [undefined, 401, 'auth.unauthenticated'],
  ] as const) {
    const refused = await world.get(who, path);
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([status, code]);
  }
  expect((await world.get(buyer, `/api/documents/${receipt.documentId}/content`)).status).toBe(404);
  expect((await world.get(supplierA, `/api/documents/${receipt.documentId}/content`)).status).toBe(404);

  // After the opening act the buying unit and the auditors read it, byte for byte, with its name and type.
  world.world.clock.set(schedule.openingDate);
  const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
  expect(opened.status).toBe(200);
  const view = await world.world.view(tenderId, (v) => v.opening !== null && v.opening !== undefined, buyer);
  expect(view.opening.proposals[0].content.documents).toEqual([named(receipt, 'technical')]);
  for (const reader of [buyer, auditor]) {
    const read = await world.get(reader, path);
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('application/pdf');
    expect(read.headers.get('content-disposition')).toContain("filename*=UTF-8''Propuesta%20t%C3%A9cnica.pdf");
    expect(Buffer.from(await read.arrayBuffer())).toEqual(technical);
  }
  const late = await sealedUpload(supplierB, tenderId, 'tarde.pdf', aPdf('tarde'));
  expect([late.status, late.body.code]).toEqual([409, 'tender.invalid_transition']);
});

it('refuses a plain upload as a proposal file, and an unsupported or empty file', async () => {
  const tenderId = await world.world.publishedTender(buyer, at(PUBLISHED, 30 * DAY));
  world.world.clock.set(at(scheduleFrom(at(PUBLISHED, 30 * DAY)).questionsDeadline, HOUR));
  const plain = await world.upload(supplierA, [{ name: 'tecnica.pdf', bytes: aPdf('en claro') }]);
  expect(plain.status).toBe(201);
  const refused = await supplierA.post(`/api/tenders/${tenderId}/proposals`, {
    ...aProposal(laptopsAt(2_350_000)),
    documents: [named(plain.body as Receipt, 'technical')],
  });
  expect([refused.status, refused.body.code]).toEqual([422, 'proposal.document_not_sealed']);

  const executable = await sealedUpload(supplierA, tenderId, 'virus.exe', Buffer.from('MZ\x90\x00\x03binary'));
  expect([executable.status, executable.body.code]).toEqual([415, 'document.unsupported_media_type']);
  const empty = await sealedUpload(supplierA, tenderId, 'vacio.pdf', Buffer.alloc(0));
  expect([empty.status, empty.body.code]).toEqual([400, 'document.no_file']);
});
