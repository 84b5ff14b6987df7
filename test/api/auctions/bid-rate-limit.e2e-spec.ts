import { randomUUID } from 'node:crypto';
import type { BidAccepted, BidAck } from '@licita/auctions/application/auction-actor';
import type { ErrorReply } from '@licita/auctions/http/auctions.gateway';
import { AuctionWorld, OPENING_PRICE, range, scheduleAuction, STEP, suppliers, tokenFor } from './auction-clients';

/** 5 bids a second, 10 at once, per supplier and auction; the clock moves only when the test moves it. */
const PER_SECOND = 5;
const BURST = 10;

const world = new AuctionWorld('auctions_bid_rate');
const { clock } = world;
beforeAll(() =>
  world.start({ env: { RATE_LIMIT_BIDS_PER_SECOND: String(PER_SECOND), RATE_LIMIT_BID_BURST: String(BURST) } }),
);
afterAll(() => world.close());

const supplier = (supplierId: string) =>
  world.connect(world.api, tokenFor(world.api, clock, 'supplier', { supplierId }));

async function runningAuction(): Promise<string> {
  const startsAt = new Date(clock.now().getTime() + 60_000).toISOString();
  const { auctionId } = await scheduleAuction(world.api, suppliers(3), { startsAt });
  clock.advance(61_000);
  return auctionId;
}

type Reply = BidAck | ErrorReply;
const codes = (replies: Reply[]) => replies.map((reply) => (reply.status === 'accepted' ? 'accepted' : reply.code));
const sequences = (replies: Reply[]) =>
  replies.filter((reply): reply is BidAccepted => reply.status === 'accepted').map((reply) => reply.sequence);

describe('a supplier flooding an auction with bids', () => {
  it('gets bid.rate_limited past its burst, while another supplier bidding meanwhile has every bid accepted, in order', async () => {
    const auctionId = await runningAuction();
    const [flooder, bidder] = [await supplier('supplier-1'), await supplier('supplier-2')];

    // 200 bids sent at once, each a step lower; the other supplier bids 8 times, each after the last was answered.
    const flood = Promise.all(range(1, 200).map((k) => flooder.bid(auctionId, OPENING_PRICE - k * STEP)));
    const steady: Reply[] = [];
    for (const k of range(1, 8)) steady.push(await bidder.bid(auctionId, OPENING_PRICE - k * 10 * STEP));
    const flooded = await flood;

    expect(codes(steady)).toEqual(Array(8).fill('accepted'));
    expect(sequences(steady)).toEqual([...sequences(steady)].sort((a, b) => a - b));
    expect(codes(flooded)).toEqual([...Array(BURST).fill('accepted'), ...Array(200 - BURST).fill('bid.rate_limited')]);
    expect(flooded[BURST]).toMatchObject({
      status: 'rejected',
      code: 'bid.rate_limited',
      details: { retryAfterMs: 1000 / PER_SECOND },
    });
    // Only what was let through reached the auction: the bids of both, nothing of the refused flood.
    const { messages } = (await fetch(`${world.api.url}/api/auctions/${auctionId}/bids?after=0`).then((response) =>
      response.json(),
    )) as { messages: unknown[] };
    expect(messages).toHaveLength(BURST + 8);
  });

  it('is let through again as the bucket refills, the same clientBidId included, and not in its other auctions meanwhile', async () => {
    const [auctionId, otherAuctionId] = [await runningAuction(), await runningAuction()];
    const flooder = await supplier('supplier-1');
    await Promise.all(range(1, BURST).map((k) => flooder.bid(auctionId, OPENING_PRICE - k * STEP)));

    const refused = await flooder.bid(auctionId, OPENING_PRICE - (BURST + 1) * STEP, 'after-the-burst');
    const elsewhere = await flooder.bid(otherAuctionId, OPENING_PRICE - STEP);
    clock.advance(1000 / PER_SECOND);
    const retried = await flooder.bid(auctionId, OPENING_PRICE - (BURST + 1) * STEP, 'after-the-burst');
    const next = await flooder.bid(auctionId, OPENING_PRICE - (BURST + 2) * STEP, randomUUID());

    expect(codes([refused, elsewhere, retried, next])).toEqual([
      'bid.rate_limited',
      'accepted',
      'accepted',
      'bid.rate_limited',
    ]);
    expect(retried).toMatchObject({ clientBidId: 'after-the-burst', sequence: BURST + 1 });
  });
});
