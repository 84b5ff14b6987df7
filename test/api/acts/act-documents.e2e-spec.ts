import { createHash } from 'node:crypto';
import { AuctionClosingScheduler } from '@licita/auctions/application/auction-closing.scheduler';
import { pdfText } from '@licita/acts/testing/pdf-text';
import { listScheduledCommands } from '@licita/scheduling/scheduled-commands';
import {
  allCompliant,
  at,
  DAY,
  eventually,
  HOUR,
  type Party,
  scheduleFrom,
  TenderingApi,
} from '../tendering/tendering-api';

/**
 * The acts become documents of the procedure (#17): once held, the opening act, the ruling and an auction's result
 * are issued by the durable process (ActIssuanceSchedule → IssueAct → ActIssued), listed in the public tender view
 * and the transparency record, downloadable by anyone at /api/documents/{id}/content, the same bytes as the .pdf
 * routes, valid signatures; a replay of the process issues nothing twice.
 */
let world: TenderingApi;
let buyer: Party;
const suppliers: Record<'A' | 'B', Party> = {} as never;

const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z');
  buyer = await world.buyer(await world.buyingUnit());
  suppliers.A = await world.supplier('Constructora Álamo');
  suppliers.B = await world.supplier('Grupo Balam');
}, 120_000);

afterAll(() => world?.close());

type ActDocument = { documentId: string; kind: string; sha256: string; position: string; auctionId: string | null };

async function bytes(path: string): Promise<{ status: number; body: Buffer }> {
  const response = await fetch(`${world.api.api.url}${path}`);
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

/** The public view's act documents, once `ready` holds for them. */
const actDocuments = (tenderId: string, ready: (docs: ActDocument[]) => boolean): Promise<ActDocument[]> =>
  eventually(`act documents of ${tenderId}`, async () => {
    const reply = await world.anonymous('GET', `/api/tenders/${tenderId}`);
    const docs = (reply.body?.actDocuments ?? []) as ActDocument[];
    return reply.status === 200 && ready(docs) && docs;
  });

async function verify(pdf: Buffer) {
  const response = await fetch(`${world.api.api.url}/api/acts/verify`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/pdf' },
    body: pdf,
  });
  return (await response.json()) as Record<string, any>;
}

/** Downloads an act document as the public; checks its metadata, hash and signature; answers its bytes. */
async function downloaded(doc: ActDocument): Promise<Buffer> {
  const meta = await world.anonymous('GET', `/api/documents/${doc.documentId}`);
  expect(meta).toMatchObject({
    status: 200,
    body: { documentId: doc.documentId, sha256: doc.sha256, mediaType: 'application/pdf', public: true },
  });
  const content = await bytes(`/api/documents/${doc.documentId}/content`);
  expect(content.status).toBe(200);
  expect(createHash('sha256').update(content.body).digest('hex')).toBe(doc.sha256);
  expect(await verify(content.body)).toMatchObject({ valid: true, signer: 'Licita — firma de actas' });
  return content.body;
}

const actIssued = async (tenderId: string) =>
  (await world.api.store.readAll({ filter: { eventTypePrefixes: ['ActIssued'], streamPrefixes: ['document-'] } }))
    .filter((event) => (event.data as { act: { tenderId: string } }).act.tenderId === tenderId)
    .map((event) => event.data.documentId as string);

const actJobsDone = () =>
  eventually('the act jobs done', async () =>
    (await listScheduledCommands(world.api.db, 'act:')).every((job) => job.status === 'done'),
  );

async function openedTender(overrides: Record<string, unknown> = {}) {
  const tenderId = await world.publishedTender(buyer, P, overrides);
  const opened = await world.openLaptopProposals(buyer, tenderId, at(S.questionsDeadline, DAY), S.openingDate, [
    [suppliers.A, 2_400_000],
    [suppliers.B, 2_300_000],
  ]);
  expect(opened.status).toBe(200);
  return { tenderId, proposals: opened.body.proposals as Array<{ proposalId: string; supplierId: string }> };
}

