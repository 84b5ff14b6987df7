import { AuctionClosingScheduler } from '@licita/auctions/application/auction-closing.scheduler';
import type { AuctionClosedMessage } from '@licita/auctions/application/auction.messages';
import { at, awardedWith, DAY, HOUR, mxn, type Party, scheduleFrom, TenderingApi } from '../tendering/tendering-api';
import { OcdsReader } from '../ocds/ocds-reader';
import { AuctionClient } from './auction-clients';

/**
 * A lot's reverse auction inside a whole procedure, over HTTP and Socket.IO: the tender's evaluation sends
 * the lot to auction, its buyer schedules it (participants and opening prices come from the tender), the
 * suppliers bid live, and the tender's award takes the auction's final ranking.
 */
let world: TenderingApi;
let buyer: Party;
let otherBuyer: Party;
const suppliers: Record<'A' | 'B' | 'C', Party> = {} as never;
const clients: AuctionClient[] = [];

const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z');
  buyer = await world.buyer(await world.buyingUnit());
  otherBuyer = await world.buyer(await world.buyingUnit());
  suppliers.A = await world.supplier('Constructora Álamo');
  suppliers.B = await world.supplier('Grupo Balam');
  suppliers.C = await world.supplier('Centli Obras');
}, 120_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await world?.close();
});

async function connect(party?: Party): Promise<AuctionClient> {
  const client = await AuctionClient.connect(world.api.api, party && (await world.api.login(party.email)));
  clients.push(client);
  return client;
}

/** Published with a reverse auction; A and B compliant (A submitted first), C not: lot-1 goes to auction. */
async function anEvaluatedTenderWithAuction(): Promise<string> {
  const tenderId = await world.publishedTender(buyer, P, { reverseAuction: true });
  const opened = await world.openLaptopProposals(buyer, tenderId, at(S.questionsDeadline, DAY), S.openingDate, [
    [suppliers.A, 2_400_000],
    [suppliers.B, 2_300_000],
    [suppliers.C, 2_100_000],
  ]);
  world.clock.set(at(S.openingDate, DAY));
  for (const proposal of opened.body.proposals as Array<{ proposalId: string; supplierId: string }>) {
    const compliant = proposal.supplierId !== suppliers.C.supplierId;
    await buyer.post(`/api/tenders/${tenderId}/evaluations`, {
      proposalId: proposal.proposalId,
      lotId: 'lot-1',
      compliant,
      reasons: compliant ? [] : ['Sin garantía'],
    });
  }
  const completed = await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`);
  expect(completed.body.lots[0]).toMatchObject({ lotId: 'lot-1', goesToAuction: true });
  return tenderId;
}

it('schedules the lot’s auction from the tender, runs it live and awards the lot to the auction’s winner', async () => {
  const tenderId = await anEvaluatedTenderWithAuction();
  const route = `/api/tenders/${tenderId}/lots/lot-1/auction`;
  const startsAt = at(S.openingDate, DAY + HOUR);
  const settings = {
    startsAt,
    durationSeconds: 600,
    minimumDecrement: { kind: 'percent', basisPoints: 50 },
    antiSniping: null,
  };

  expect(await otherBuyer.post(route, settings)).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
  expect(await buyer.post(`/api/tenders/${tenderId}/lots/lot-2/auction`, settings)).toMatchObject({
    status: 409,
    body: { code: 'auction.lot_not_in_auction' },
  });
  const scheduled = await buyer.post(route, settings);
  expect(scheduled).toMatchObject({
    status: 201,
    body: { tenderId, lotId: 'lot-1', currency: 'MXN', phase: 'scheduled', startsAt, lastSequence: 0 },
  });
  // Only the compliant proposals, from their opened offers (10 laptops + 1,000,000 of docks), names hidden.
  expect(scheduled.body.ranking.map((line: { amount: number; name?: string }) => [line.amount, line.name])).toEqual([
    [24_000_000, undefined],
    [25_000_000, undefined],
  ]);
  expect(await buyer.post(route, settings)).toMatchObject({ status: 409, body: { code: 'auction.already_scheduled' } });
  const { auctionId } = scheduled.body;

  world.clock.set(at(startsAt, 60_000));
  const [alamo, balam, centli, watcher] = [
    await connect(suppliers.A),
    await connect(suppliers.B),
    await connect(suppliers.C),
    await connect(),
  ];
  expect((await alamo.join(auctionId)).you).toMatchObject({
    name: 'Constructora Álamo, S.A. de C.V.',
    rank: 2,
    amount: 25_000_000,
    highestAcceptableBid: 24_875_000,
  });
  await watcher.join(auctionId);
  expect(await centli.bid(auctionId, 20_000_000)).toMatchObject({
    status: 'rejected',
    code: 'auction.not_participant',
  });
  expect(await alamo.bid(auctionId, 23_500_000)).toMatchObject({ status: 'accepted', sequence: 1 });
  expect(await balam.bid(auctionId, 23_600_000)).toMatchObject({ status: 'accepted', sequence: 2 });
  expect(await balam.bid(auctionId, 23_500_000)).toMatchObject({ status: 'rejected', code: 'bid.step_too_small' });

  world.clock.set(at(startsAt, 600_000));
  await world.api.api.app.get(AuctionClosingScheduler).closeDue(); // what its timer does at the end
  await watcher.untilSequence(3);
  const closed = watcher.messages[2] as AuctionClosedMessage;
  expect(closed.data.ranking.map((line) => [line.name, line.finalPrice])).toEqual([
    ['Constructora Álamo, S.A. de C.V.', 23_500_000],
    ['Grupo Balam, S.A. de C.V.', 23_600_000],
  ]);

  const awarded = await world.award(buyer, tenderId, at(S.openingDate, 2 * DAY));
  expect(awarded).toMatchObject(
    awardedWith({ lotId: 'lot-1', supplierId: suppliers.A.supplierId, amount: mxn(23_500_000), basis: 'auction' }),
  );
  const recorded = (await world.events(`tender-${tenderId}`)).find((event) => event.type === 'AuctionResultRecorded');
  expect(recorded?.data).toMatchObject({
    lotId: 'lot-1',
    auctionId,
    ranking: [
      { rank: 1, supplierId: suppliers.A.supplierId },
      { rank: 2, supplierId: suppliers.B.supplierId },
    ],
  });
}, 60_000);

it('refuses the award while a lot’s auction has not closed', async () => {
  const tenderId = await anEvaluatedTenderWithAuction();

  world.clock.set(at(S.openingDate, 2 * DAY));
  expect(await buyer.post(`/api/tenders/${tenderId}/award`)).toMatchObject({
    status: 422,
    body: { code: 'award.auction_result_required' },
  });
}, 60_000);

it('publishes valid OCDS: the lot’s auction in tender.auctions and the award at the auction’s price', async () => {
  const { records } = await new OcdsReader(world).validEverything();
  const awarded = records.map((pkg) => pkg.records[0].compiledRelease).find((release) => release.awards);
  expect(awarded.tender.auctions).toHaveLength(1);
  expect(awarded.awards[0]).toMatchObject({
    status: 'pending',
    value: { amount: 235000, currency: 'MXN' },
    description: 'Fallo con base en el resultado de la subasta inversa',
  });
});
