import { aContract, aDirectAward, at, DAY, eventually, HOUR, type Party } from '../tendering/tendering-api';
import { OcdsReader } from '../ocds/ocds-reader';
import { aPdf, codeOf, DocumentsWorld } from './documents-api';

/**
 * Besides the call's annexes, an answer, the minutes of a clarification meeting and a contract (signed or
 * amended) carry documents: only the buying unit's own uploads, as they were stored; anyone may download them
 * once what carries them is public, and OCDS lists them (`clarifications`, `contractSigned`, `contractAnnexe`).
 */
let world: DocumentsWorld;
let buyer: Party;
let otherBuyer: Party;
let supplier: Party;
const PUBLISHED = '2026-03-02T16:00:00.000Z';

beforeAll(async () => {
  world = await DocumentsWorld.start('filesystem');
  buyer = await world.world.buyer(await world.world.buyingUnit());
  otherBuyer = await world.world.buyer(await world.world.buyingUnit());
  supplier = await world.world.supplier('Cómputo del Bajío');
}, 120_000);
afterAll(() => world?.close());

type Receipt = { documentId: string; sha256: string; mediaType: string; fileName: string };

async function uploaded(party: Party, text: string): Promise<Receipt> {
  const reply = await world.upload(party, [{ name: `${text}.pdf`, bytes: aPdf(text) }]);
  if (reply.status !== 201) throw new Error(`upload: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body as Receipt;
}

const annex = (receipt: Receipt, title = 'Anexo') => ({
  documentId: receipt.documentId,
  title,
  fileName: receipt.fileName,
  mediaType: receipt.mediaType,
  sha256: receipt.sha256,
});

/** Anyone downloads the document, once the read models say it is public; its bytes are the upload's. */
async function publiclyDownloadable(receipt: Receipt, text: string): Promise<void> {
  const response = await eventually(`${receipt.fileName} is public`, async () => {
    const reply = await world.get(undefined, `/api/documents/${receipt.documentId}/content`);
    return reply.status === 200 ? reply : undefined;
  });
  expect(Buffer.from(await response.arrayBuffer())).toEqual(aPdf(text));
}

async function isPrivate(receipt: Receipt): Promise<void> {
  const refused = await world.get(undefined, `/api/documents/${receipt.documentId}`);
  expect([refused.status, await codeOf(refused)]).toEqual([404, 'document.not_found']);
}

const eventsOf = async (stream: string) => (await world.world.events(stream)).length;

describe('a published tender’s answers and clarification minutes', () => {
  let tenderId: string;
  let questionId: string;
  let plano: Receipt;
  let acta: Receipt;

  beforeAll(async () => {
    world.world.clock.set(at(PUBLISHED, -2 * HOUR));
    plano = await uploaded(buyer, 'plano-de-entrega');
    acta = await uploaded(buyer, 'acta-junta-1');
    tenderId = await world.world.publishedTender(buyer, PUBLISHED);
    world.world.clock.set(at(PUBLISHED, DAY));
    const asked = await supplier.post(`/api/tenders/${tenderId}/questions`, { text: '¿Hay un plano de entrega?' });
    expect(asked.status).toBe(201);
    questionId = asked.body.questionId;
  });

  it('refuses another unit’s upload and a hash or type that is not the stored one, appending nothing', async () => {
    const theirs = await uploaded(otherBuyer, 'ajeno');
    const before = await eventsOf(`tender-${tenderId}`);
    const answer = (documents: unknown[]) =>
      buyer.post(`/api/tenders/${tenderId}/questions/${questionId}/answer`, { answer: 'Véase el plano.', documents });
    const minutes = (documents: unknown[]) =>
      buyer.post(`/api/tenders/${tenderId}/clarification-minutes`, {
        heldAt: at(PUBLISHED, HOUR),
        summary: 'Se dio lectura a las preguntas.',
        documents,
      });

    const notOwned = await answer([annex(theirs)]);
    expect([notOwned.status, notOwned.body.code]).toEqual([403, 'tender.document_not_owned']);
    const wrongHash = await answer([{ ...annex(plano), sha256: 'a'.repeat(64) }]);
    expect([wrongHash.status, wrongHash.body.code]).toEqual([422, 'tender.document_mismatch']);
    const minutesNotOwned = await minutes([annex(theirs)]);
    expect([minutesNotOwned.status, minutesNotOwned.body.code]).toEqual([403, 'tender.document_not_owned']);
    const minutesWrongType = await minutes([{ ...annex(acta), mediaType: 'image/png' }]);
    expect([minutesWrongType.status, minutesWrongType.body.code]).toEqual([422, 'tender.document_mismatch']);

    expect(await eventsOf(`tender-${tenderId}`)).toBe(before);
    await isPrivate(plano);
    await isPrivate(acta);
  });

  it('publishes the answer’s and the minutes’ documents: in the view, the transparency record and OCDS', async () => {
    const answered = await buyer.post(`/api/tenders/${tenderId}/questions/${questionId}/answer`, {
      answer: 'Sí; véase el plano anexo.',
      documents: [annex(plano, 'Plano de entrega')],
    });
    expect(answered.status).toBe(200);
    world.world.clock.set(at(PUBLISHED, 2 * DAY));
    const published = await buyer.post(`/api/tenders/${tenderId}/clarification-minutes`, {
      heldAt: at(PUBLISHED, DAY + HOUR),
      summary: 'Se respondió la única pregunta recibida; no se modificó la convocatoria.',
      documents: [annex(acta, 'Acta de la junta de aclaraciones')],
    });
    expect(published.status).toBe(201);

    const view = await world.world.view(tenderId, (v) => v.clarificationMinutes?.length === 1);
    expect(view.questions[0].documents).toEqual([annex(plano, 'Plano de entrega')]);
    expect(view.clarificationMinutes).toEqual([
      {
        minutesId: published.body.minutesId,
        heldAt: at(PUBLISHED, DAY + HOUR),
        summary: 'Se respondió la única pregunta recibida; no se modificó la convocatoria.',
        documents: [annex(acta, 'Acta de la junta de aclaraciones')],
        publishedAt: at(PUBLISHED, 2 * DAY),
      },
    ]);
    await publiclyDownloadable(plano, 'plano-de-entrega');
    await publiclyDownloadable(acta, 'acta-junta-1');

    const record = await eventually('the minutes are in the transparency record', async () => {
      const reply = await world.world.anonymous('GET', `/api/transparency/tenders/${tenderId}`);
      return reply.status === 200 && reply.body.clarificationMinutes?.length === 1 ? reply.body : undefined;
    });
    expect(record.clarifications[0].documents).toEqual([annex(plano, 'Plano de entrega')]);
    expect(record.timeline.at(-1)).toMatchObject({
      key: 'clarification_minutes.published',
      text: expect.stringMatching(
        /^Se publicó el acta de la junta de aclaraciones celebrada el .*, con 1 documento\.$/,
      ),
    });

    const ocds = new OcdsReader(world.world);
    await ocds.caughtUp();
    const latest = await ocds.latest(tenderId);
    expect(latest.tender.documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: plano.documentId, documentType: 'clarifications' }),
        expect.objectContaining({ id: acta.documentId, documentType: 'clarifications' }),
      ]),
    );
  });

  it('refuses minutes once proposals are no longer accepted', async () => {
    world.world.clock.set(at(PUBLISHED, 30 * DAY));
    const late = await buyer.post(`/api/tenders/${tenderId}/clarification-minutes`, {
      heldAt: at(PUBLISHED, DAY),
      summary: 'Tarde.',
    });
    // At the deadline itself the rule is `clarification_minutes.deadline_passed` (decider spec); well after it,
    // the tender has moved on.
    expect(late.status).toBe(409);
  });
});

describe('a contract’s documents', () => {
  it('checks them as the tender’s, publishes them with the contract and its amendment, and lists them in OCDS', async () => {
    const drafted = '2026-05-04T16:00:00.000Z';
    world.world.clock.set(drafted);
    const unitId = buyer.ids.buyingUnitId as string;
    const created = await buyer.post('/api/tenders', aDirectAward(unitId, drafted, supplier.supplierId));
    expect(created.status).toBe(201);
    const tenderId = created.body.tenderId;
    const awarded = await buyer.post(`/api/tenders/${tenderId}/direct-award`, {
      lots: [{ lotId: 'lot-1', amount: 26_000_000 }],
    });
    expect(awarded.status).toBe(200);

    const signedPdf = await uploaded(buyer, 'contrato-firmado');
    const annexPdf = await uploaded(buyer, 'anexo-tecnico-contrato');
    const theirs = await uploaded(otherBuyer, 'contrato-ajeno');
    const sign = (documents: unknown[]) => buyer.post('/api/contracts', { ...aContract(tenderId, drafted), documents });

    const before = await eventsOf(`tender-${tenderId}`);
    const notOwned = await sign([annex(theirs)]);
    expect([notOwned.status, notOwned.body.code]).toEqual([403, 'contract.document_not_owned']);
    const mismatch = await sign([{ ...annex(signedPdf), sha256: 'b'.repeat(64) }]);
    expect([mismatch.status, mismatch.body.code]).toEqual([422, 'contract.document_mismatch']);
    expect(await eventsOf(`tender-${tenderId}`)).toBe(before);
    await isPrivate(signedPdf);

    const signed = await sign([annex(signedPdf, 'Contrato firmado'), annex(annexPdf, 'Anexo técnico')]);
    expect(signed.status).toBe(201);
    const contract = signed.body.contractId as string;

    const convenio = await uploaded(buyer, 'convenio-modificatorio');
    const refusedAmendment = await buyer.post(`/api/contracts/${contract}/amendments`, {
      amount: 27_000_000,
      reason: 'Ampliación (LAASSP art. 52)',
      documents: [annex(theirs)],
    });
    expect([refusedAmendment.status, refusedAmendment.body.code]).toEqual([403, 'contract.document_not_owned']);
    expect(await eventsOf(`contract-${contract}`)).toBe(1);
    const amended = await buyer.post(`/api/contracts/${contract}/amendments`, {
      amount: 27_000_000,
      reason: 'Ampliación (LAASSP art. 52)',
      documents: [annex(convenio, 'Convenio modificatorio')],
    });
    expect(amended.status).toBe(201);

    const view = await world.world.anonymous('GET', `/api/contracts/${contract}`);
    expect(view.body.documents).toEqual([annex(signedPdf, 'Contrato firmado'), annex(annexPdf, 'Anexo técnico')]);
    expect(view.body.amendments[0].documents).toEqual([annex(convenio, 'Convenio modificatorio')]);

    await publiclyDownloadable(signedPdf, 'contrato-firmado');
    await publiclyDownloadable(annexPdf, 'anexo-tecnico-contrato');
    await publiclyDownloadable(convenio, 'convenio-modificatorio');

    const ocds = new OcdsReader(world.world);
    await ocds.caughtUp();
    const latest = await ocds.latest(tenderId);
    expect(latest.contracts[0].documents.map((d: any) => [d.id, d.documentType])).toEqual([
      [signedPdf.documentId, 'contractSigned'],
      [annexPdf.documentId, 'contractAnnexe'],
      [convenio.documentId, 'contractAnnexe'],
    ]);
  });
});

describe('OCDS', () => {
  it('validates every output above, documents included, against the official schemas', async () => {
    const ocds = new OcdsReader(world.world);
    await ocds.caughtUp();
    const { releases } = await ocds.validEverything();
    const documentTypes = releases.flatMap((r) => [
      ...(r.tender?.documents ?? []),
      ...(r.contracts ?? []).flatMap((c: any) => c.documents ?? []),
    ]);
    expect(new Set(documentTypes.map((d: any) => d.documentType))).toEqual(
      new Set(['clarifications', 'contractSigned', 'contractAnnexe', undefined]),
    );
  });
});