it('issues the opening act and the ruling as public documents, the bytes the .pdf routes serve, once', async () => {
  const { tenderId, proposals } = await openedTender();
  const [opening] = await actDocuments(tenderId, (docs) => docs.some((doc) => doc.kind === 'opening'));
  expect(opening).toMatchObject({ kind: 'opening', auctionId: null, position: expect.stringMatching(/^\d+$/) });
  const openingPdf = await downloaded(opening);
  expect((await bytes(`/api/tenders/${tenderId}/acts/opening.pdf`)).body.equals(openingPdf)).toBe(true);
  expect(pdfText(openingPdf).join('\n')).toContain(`posición ${opening.position}`);

  world.clock.set(at(S.openingDate, HOUR));
  await allCompliant(buyer, tenderId, proposals);
  await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`);
  expect((await world.award(buyer, tenderId, at(S.openingDate, DAY))).status).toBe(200);
  const docs = await actDocuments(tenderId, (listed) => listed.some((doc) => doc.kind === 'ruling'));
  const ruling = docs.find((doc) => doc.kind === 'ruling')!;
  const rulingPdf = await downloaded(ruling);
  expect((await bytes(`/api/tenders/${tenderId}/acts/ruling.pdf`)).body.equals(rulingPdf)).toBe(true);
  expect(pdfText(rulingPdf).join('\n')).toContain('Acta de fallo');

  const transparency = await eventually('the public record lists the acts', async () => {
    const reply = await world.anonymous('GET', `/api/transparency/tenders/${tenderId}`);
    return reply.status === 200 && reply.body.actDocuments?.length === 2 && reply.body.actDocuments;
  });
  expect(transparency).toEqual(docs);

  await actJobsDone();
  const issued = await actIssued(tenderId);
  expect(issued.sort()).toEqual([opening.documentId, ruling.documentId].sort());

  // A replay: the process's jobs derived again from the whole log and run again issue nothing new.
  await world.api.projections.rebuildProjection('act-issuance');
  await eventually(
    'the act jobs derived again',
    async () => (await listScheduledCommands(world.api.db, `act:ruling:${tenderId}:`)).length > 0,
  );
  await actJobsDone();
  expect((await actIssued(tenderId)).sort()).toEqual(issued.sort());
  expect((await world.anonymous('GET', `/api/tenders/${tenderId}`)).body.actDocuments).toHaveLength(2);
}, 120_000);

it('issues an auction’s result, and the opening act again (a new version) once the auction makes its offers public', async () => {
  const { tenderId, proposals } = await openedTender({ reverseAuction: true });
  const [sealed] = await actDocuments(tenderId, (docs) => docs.some((doc) => doc.kind === 'opening'));
  expect(pdfText(await downloaded(sealed)).join('\n')).not.toContain('$');

  world.clock.set(at(S.openingDate, DAY));
  await allCompliant(buyer, tenderId, proposals);
  await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`);
  const startsAt = at(S.openingDate, DAY + HOUR);
  const scheduled = await buyer.post(`/api/tenders/${tenderId}/lots/lot-1/auction`, {
    startsAt,
    durationSeconds: 600,
    minimumDecrement: { kind: 'percent', basisPoints: 50 },
    antiSniping: null,
  });
  expect(scheduled.status).toBe(201);
  const { auctionId } = scheduled.body;
  world.clock.set(at(startsAt, 600_000));
  await world.api.api.app.get(AuctionClosingScheduler).closeDue();

  const withResult = await actDocuments(tenderId, (docs) => docs.some((doc) => doc.kind === 'auction_result'));
  const result = withResult.find((doc) => doc.kind === 'auction_result')!;
  expect(result.auctionId).toBe(auctionId);
  const resultPdf = await downloaded(result);
  expect((await bytes(`/api/auctions/${auctionId}/result.pdf`)).body.equals(resultPdf)).toBe(true);

  await world.award(buyer, tenderId, at(S.openingDate, 2 * DAY));
  const docs = await actDocuments(tenderId, (listed) => listed.filter((doc) => doc.kind === 'opening').length === 2);
  const [first, second] = docs.filter((doc) => doc.kind === 'opening');
  expect(first.documentId).toBe(sealed.documentId);
  expect(second.position).toBe(first.position);
  expect(second.sha256).not.toBe(first.sha256);
  const revealed = await downloaded(second);
  expect(pdfText(revealed).join('\n')).toContain('$');
  expect((await bytes(`/api/tenders/${tenderId}/acts/opening.pdf`)).body.equals(revealed)).toBe(true);
}, 150_000);
