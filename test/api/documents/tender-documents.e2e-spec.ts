import { aTender, at, DAY, eventually, HOUR, type Party } from '../tendering/tendering-api';
import { aPdf, codeOf, DocumentsWorld } from './documents-api';

/**
 * A tender names its annexes by the id of an upload: only its unit's own uploads, as they were stored; once the
 * procedure is published anyone may download them, and an amendment that replaces an annex keeps the earlier
 * version downloadable and shows what changed.
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

const annex = (receipt: Receipt, title = 'Anexo técnico') => ({
  documentId: receipt.documentId,
  title,
  fileName: receipt.fileName,
  mediaType: receipt.mediaType,
  sha256: receipt.sha256,
});

it('refuses a document another unit uploaded, and one whose hash or type is not the stored one', async () => {
  const theirs = await uploaded(otherBuyer, 'ajeno');
  const mine = await uploaded(buyer, 'propio');
  const draft = (documents: unknown[]) => buyer.post('/api/tenders', aTenderBody(documents));

  const notOwned = await draft([annex(theirs)]);
  expect([notOwned.status, notOwned.body.code]).toEqual([403, 'tender.document_not_owned']);

  const wrongHash = await draft([{ ...annex(mine), sha256: 'a'.repeat(64) }]);
  expect([wrongHash.status, wrongHash.body.code]).toEqual([422, 'tender.document_mismatch']);

  const wrongType = await draft([{ ...annex(mine), mediaType: 'image/png' }]);
  expect([wrongType.status, wrongType.body.code]).toEqual([422, 'tender.document_mismatch']);

  expect((await draft([annex(mine)])).status).toBe(201);
});

it('lets anyone download the annexes of a published procedure, earlier versions included', async () => {
  const first = await uploaded(buyer, 'anexo-v1');
  world.world.clock.set(at(PUBLISHED, -HOUR));
  const tenderId = await world.world.publishedTender(buyer, PUBLISHED, { documents: [annex(first)] });

  const publicCopy = await eventually('the public may download the annex', async () => {
    const response = await world.get(undefined, `/api/documents/${first.documentId}/content`);
    return response.status === 200 ? response : undefined;
  });
  expect(publicCopy.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(Buffer.from(await publicCopy.arrayBuffer())).toEqual(aPdf('anexo-v1'));

  const second = await uploaded(buyer, 'anexo-v2');
  world.world.clock.set(at(PUBLISHED, DAY));
  const amended = await buyer.post(`/api/tenders/${tenderId}/amendments`, {
    changes: { documents: [annex(second)] },
    reason: 'Se corrige el anexo técnico',
  });
  expect(amended.status).toBe(201);

  const view = await eventually('the amendment is in the view', async () => {
    const reply = await world.world.anonymous('GET', `/api/tenders/${tenderId}`);
    return reply.body.amendments?.length === 1 ? reply.body : undefined;
  });
  expect(view.documents).toEqual([annex(second)]);
  expect(JSON.stringify(view.amendments[0].changes)).toContain(first.documentId);
  expect(JSON.stringify(view.amendments[0].changes)).toContain(second.documentId);

  for (const version of [first, second]) {
    const response = await eventually(`version ${version.fileName} is public`, async () => {
      const reply = await world.get(supplier, `/api/documents/${version.documentId}/content`);
      return reply.status === 200 ? reply : undefined;
    });
    expect(response.headers.get('etag')).toBe(`"${version.sha256}"`);
  }
});

it('keeps a draft’s annexes private to its unit', async () => {
  const draftAnnex = await uploaded(buyer, 'borrador');
  world.world.clock.set(at(PUBLISHED, 2 * DAY));
  const created = await buyer.post('/api/tenders', aTenderBody([annex(draftAnnex)]));
  expect(created.status).toBe(201);
  const refused = await world.get(undefined, `/api/documents/${draftAnnex.documentId}`);
  expect([refused.status, await codeOf(refused)]).toEqual([404, 'document.not_found']);
});

/** A draft of the buyer's unit, to be published three days from the clock, with these documents. */
function aTenderBody(documents: unknown[]) {
  return aTender(buyer.ids.buyingUnitId as string, at(world.world.clock.now().toISOString(), 3 * DAY), {
    documents,
  });
}
