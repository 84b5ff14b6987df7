import { AuctionClosingScheduler } from '@licita/auctions/application/auction-closing.scheduler';
import { pdfText } from '@licita/acts/testing/pdf-text';
import {
  allCompliant,
  at,
  DAY,
  eventually,
  HOUR,
  laptopProposals,
  type Party,
  scheduleFrom,
  TenderingApi,
} from '../tendering/tendering-api';

/**
 * The signed acts of real procedures: the opening act and the ruling of a tender, the result of a lot's reverse
 * auction; each downloaded as the public, checked through POST /api/acts/verify, refused before it happened.
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

type Download = { status: number; pdf: Buffer; headers: Headers; body?: any };

async function download(path: string, headers: Record<string, string> = {}): Promise<Download> {
  const response = await fetch(`${world.api.api.url}${path}`, { headers });
  const pdf = Buffer.from(await response.arrayBuffer());
  const json = response.headers.get('content-type')?.includes('json');
  return {
    status: response.status,
    pdf,
    headers: response.headers,
    body: json ? JSON.parse(pdf.toString()) : undefined,
  };
}

/** The act once the read model has it (the view is eventually consistent). */
const act = (path: string): Promise<Download> =>
  eventually(path, async () => {
    const reply = await download(path);
    return reply.status === 200 && reply;
  });

async function verify(body: Buffer | string, contentType = 'application/pdf') {
  const response = await fetch(`${world.api.api.url}/api/acts/verify`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const text = (pdf: Buffer) => pdfText(pdf).join('\n');

async function openedTender(overrides: Record<string, unknown> = {}) {
  const tenderId = await world.publishedTender(buyer, P, overrides);
  const opened = await world.openLaptopProposals(buyer, tenderId, at(S.questionsDeadline, DAY), S.openingDate, [
    [suppliers.A, 2_400_000],
    [suppliers.B, 2_300_000],
  ]);
  expect(opened.status).toBe(200);
  return { tenderId, proposals: opened.body.proposals as Array<{ proposalId: string; supplierId: string }> };
}

it('serves the opening act signed, the same bytes each time, and refuses it before the opening', async () => {
  const tenderId = await world.publishedTender(buyer, P);
  await world.view(tenderId);
  expect(await download(`/api/tenders/${tenderId}/acts/opening.pdf`)).toMatchObject({
    status: 409,
    body: { code: 'act.not_yet_held' },
  });
  world.clock.set(at(S.questionsDeadline, DAY));
  await laptopProposals(tenderId, [
    [suppliers.A, 2_400_000],
    [suppliers.B, 2_300_000],
  ]);
  world.clock.set(S.openingDate);
  expect((await buyer.post(`/api/tenders/${tenderId}/open`)).status).toBe(200);

  const opening = await act(`/api/tenders/${tenderId}/acts/opening.pdf`);
  expect(opening.headers.get('content-type')).toBe('application/pdf');
  expect(opening.headers.get('content-disposition')).toBe(`inline; filename="acta-apertura-${tenderId}.pdf"`);
  expect(opening.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
  const written = text(opening.pdf);
  expect(written).toContain('Acta de presentación y apertura de proposiciones');
  expect(written).toContain('Constructora Álamo, S.A. de C.V. (RFC TST900101');
  expect(written).toContain('$240,000.00'); // B's lot-1: 10 laptops at 23,000.00 and 10 docks at 1,000.00
  expect(written).toMatch(/posición \d+/);

  const again = await download(`/api/tenders/${tenderId}/acts/opening.pdf`);
  expect(again.pdf.equals(opening.pdf)).toBe(true);
  expect(
    (await download(`/api/tenders/${tenderId}/acts/opening.pdf`, { 'If-None-Match': opening.headers.get('etag')! }))
      .status,
  ).toBe(304);

  expect(await verify(opening.pdf)).toMatchObject({
    status: 200,
    body: {
      valid: true,
      signer: 'Licita — firma de actas',
      signedAt: S.openingDate,
      reason: 'Acta de apertura de proposiciones',
    },
  });
  const changed = Buffer.from(opening.pdf);
  changed[Math.floor(changed.length / 5)] ^= 0x20;
  expect(await verify(changed)).toMatchObject({ status: 200, body: { valid: false } });
  expect(await verify(JSON.stringify({ pdf: 'x' }), 'application/json')).toMatchObject({
    status: 415,
    body: { code: 'act.unsupported_media_type' },
  });
}, 90_000);

it('serves the ruling once the tender is awarded, and refuses it before', async () => {
  const { tenderId, proposals } = await openedTender();
  world.clock.set(at(S.openingDate, HOUR));
  await allCompliant(buyer, tenderId, proposals);
  await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`);
  expect(await download(`/api/tenders/${tenderId}/acts/ruling.pdf`)).toMatchObject({
    status: 409,
    body: { code: 'act.not_yet_held' },
  });
  const awarded = await world.award(buyer, tenderId, at(S.openingDate, DAY));
  expect(awarded.status).toBe(200);

  const ruling = await act(`/api/tenders/${tenderId}/acts/ruling.pdf`);
  const written = text(ruling.pdf);
  expect(written).toContain('Acta de fallo');
  expect(written).toContain('Grupo Balam, S.A. de C.V.');
  expect(written).toContain('resultado de la evaluación');
  expect(await verify(ruling.pdf)).toMatchObject({
    status: 200,
    body: { valid: true, signedAt: at(S.openingDate, DAY), reason: 'Fallo del procedimiento' },
  });
}, 90_000);

it('keeps a reverse auction’s offers out of the opening act until it closes, then serves its signed result', async () => {
  const { tenderId, proposals } = await openedTender({ reverseAuction: true });
  const sealedOpening = await act(`/api/tenders/${tenderId}/acts/opening.pdf`);
  expect(text(sealedOpening.pdf)).not.toContain('$');
  expect(text(sealedOpening.pdf)).toContain('reservado hasta el cierre de la subasta');

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
  expect(await download(`/api/auctions/${auctionId}/result.pdf`)).toMatchObject({
    status: 409,
    body: { code: 'act.not_yet_held' },
  });

  world.clock.set(at(startsAt, 600_000));
  await world.api.api.app.get(AuctionClosingScheduler).closeDue();
  const result = await act(`/api/auctions/${auctionId}/result.pdf`);
  const written = text(result.pdf);
  expect(written).toContain('Acta de resultado de la subasta inversa');
  expect(written).toContain('Grupo Balam, S.A. de C.V.');
  expect(written).toContain('$240,000.00');
  expect(await verify(result.pdf)).toMatchObject({
    status: 200,
    body: { valid: true, reason: 'Resultado de la subasta inversa' },
  });

  await world.award(buyer, tenderId, at(S.openingDate, 2 * DAY));
  const revealed = await eventually('the opening act with its offers', async () => {
    const reply = await download(`/api/tenders/${tenderId}/acts/opening.pdf`);
    return reply.status === 200 && text(reply.pdf).includes('$') && reply;
  });
  expect(revealed.pdf.equals(sealedOpening.pdf)).toBe(false);
  expect((await verify(revealed.pdf)).body.valid).toBe(true);
}, 120_000);

it('answers 404 for an auction that does not exist', async () =>
  expect(await download('/api/auctions/00000000-0000-4000-8000-000000000000/result.pdf')).toMatchObject({
    status: 404,
    body: { code: 'auction.not_found' },
  }));
