import { Client } from 'pg';
import type { BidAccepted } from '@licita/auctions/application/auction-actor';
import type { TestApi } from '../../support/api-app';
import {
  AuctionWorld,
  eventually,
  http,
  OPENING_PRICE,
  range,
  registerVerifiedSuppliers,
  scheduleAuction,
  STEP,
  suppliers,
  tokenFor,
} from './auction-clients';

const world = new AuctionWorld('auctions_two');
const { clock } = world;
let first: TestApi;
let second: TestApi;
beforeAll(async () => {
  first = await world.start();
  second = await world.start();
});
afterAll(() => world.close());

const connect = (api: TestApi, token?: string) => world.connect(api, token);

it('watchers on one instance see the bids placed through the other exactly once, in order; the watcher count spans both', async () => {
  const participants = suppliers(5);
  const startsAt = new Date(clock.now().getTime() + 60_000).toISOString();
  const { auctionId } = await scheduleAuction(first, participants, { startsAt });
  clock.advance(61_000);
  const onSecond = [
    await connect(second),
    await connect(second, tokenFor(second, clock, 'buyer', { buyingUnitId: 'unit-1' })),
    await connect(second),
  ];
  const onFirst = await connect(first);
  await Promise.all([...onSecond, onFirst].map((watcher) => watcher.join(auctionId)));
  const bidders = await Promise.all(
    participants.map((p) => connect(first, tokenFor(first, clock, 'supplier', { supplierId: p.bidderId }))),
  );

  const acks = await Promise.all(
    bidders.map((bidder) => Promise.all(range(1, 10).map((k) => bidder.bid(auctionId, OPENING_PRICE - k * STEP)))),
  );

  const accepted = acks.flat().filter((ack): ack is BidAccepted => ack.status === 'accepted');
  expect(accepted.map((ack) => ack.sequence).sort((a, b) => a - b)).toEqual(range(1, 50));
  for (const watcher of [...onSecond, onFirst]) {
    await watcher.untilSequence(50);
    expect(watcher.sequences).toEqual(range(1, 50));
  }
  await eventually('each instance counts the watchers of both', async () => {
    const [fromFirst, fromSecond] = await Promise.all([
      http(first, 'GET', `/api/auctions/${auctionId}/watchers`),
      http(second, 'GET', `/api/auctions/${auctionId}/watchers`),
    ]);
    return fromFirst.body.watchers === 4 && fromSecond.body.watchers === 4 && fromFirst.body.instances === 2;
  });
});

it('deliver a bid to the other instance’s watchers, and a new supplier to the public directory, within a second while an unrelated transaction stays open', async () => {
  const participants = suppliers(2);
  const startsAt = new Date(clock.now().getTime() + 60_000).toISOString();
  const { auctionId } = await scheduleAuction(first, participants, { startsAt });
  clock.advance(61_000);
  const watcher = await connect(second);
  await watcher.join(auctionId);
  const bidder = await connect(first, tokenFor(first, clock, 'supplier', { supplierId: participants[0].bidderId }));
  // A report query, a rebuild batch: any long transaction of the cluster that does not append (10 s at most).
  const report = new Client({ connectionString: world.databaseUrl });
  await report.connect();
  await report.query('BEGIN');
  await report.query('SELECT pg_current_xact_id(), pg_sleep(0)');
  const ended = report.query('SELECT pg_sleep(10)').catch(() => undefined);
  try {
    let started = Date.now();
    expect(await bidder.bid(auctionId, OPENING_PRICE - STEP)).toMatchObject({ status: 'accepted', sequence: 1 });
    await watcher.untilSequence(1);
    const bidDelivery = Date.now() - started;

    started = Date.now();
    await registerVerifiedSuppliers(first, [
      { bidderId: 'supplier-late', name: 'Llegada Tarde, S.A.', openingPrice: 1 },
    ]);
    await eventually('the new supplier is in the public directory', async () => {
      const page = await http(second, 'GET', '/api/suppliers?q=Llegada%20Tarde');
      return (page.body.items as unknown[]).length === 1;
    });
    const registrationVisible = Date.now() - started;

    expect({ bidDelivery: bidDelivery < 1_000, registrationVisible: registrationVisible < 1_000 }).toEqual({
      bidDelivery: true,
      registrationVisible: true,
    });
  } finally {
    await report.end().catch(() => undefined);
    await ended;
  }
});
