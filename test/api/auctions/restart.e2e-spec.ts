import type { BidAccepted } from '@licita/auctions/application/auction-actor';
import type { AuctionClosedMessage } from '@licita/auctions/application/auction.messages';
import { auctionStream } from '@licita/auctions/domain/auction.events';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import { systemClock } from '@licita/shared';
import type { TestApi } from '../../support/api-app';
import {
  AuctionClient,
  AuctionWorld,
  eventually,
  OPENING_PRICE,
  scheduleAuction,
  STEP,
  suppliers,
  tokenFor,
} from './auction-clients';

/** Real time here: the close must come from the closing scheduler's own timer, on the instance started late. */
const world = new AuctionWorld('auctions_restart');
afterAll(() => world.close());

const start = () => world.start({ realClock: true });
const connect = (api: TestApi, token?: string) => world.connect(api, token);

/** Each supplier bids one step lower after every acknowledgement until `stop()`; every ack is kept. */
function bidding(bidders: AuctionClient[], auctionId: string, acks: BidAccepted[], from: Map<AuctionClient, number>) {
  let stopped = false;
  const loops = bidders.map(async (bidder) => {
    while (!stopped && bidder.socket.connected) {
      const amount = (from.get(bidder) ?? OPENING_PRICE) - STEP;
      const ack = await bidder.bid(auctionId, amount).catch(() => null);
      if (ack?.status === 'accepted') {
        acks.push(ack);
        from.set(bidder, ack.amount);
      }
      // A bid whose ack died with the first instance may still have been recorded: go on from the real price.
      if (ack?.status === 'rejected' && typeof ack.details?.currentPrice === 'number')
        from.set(bidder, ack.details.currentPrice);
      if (ack?.status === 'rejected' && ack.code === 'auction.not_running') return;
    }
  });
  return { stop: () => ((stopped = true), Promise.all(loops)), done: Promise.all(loops) };
}

it('a running auction survives a restart: no acknowledged bid lost, closed once on time, the close reaches the watchers', async () => {
  const participants = suppliers(3);
  const first = await start();
  const watching = await start();
  const startsAt = new Date(Date.now() + 1_500).toISOString();
  const { auctionId, endsAt } = await scheduleAuction(first, participants, { startsAt, durationSeconds: 12 });
  const watcher = await connect(watching);
  await watcher.join(auctionId);
  await new Promise((running) => setTimeout(running, Date.parse(startsAt) - Date.now() + 50));

  const acks: BidAccepted[] = [];
  const prices = new Map<AuctionClient, number>();
  const onFirst = await Promise.all(
    participants.map((p) => connect(first, tokenFor(first, systemClock, 'supplier', { supplierId: p.bidderId }))),
  );
  const beforeRestart = bidding(onFirst, auctionId, acks, prices);
  await eventually('some bids are accepted', () => acks.length >= 30);
  await first.close(); // bids in flight die with it: their outcome is whatever the log says
  world.apis.splice(world.apis.indexOf(first), 1);
  await beforeRestart.done;
  const acceptedBeforeRestart = acks.length;

  const restarted = await start();
  const lateWatcher = await connect(restarted);
  const resumedFrom = watcher.lastSequence!;
  await lateWatcher.join(auctionId, resumedFrom);
  const onRestarted = await Promise.all(
    participants.map((p) =>
      connect(restarted, tokenFor(restarted, systemClock, 'supplier', { supplierId: p.bidderId })),
    ),
  );
  onRestarted.forEach((bidder, i) => prices.set(bidder, prices.get(onFirst[i]) ?? OPENING_PRICE));
  const afterRestart = bidding(onRestarted, auctionId, acks, prices);
  await eventually('more bids are accepted after the restart', () => acks.length >= acceptedBeforeRestart + 10);
  await afterRestart.stop();

  await eventually(
    'the close reaches both watchers',
    () => [watcher, lateWatcher].every((w) => w.messages.at(-1)?.event === 'auction.closed'),
    30_000,
  );
  const closed = watcher.messages.at(-1) as AuctionClosedMessage;
  expect(closed.data.endsAt).toBe(endsAt);
  expect(Date.parse(closed.data.closedAt) - Date.parse(endsAt)).toBeGreaterThanOrEqual(0);
  expect(Date.parse(closed.data.closedAt) - Date.parse(endsAt)).toBeLessThan(2_000);

  const stream = await restarted.app.get<EventStore>(EVENT_STORE).readStream(auctionStream(auctionId));
  expect(stream.filter((event) => event.type === 'AuctionClosed')).toHaveLength(1);
  const recorded = new Map(
    stream
      .filter((event) => event.type === 'BidPlaced')
      .map((event) => [Number(event.streamRevision), event.data as { amount: number }]),
  );
  for (const ack of acks) expect(recorded.get(ack.sequence)?.amount).toBe(ack.amount);
  expect(watcher.sequences).toEqual(stream.slice(1).map((event) => Number(event.streamRevision)));
  expect(lateWatcher.sequences).toEqual(watcher.sequences.filter((sequence) => sequence > resumedFrom));
  // Each ends at or below its last acknowledged price (a bid cut off with the first instance may have been recorded).
  participants.forEach((participant, i) => {
    const line = closed.data.ranking.find((rank) => rank.bidderId === participant.bidderId)!;
    expect(line.finalPrice).toBeLessThanOrEqual(prices.get(onRestarted[i])!);
  });
  expect(closed.data.ranking.map((rank) => rank.finalPrice)).toEqual(
    [...closed.data.ranking.map((rank) => rank.finalPrice)].sort((a, b) => a - b),
  );
}, 120_000);
