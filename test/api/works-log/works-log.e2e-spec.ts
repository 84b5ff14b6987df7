import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SupplierRegistry } from '@licita/suppliers';
import {
  aKeyFile,
  aSignerCertificate,
  aTestCa,
  type TestCa,
  type TestSignerCertificate,
} from '@licita/tendering/testing/efirma-test-ca';
import { chainHolds, type WorksLogNote } from '@licita/works-log';
import { signWorksLogNote } from '../../../apps/web/src/efirma';
import { aPdf, DocumentsWorld } from '../documents/documents-api';
import { aContract, aDirectAward, type Party, type Reply, type TenderingApi } from '../tendering/tendering-api';

/**
 * The works log (bitácora) of a public-works contract over HTTP, one app for every case: the resident opens it
 * naming the superintendent, both write numbered notes (with photos, answers, corrections, progress), the
 * numbering holds under concurrent writes, the public reads it without the private notes' contents, the
 * resident closes it. Goods contracts have none.
 */
let documents: DocumentsWorld;
let world: TenderingApi;
let resident: Party;
let otherBuyer: Party;
let superintendent: Party;
let otherSupplierAccount: Party;
let auditor: Party;
let worksContract: string;
let goodsContract: string;
let signedContract: string;
let ca: TestCa;
const NOW = '2026-03-02T16:00:00.000Z';

/** A direct award of `category` to the supplier, awarded and contracted: the contract's id. */
async function aSignedContract(buyer: Party, supplier: Party, category: 'works' | 'goods'): Promise<string> {
  const unitId = buyer.ids.buyingUnitId as string;
  const body = aDirectAward(unitId, NOW, supplier.supplierId);
  const tenderId = (await buyer.post('/api/tenders', { ...body, category })).body.tenderId;
  const awarded = await buyer.post(`/api/tenders/${tenderId}/direct-award`, {
    lots: [{ lotId: 'lot-1', amount: 26_000_000 }],
  });
  if (awarded.status !== 200) throw new Error(`award: ${JSON.stringify(awarded.body)}`);
  const signed = await buyer.post('/api/contracts', aContract(tenderId, NOW));
  if (signed.status !== 201) throw new Error(`contract: ${JSON.stringify(signed.body)}`);
  return signed.body.contractId;
}

const log = (contractId = worksContract) => `/api/works-logs/${contractId}`;
const note = (party: Party, body: Record<string, unknown>) => party.post(`${log()}/notes`, body);
type Receipt = { documentId: string; fileName: string; mediaType: string; sha256: string };

/** A PDF uploaded by `party` (POST /api/documents): what the upload answered. */
async function uploaded(party: Party, text: string): Promise<Receipt> {
  const reply = await documents.upload(party, [{ name: 'foto.pdf', bytes: aPdf(text) }]);
  if (reply.status !== 201) throw new Error(`upload: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const attached = ({ documentId, fileName, mediaType, sha256 }: Receipt, title: string) => ({
  documentId,
  title,
  fileName,
  mediaType,
  sha256,
});
const refused = (reply: Reply, status: number, code: string) => expect(reply).toMatchObject({ status, body: { code } });

beforeAll(async () => {
  ca = await aTestCa();
  const dir = mkdtempSync(join(tmpdir(), 'works-log-efirma-'));
  writeFileSync(join(dir, 'ac.pem'), ca.pem);
  documents = await DocumentsWorld.start('filesystem', { EFIRMA_CA_CERTS: join(dir, 'ac.pem') });
  world = documents.world;
  world.clock.set(NOW);
  const unitId = await world.buyingUnit();
  resident = await world.buyer(unitId);
  otherBuyer = await world.buyer(unitId);
  superintendent = await world.supplier('Constructora del Golfo');
  otherSupplierAccount = await world.supplier('Otra Constructora');
  auditor = await world.auditor();
  worksContract = await aSignedContract(resident, superintendent, 'works');
  goodsContract = await aSignedContract(resident, superintendent, 'goods');
  signedContract = await aSignedContract(resident, superintendent, 'works');
}, 120_000);

afterAll(() => documents?.close());

describe('a works log', () => {
  const opening = () => ({
    residentAccountId: resident.ids.accountId,
    superintendentAccountId: superintendent.ids.accountId,
    text: 'Apertura: pavimentación de la calle Hidalgo, del 3 de marzo al 1 de abril.',
  });

  it('is opened by the resident for a works contract only, naming the resident and the superintendent', async () => {
    refused(await resident.post(log(goodsContract), opening()), 422, 'works_log.not_works_contract');
    refused(
      await resident.post(log(), { ...opening(), superintendentAccountId: otherBuyer.ids.accountId }),
      422,
      'works_log.invalid_superintendent',
    );
    refused(await superintendent.post(log(), opening()), 403, 'auth.forbidden');
    refused(await otherBuyer.post(log(), opening()), 403, 'works_log.not_party');
    const opened = await resident.post(log(), opening());
    expect(opened).toMatchObject({ status: 201, body: { number: 1, kind: 'opening' } });
    expect(opened.headers.get('licita-position')).toMatch(/^\d+$/);
    refused(await resident.post(log(), opening()), 409, 'works_log.already_open');
  });

  it('takes notes from the named resident and superintendent only, with photos of their own party', async () => {
    const photo = await uploaded(superintendent, 'colado eje 3');
    const request = await note(superintendent, {
      kind: 'request',
      text: 'Se solicita autorizar el colado del eje 3.',
      attachments: [attached(photo, 'Colado del eje 3')],
    });
    expect(request).toMatchObject({ status: 201, body: { number: 2, kind: 'request' } });
    refused(await note(otherBuyer, { kind: 'note', text: 'Hola' }), 403, 'works_log.not_party');
    refused(await note(otherSupplierAccount, { kind: 'note', text: 'Hola' }), 403, 'auth.forbidden');
    refused(await note(auditor, { kind: 'note', text: 'Hola' }), 403, 'auth.forbidden');
    const withFile = (attachment: Record<string, string>) =>
      note(superintendent, { kind: 'note', text: 'Con un archivo', attachments: [attachment] });
    const residents = await uploaded(resident, 'de la residencia');
    refused(await withFile(attached(residents, 'x')), 403, 'works_log.attachment_not_owned');
    refused(await withFile({ ...attached(photo, 'x'), sha256: 'a'.repeat(64) }), 422, 'works_log.attachment_mismatch');
    const answer = await note(resident, { kind: 'answer', refersTo: 2, text: 'Se autoriza el colado.' });
    expect(answer).toMatchObject({ status: 201, body: { number: 3 } });
    refused(await note(resident, { kind: 'answer', refersTo: 3, text: 'x' }), 422, 'works_log.answer_to_own_note');
    refused(await note(resident, { kind: 'instruction', text: '' }), 422, 'works_log.invalid_text');
    refused(await note(resident, { kind: 'opening', text: 'x' }), 422, 'works_log.invalid_kind');

    const view = (await superintendent.get(log())).body;
    expect(view.notes[1]).toMatchObject({ number: 2, answeredBy: [3], attachments: [{ title: 'Colado del eje 3' }] });
    const download = await documents.get(undefined, `${log()}/attachments/${photo.documentId}/content`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(aPdf('colado eje 3'));
  });

  it('reports physical and financial progress in basis points, never going back but by a correction', async () => {
    const progress = (physicalBp: number, financialBp: number) => ({ physicalBp, financialBp });
    const first = await note(superintendent, {
      kind: 'progress',
      text: 'Avance semana 1',
      progress: progress(1_500, 1_000),
    });
    expect(first.status).toBe(201);
    world.clock.set('2026-03-09T16:00:00.000Z');
    const second = await note(superintendent, {
      kind: 'progress',
      text: 'Avance semana 2',
      progress: progress(4_000, 2_000),
    });
    refused(
      await note(superintendent, { kind: 'progress', text: 'Menos', progress: progress(3_000, 2_500) }),
      422,
      'works_log.progress_decreased',
    );
    refused(
      await note(superintendent, { kind: 'progress', text: 'Decimal', progress: progress(30.5, 2_500) }),
      400,
      'request.invalid',
    );
    const correction = await note(superintendent, {
      kind: 'correction',
      refersTo: second.body.number,
      text: 'El avance físico de la semana 2 es 35 %.',
      progress: progress(3_500, 2_000),
    });
    expect(correction.status).toBe(201);
    const view = (await world.anonymous('GET', log())).body;
    expect(view.progress).toEqual(progress(3_500, 2_000));
    expect(view.progressSeries).toEqual([
      { number: first.body.number, at: NOW, ...progress(1_500, 1_000) },
      { number: correction.body.number, at: '2026-03-09T16:00:00.000Z', ...progress(3_500, 2_000) },
    ]);
    expect(view.notes[second.body.number - 1]).toMatchObject({ correctedBy: [correction.body.number] });
  });

  it('numbers notes written at the same time consecutively, without gaps or repeats', async () => {
    const before = (await world.anonymous('GET', log())).body.noteCount;
    const writers = Array.from({ length: 12 }, (_, i) =>
      note(i % 2 ? resident : superintendent, { kind: 'note', text: `Nota simultánea ${i}` }),
    );
    const replies = await Promise.all(writers);
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 201));
    const numbers = replies.map((r) => r.body.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => before + 1 + i));
    const events = await world.events(`works-log-${worksContract}`);
    const notes = events.map((event) => event.data as unknown as WorksLogNote);
    expect(notes.map((n) => n.number)).toEqual(events.map((event) => Number(event.streamRevision) + 1));
    expect(chainHolds(notes)).toBe(true);
  });

  it('shows the public every note but a private note’s contents; the parties and auditors see them', async () => {
    const secret = await note(resident, {
      kind: 'incident',
      text: 'Lesión del trabajador Juan Pérez, CURP PEJJ800101HDFRRN09.',
      confidential: { legalBasis: 'LGPDPPSO art. 3 fr. IX (datos personales sensibles)' },
    });
    expect(secret.status).toBe(201);
    refused(
      await note(resident, { kind: 'incident', text: 'x', confidential: { legalBasis: ' ' } }),
      422,
      'works_log.legal_basis_required',
    );
    const publicView = await world.anonymous('GET', log());
    expect(publicView.body.notes[secret.body.number - 1]).toMatchObject({
      number: secret.body.number,
      kind: 'incident',
      disclosed: false,
      text: null,
      confidential: { legalBasis: 'LGPDPPSO art. 3 fr. IX (datos personales sensibles)' },
    });
    expect(JSON.stringify(publicView.body)).not.toContain('Juan Pérez');
    expect(publicView.body.residentAccountId).toBeUndefined();
    for (const reader of [resident, superintendent, auditor]) {
      const full = (await reader.get(log())).body;
      expect(full.notes[secret.body.number - 1]).toMatchObject({
        disclosed: true,
        text: expect.stringContaining('Juan Pérez'),
      });
    }
    expect(JSON.stringify((await otherSupplierAccount.get(log())).body)).not.toContain('Juan Pérez');
  });

  it('is closed by the resident; nothing is written after it', async () => {
    refused(await superintendent.post(`${log()}/close`, { text: 'Cierre' }), 403, 'auth.forbidden');
    const closed = await resident.post(`${log()}/close`, { text: 'Cierre con el finiquito.' });
    expect(closed).toMatchObject({ status: 200, body: { kind: 'closing' } });
    refused(await note(superintendent, { kind: 'note', text: 'Tarde' }), 409, 'works_log.closed');
    const view = (await world.anonymous('GET', log())).body;
    expect(view).toMatchObject({ status: 'closed', noteCount: closed.body.number, headHash: closed.body.hash });
    refused(await world.anonymous('GET', log(goodsContract)), 404, 'works_log.not_found');
  });
});

describe('a works log signed with e.firma', () => {
  const PASSWORD = 'llave de la residencia 2026';
  const RESIDENT_RFC = 'PEGJ800101AB1';
  let residentCer: TestSignerCertificate;
  let superintendentCer: TestSignerCertificate;
  const keyFiles = new Map<TestSignerCertificate, Buffer>();
  const signedLog = () => log(signedContract);

  /** The browser's signing step (apps/web/src/efirma.ts) over the log as `signer` reads it now. */
  async function signedNote(signer: Party, cer: TestSignerCertificate, body: Record<string, unknown>) {
    const head = (await signer.get(signedLog())).body;
    const efirma = await signWorksLogNote({
      note: { contractId: signedContract, ...(body as { kind: string; text: string }) },
      number: head.noteCount + 1,
      previousHash: head.headHash,
      certificate: cer.der,
      keyFile: keyFiles.get(cer) as Buffer,
      password: PASSWORD,
    });
    return { ...body, efirma };
  }

  beforeAll(async () => {
    const supplier = await world.api.api.app.get(SupplierRegistry).load(superintendent.supplierId);
    [residentCer, superintendentCer] = await Promise.all([
      aSignerCertificate(ca, { rfc: RESIDENT_RFC, name: 'JUANA PÉREZ GARCÍA' }),
      aSignerCertificate(ca, { rfc: supplier.data?.rfc as string, name: 'CONSTRUCTORA DEL GOLFO SA DE CV' }),
    ]);
    for (const cer of [residentCer, superintendentCer]) keyFiles.set(cer, await aKeyFile(cer.keys, PASSWORD));
    const opened = await resident.post(signedLog(), {
      residentAccountId: resident.ids.accountId,
      superintendentAccountId: superintendent.ids.accountId,
      text: 'Apertura: drenaje de la calle Morelos.',
      requireSignature: true,
    });
    expect(opened.status).toBe(201);
  }, 30_000);

  it('takes only signed notes: the resident as a person, the superintendent with the contractor’s RFC', async () => {
    const instruction = { kind: 'instruction', text: 'Se instruye excavar la zanja del tramo 1.' };
    refused(await resident.post(`${signedLog()}/notes`, instruction), 422, 'works_log.signature_required');
    const signed = await signedNote(resident, residentCer, instruction);
    expect(await resident.post(`${signedLog()}/notes`, signed)).toMatchObject({ status: 201, body: { number: 2 } });
    refused(await resident.post(`${signedLog()}/notes`, signed), 409, 'works_log.log_moved_on');

    const request = { kind: 'request', text: 'Se solicita la revisión de la zanja.' };
    const withResidentsCer = await signedNote(superintendent, residentCer, request);
    refused(await superintendent.post(`${signedLog()}/notes`, withResidentsCer), 422, 'efirma.rfc_mismatch');
    const tampered = { ...(await signedNote(superintendent, superintendentCer, request)), text: 'Otra cosa' };
    refused(await superintendent.post(`${signedLog()}/notes`, tampered), 422, 'efirma.invalid_signature');
    const answer = await signedNote(superintendent, superintendentCer, request);
    expect(await superintendent.post(`${signedLog()}/notes`, answer)).toMatchObject({ status: 201 });

    const events = await world.events(`works-log-${signedContract}`);
    const notes = events.map((event) => event.data as unknown as WorksLogNote);
    expect(chainHolds(notes)).toBe(true);
    expect(notes.map((n) => n.signature?.signer.rfc ?? null)).toEqual([
      null,
      RESIDENT_RFC,
      (await world.api.api.app.get(SupplierRegistry).load(superintendent.supplierId)).data?.rfc,
    ]);
    expect(notes[1].signature?.verification).toMatchObject({ outcome: 'valid', checks: expect.any(Array) });
  });

  it('shows the public who signed each note, never the RFC nor the certificate', async () => {
    const publicView = (await world.anonymous('GET', signedLog())).body;
    expect(publicView.signatureRequired).toBe(true);
    expect(publicView.notes.map((n: { signedBy: { name: string } | null }) => n.signedBy?.name ?? null)).toEqual([
      null,
      'JUANA PÉREZ GARCÍA',
      'CONSTRUCTORA DEL GOLFO SA DE CV',
    ]);
    expect(JSON.stringify(publicView)).not.toContain(RESIDENT_RFC);
    expect(publicView.notes[1]).not.toHaveProperty('signature');
    const full = (await auditor.get(signedLog())).body;
    expect(full.notes[1].signature).toMatchObject({ signer: { rfc: RESIDENT_RFC }, certificate: residentCer.base64 });
  });

  it('derives financial progress from the contract’s payments, next to the reported one', async () => {
    const path = (rest: string) => `/api/contracts/${signedContract}/execution${rest}`;
    const before = (await world.anonymous('GET', signedLog())).body.paidProgress;
    expect(before).toMatchObject({ currency: 'MXN', paid: 0, financialBp: 0, series: [] });
    const report = await signedNote(superintendent, superintendentCer, {
      kind: 'progress',
      text: 'Avance del tramo 1',
      progress: { physicalBp: 3_000, financialBp: 2_500 },
    });
    expect((await superintendent.post(`${signedLog()}/notes`, report)).status).toBe(201);
    const invoice = await superintendent.post(path('/invoices'), {
      invoiceId: 'E1',
      cfdiUuid: '7A1B2C3D-1234-4ABC-9DEF-0123456789AB',
      folio: 'EST-1',
      amount: before.contractAmount / 4,
      issuedAt: NOW,
    });
    expect(invoice.status).toBe(200);
    expect((await resident.post(path('/invoices/E1/review'), { decision: 'accepted' })).status).toBe(200);
    const paid = await resident.post(path('/payments'), {
      paymentId: 'PE1',
      invoiceId: 'E1',
      amount: before.contractAmount / 10,
      paidAt: NOW,
    });
    expect(paid.status).toBe(200);
    const view = (await world.anonymous('GET', `${signedLog()}?minPosition=${paid.headers.get('licita-position')}`))
      .body;
    expect(view.progress).toEqual({ physicalBp: 3_000, financialBp: 2_500 });
    expect(view.paidProgress).toEqual({
      currency: 'MXN',
      contractAmount: before.contractAmount,
      paid: before.contractAmount / 10,
      financialBp: 1_000,
      series: [{ at: NOW, paid: before.contractAmount / 10, financialBp: 1_000 }],
      reportedAbovePaid: true,
    });
  });
});
