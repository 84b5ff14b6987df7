import { randomUUID } from 'node:crypto';
import { AuctionClosingScheduler } from '@licita/auctions/application/auction-closing.scheduler';
import { closedAuctionsOfTender } from '@licita/auctions/testing/auction.fixtures';
import type { BidAccepted } from '@licita/auctions/application/auction-actor';
import type {
  AuctionClosedMessage,
  AuctionExtendedMessage,
  BidAcceptedMessage,
} from '@licita/auctions/application/auction.messages';
import type { AuctionSnapshot } from '@licita/auctions/domain/auction.snapshot';
import { EVENT_STORE } from '@licita/event-store/event-store.port';
import {
  AuctionClient,
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

const world = new AuctionWorld('auctions_live');
const { clock } = world;
beforeAll(() => world.start());
afterEach(() => world.disconnect());
afterAll(() => world.close());

const connect = (token?: string) => world.connect(world.api, token);
const supplier = (supplierId: string) => connect(tokenFor(world.api, clock, 'supplier', { supplierId }));
const buyerToken = () => tokenFor(world.api, clock, 'buyer', { buyingUnitId: 'unit-1' });

/** Scheduled to start in a minute; the clock then moves one minute on: it is running. */
async function runningAuction(
  participants = suppliers(3),
  overrides: Parameters<typeof scheduleAuction>[2] = {},
): Promise<AuctionSnapshot> {
  const startsAt = new Date(clock.now().getTime() + 60_000).toISOString();
  const scheduled = await scheduleAuction(world.api, participants, { startsAt, ...overrides });
  clock.advance(61_000);
  return scheduled;
}

const accepted = (acks: unknown[]) =>
  acks.filter((ack): ack is BidAccepted => (ack as BidAccepted).status === 'accepted');

describe('joining', () => {
  it('gives the snapshot: phase, server time, end, last sequence and the ranking by anonymous labels', async () => {
    const { auctionId, startsAt } = await runningAuction();
    const watcher = await connect();

    const snapshot = await watcher.join(auctionId);

    expect(snapshot).toMatchObject({
      auctionId,
      phase: 'running',
      serverTime: clock.now().toISOString(),
      lastSequence: 0,
      bidCount: 0,
      you: null,
      result: null,
    });
    expect(snapshot.endsAt).toBe(new Date(Date.parse(startsAt) + 600_000).toISOString());
    expect(snapshot.ranking.map((line) => line.label).sort()).toEqual([
      'Participant 1',
      'Participant 2',
      'Participant 3',
    ]);
    expect(snapshot.ranking.every((line) => line.name === undefined && line.amount === OPENING_PRICE)).toBe(true);
  });

  it('refuses an unknown auction and a sequence the auction never had', async () => {
    const { auctionId } = await runningAuction();
    const watcher = await connect();

    expect(await watcher.tryJoin(randomUUID())).toMatchObject({ status: 'error', code: 'auction.not_found' });
    expect(await watcher.tryJoin(auctionId, 5)).toMatchObject({ status: 'error', code: 'auction.invalid_sequence' });
    expect(await watcher.tryJoin(auctionId, -1)).toMatchObject({ status: 'error', code: 'auction.invalid_sequence' });
  });

  it('refuses a handshake with a bad token, and lets the anonymous public in', async () => {
    await expect(AuctionClient.connect(world.api, 'not-a-token')).rejects.toMatchObject({
      data: { code: 'auth.invalid_token' },
    });
    expect((await connect()).socket.connected).toBe(true);
  });
});

describe('anonymity', () => {
  it('shows the public and the buyer labels only, and a supplier its own name and rank, updated on its own socket', async () => {
    const { auctionId } = await runningAuction(suppliers(3));
    const [first, second] = [await supplier('supplier-1'), await supplier('supplier-2')];
    const [publicWatcher, buyer] = [await connect(), await connect(buyerToken())];
    const firstView = await first.join(auctionId);
    const secondView = await second.join(auctionId);
    const buyerView = await buyer.join(auctionId);
    await publicWatcher.join(auctionId);

    expect(firstView.you).toMatchObject({
      name: 'Proveedora 1, S.A. de C.V.',
      rank: 1,
      amount: OPENING_PRICE,
      highestAcceptableBid: OPENING_PRICE - STEP,
    });
    expect(firstView.ranking.filter((line) => line.name !== undefined)).toEqual([
      expect.objectContaining({ name: 'Proveedora 1, S.A. de C.V.', you: true }),
    ]);
    // All three at the same unchanged opening price: they share rank 1 until the close (the tie-break is the
    // submission order, which the opening act publishes by name).
    expect(secondView.you).toMatchObject({ name: 'Proveedora 2, S.A. de C.V.', rank: 1 });
    expect(buyerView.you).toBeNull();
    expect(JSON.stringify(buyerView)).not.toMatch(/Proveedora|supplier-/);

    expect(await second.bid(auctionId, OPENING_PRICE - 10 * STEP)).toMatchObject({ status: 'accepted', sequence: 1 });

    for (const watcher of [first, second, publicWatcher, buyer]) await watcher.untilSequence(1);
    const message = buyer.messages[0] as BidAcceptedMessage;
    expect(message).toMatchObject({
      event: 'bid.accepted',
      sequence: 1,
      data: { label: secondView.you!.label, amount: OPENING_PRICE - 10 * STEP },
    });
    expect(JSON.stringify(publicWatcher.messages)).not.toMatch(/Proveedora|supplier-/);
    await eventually(
      'both suppliers learn their new rank',
      () => first.positions.length > 0 && second.positions.length > 0,
    );
    expect(second.positions.at(-1)).toMatchObject({
      auctionId,
      asOfSequence: 1,
      rank: 1,
      name: 'Proveedora 2, S.A. de C.V.',
      amount: OPENING_PRICE - 10 * STEP,
    });
    expect(first.positions.at(-1)).toMatchObject({ asOfSequence: 1, rank: 2, name: 'Proveedora 1, S.A. de C.V.' });
    expect(buyer.positions).toEqual([]);
    expect(publicWatcher.positions).toEqual([]);
  });
});

describe('bidding over the socket', () => {
  it('answers refused bids with their reason code, and records none of them', async () => {
    const { auctionId } = await runningAuction(suppliers(3));
    // A verified supplier of the register that is not among this auction's participants.
    await registerVerifiedSuppliers(world.api, [
      { bidderId: 'supplier-99', name: 'Ajena, S.A. de C.V.', openingPrice: OPENING_PRICE },
    ]);
    const [member, outsider, anonymous, buyer] = [
      await supplier('supplier-1'),
      await supplier('supplier-99'),
      await connect(),
      await connect(buyerToken()),
    ];

    expect(await anonymous.bid(auctionId, OPENING_PRICE - STEP)).toMatchObject({
      status: 'rejected',
      code: 'auth.unauthenticated',
    });
    expect(await buyer.bid(auctionId, OPENING_PRICE - STEP)).toMatchObject({
      status: 'rejected',
      code: 'auth.forbidden',
    });
    expect(await outsider.bid(auctionId, OPENING_PRICE - STEP)).toMatchObject({
      status: 'rejected',
      code: 'auction.not_participant',
    });
    expect(await member.bid(auctionId, OPENING_PRICE)).toMatchObject({ status: 'rejected', code: 'bid.not_lower' });
    expect(await member.bid(auctionId, OPENING_PRICE - 50)).toMatchObject({
      status: 'rejected',
      code: 'bid.step_too_small',
      details: { currentPrice: OPENING_PRICE, minimumStep: STEP, highestAcceptable: OPENING_PRICE - STEP },
    });
    expect(await member.bid(auctionId, 12.5)).toMatchObject({ status: 'rejected', code: 'bid.invalid_amount' });
    expect(await member.bid(randomUUID(), OPENING_PRICE - STEP)).toMatchObject({
      status: 'rejected',
      code: 'auction.not_found',
    });

    expect((await http(world.api, 'GET', `/api/auctions/${auctionId}/bids?after=0`)).body.messages).toEqual([]);
  });

  it('refuses bids before the start', async () => {
    const later = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const { auctionId } = await scheduleAuction(world.api, suppliers(2), { startsAt: later });
    const member = await supplier('supplier-1');

    expect(await member.bid(auctionId, OPENING_PRICE - STEP)).toMatchObject({
      status: 'rejected',
      code: 'auction.not_running',
      details: { phase: 'scheduled' },
    });
  });

  it('gives a retried clientBidId its first acknowledgement, and records the bid once', async () => {
    const { auctionId } = await runningAuction(suppliers(2));
    const member = await supplier('supplier-1');

    const first = await member.bid(auctionId, OPENING_PRICE - 5 * STEP, 'bid-0001');
    const retry = await member.bid(auctionId, OPENING_PRICE - 5 * STEP, 'bid-0001');

    expect(first).toMatchObject({ status: 'accepted', sequence: 1 });
    expect(retry).toEqual(first);
    expect((await http(world.api, 'GET', `/api/auctions/${auctionId}`)).body.bidCount).toBe(1);
  });

  it('orders a burst from 20 suppliers × 10 bids: every watcher sees every accepted bid once, in sequence order, and the ranking follows the acks', async () => {
    const participants = suppliers(20);
    const { auctionId } = await runningAuction(participants);
    const bidders = await Promise.all(participants.map((p) => supplier(p.bidderId)));
    const watchers = [await connect(), await connect(buyerToken())];
    const views = await Promise.all(bidders.map((bidder) => bidder.join(auctionId)));
    await Promise.all(watchers.map((watcher) => watcher.join(auctionId)));

    const acks = await Promise.all(
      bidders.map((bidder) =>
        Promise.all(range(1, 10).map((k) => bidder.bid(auctionId, OPENING_PRICE - k * 7 * STEP))),
      ),
    );

    const all = accepted(acks.flat());
    expect(all).toHaveLength(200);
    expect(all.map((ack) => ack.sequence).sort((a, b) => a - b)).toEqual(range(1, 200));
    for (const own of acks)
      expect(accepted(own).map((ack) => ack.sequence)).toEqual(
        [...accepted(own).map((ack) => ack.sequence)].sort((a, b) => a - b),
      );

    const labelBySequence = new Map(
      acks.flatMap((own, i) => accepted(own).map((ack) => [ack.sequence, views[i].you!.label] as const)),
    );
    const amountBySequence = new Map(all.map((ack) => [ack.sequence, ack.amount]));
    for (const watcher of [...watchers, ...bidders]) {
      await watcher.untilSequence(200);
      expect(watcher.sequences).toEqual(range(1, 200));
      for (const message of watcher.messages as BidAcceptedMessage[]) {
        expect([message.data.label, message.data.amount]).toEqual([
          labelBySequence.get(message.sequence),
          amountBySequence.get(message.sequence),
        ]);
      }
    }

    // Everyone ends at the same price: the earlier last bid ranks first.
    const lastBids = acks
      .map((own, i) => ({ label: views[i].you!.label, last: accepted(own).at(-1)! }))
      .sort((a, b) => a.last.amount - b.last.amount || a.last.sequence - b.last.sequence);
    const { body: final } = await http(world.api, 'GET', `/api/auctions/${auctionId}`);
    expect(final.ranking.map((line: { label: string; amount: number }) => [line.label, line.amount])).toEqual(
      lastBids.map((bid) => [bid.label, bid.last.amount]),
    );
    await eventually('every supplier has its final rank', () =>
      bidders.every(
        (bidder, i) =>
          bidder.positions.at(-1)?.rank === lastBids.findIndex((bid) => bid.label === views[i].you!.label) + 1,
      ),
    );
  });
});

describe('resuming', () => {
  it('gives a watcher that reconnects mid-burst with its last sequence every bid it missed, then the live ones: none missing, none twice', async () => {
    const participants = suppliers(10);
    const { auctionId } = await runningAuction(participants);
    const bidders = await Promise.all(participants.map((p) => supplier(p.bidderId)));
    const first = await connect();
    await first.join(auctionId);

    let acked = 0;
    const burst = Promise.all(
      bidders.map(async (bidder) => {
        for (const k of range(1, 20)) {
          await bidder.bid(auctionId, OPENING_PRICE - k * STEP);
          acked++;
        }
      }),
    );
    await first.untilSequence(30);
    first.close();
    await eventually('more bids were accepted while it was away', () => acked >= 100);
    const resumed = await connect();
    const snapshot = await resumed.join(auctionId, first.lastSequence);
    await burst;

    expect(snapshot.lastSequence).toBeGreaterThan(first.lastSequence!);
    await resumed.untilSequence(200);
    expect([...first.sequences, ...resumed.sequences]).toEqual(range(1, 200));
    expect(resumed.sequences[0]).toBe(first.lastSequence! + 1);
  });

  it('joining again on the same socket resumes from the sequence given', async () => {
    const { auctionId } = await runningAuction(suppliers(2));
    const member = await supplier('supplier-1');
    const watcher = await connect();
    await watcher.join(auctionId);
    for (const k of range(1, 5)) await member.bid(auctionId, OPENING_PRICE - k * STEP);
    await watcher.untilSequence(5);

    await watcher.join(auctionId, 2);
    await member.bid(auctionId, OPENING_PRICE - 6 * STEP);

    await watcher.untilSequence(6);
    expect(watcher.sequences).toEqual([1, 2, 3, 4, 5, 3, 4, 5, 6]);
  });
});

describe('the end', () => {
  it('extends on a late bid and broadcasts the close, with names and savings, when the clock reaches the end', async () => {
    const tenderId = `ocds-licita-${randomUUID()}`;
    const { auctionId } = await runningAuction(suppliers(3), {
      tenderId,
      antiSniping: {
        windowSeconds: 60,
        extensionSeconds: 120,
        maximumEndsAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
      },
    });
    const { body: before } = await http(world.api, 'GET', `/api/auctions/${auctionId}`);
    const [member, watcher] = [await supplier('supplier-2'), await connect()];
    await watcher.join(auctionId);

    clock.set(new Date(Date.parse(before.endsAt) - 30_000));
    expect(await member.bid(auctionId, OPENING_PRICE - 100 * STEP)).toMatchObject({ status: 'accepted', sequence: 1 });
    await watcher.untilSequence(2);
    const extended = watcher.messages[1] as AuctionExtendedMessage;
    expect(extended).toMatchObject({
      event: 'auction.extended',
      sequence: 2,
      data: { previousEndsAt: before.endsAt, triggeredBySequence: 1 },
    });

    clock.set(extended.data.endsAt);
    await world.api.app.get(AuctionClosingScheduler).closeDue(); // what its timer does at the end
    await watcher.untilSequence(3);

    const closed = watcher.messages[2] as AuctionClosedMessage;
    expect(closed).toMatchObject({
      event: 'auction.closed',
      data: { endsAt: extended.data.endsAt, closedAt: extended.data.endsAt, finalPrice: OPENING_PRICE - 100 * STEP },
    });
    expect(closed.data.ranking[0]).toMatchObject({
      rank: 1,
      bidderId: 'supplier-2',
      name: 'Proveedora 2, S.A. de C.V.',
    });
    expect(closed.data.savings).toEqual({ amount: 100 * STEP, basisPoints: 1 });
    expect(await member.bid(auctionId, OPENING_PRICE - 200 * STEP)).toMatchObject({
      status: 'rejected',
      code: 'auction.not_running',
    });
    const { body: after } = await http(world.api, 'GET', `/api/auctions/${auctionId}`);
    expect(after).toMatchObject({
      phase: 'closed',
      lastSequence: 3,
      result: { finalPrice: OPENING_PRICE - 100 * STEP },
    });
    expect(after.ranking.every((line: { name?: string }) => typeof line.name === 'string')).toBe(true);
    // What the tender's award step takes as its auction result (AwardTender.auctionResults).
    expect(await closedAuctionsOfTender(world.api.app.get(EVENT_STORE), tenderId)).toEqual([
      {
        lotId: 'lot-1',
        auctionId,
        ranking: closed.data.ranking.map((line) => ({ supplierId: line.bidderId, amount: line.finalPrice })),
      },
    ]);
  });
});

describe('REST mirrors', () => {
  it('serves the snapshot with the viewer from the token, and the messages after a sequence', async () => {
    const { auctionId } = await runningAuction(suppliers(3));
    const member = await supplier('supplier-3');
    for (const k of range(1, 3)) await member.bid(auctionId, OPENING_PRICE - k * STEP);

    const asPublic = await http(world.api, 'GET', `/api/auctions/${auctionId}`);
    const asSupplier = await http(world.api, 'GET', `/api/auctions/${auctionId}`, {
      token: tokenFor(world.api, clock, 'supplier', { supplierId: 'supplier-3' }),
    });
    const after = await http(world.api, 'GET', `/api/auctions/${auctionId}/bids?after=1`);

    expect(asPublic).toMatchObject({ status: 200, body: { lastSequence: 3, you: null } });
    expect(asSupplier.body.you).toMatchObject({
      rank: 1,
      name: 'Proveedora 3, S.A. de C.V.',
      amount: OPENING_PRICE - 3 * STEP,
    });
    expect(after.body).toMatchObject({ auctionId, after: 1 });
    expect(
      after.body.messages.map((message: BidAcceptedMessage) => [message.event, message.sequence, message.data.amount]),
    ).toEqual([
      ['bid.accepted', 2, OPENING_PRICE - 2 * STEP],
      ['bid.accepted', 3, OPENING_PRICE - 3 * STEP],
    ]);
    expect(JSON.stringify(after.body)).not.toContain('supplier-3');
  });

  it('answers with problem+json: unknown auction 404, bad sequence 400, scheduling by a non-buyer 401/403, an unknown tender 404', async () => {
    const unknown = await http(world.api, 'GET', `/api/auctions/${randomUUID()}`);
    const unknownBids = await http(world.api, 'GET', `/api/auctions/${randomUUID()}/bids?after=0`);
    const badAfter = await http(world.api, 'GET', `/api/auctions/${randomUUID()}/bids?after=-3`);
    const route = `/api/tenders/${randomUUID()}/lots/lot-1/auction`;
    const settings = {
      startsAt: new Date(clock.now().getTime() + 60_000).toISOString(),
      durationSeconds: 600,
      minimumDecrement: { kind: 'absolute', amount: STEP },
    };
    const bySupplier = await http(world.api, 'POST', route, {
      token: tokenFor(world.api, clock, 'supplier', { supplierId: 'supplier-1' }),
      body: settings,
    });
    const anonymous = await http(world.api, 'POST', route, { body: settings });
    const unknownTender = await http(world.api, 'POST', route, { token: buyerToken(), body: settings });
    const badSettings = await http(world.api, 'POST', route, {
      token: buyerToken(),
      body: { ...settings, minimumDecrement: { kind: 'absolute' } },
    });

    expect(unknown).toMatchObject({
      status: 404,
      contentType: expect.stringContaining('application/problem+json'),
      body: { code: 'auction.not_found' },
    });
    expect(unknownBids).toMatchObject({ status: 404, body: { code: 'auction.not_found' } });
    expect(badAfter).toMatchObject({ status: 400, body: { code: 'request.invalid' } });
    expect(bySupplier).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'auth.unauthenticated' } });
    expect(unknownTender).toMatchObject({ status: 404, body: { code: 'tender.not_found' } });
    expect(badSettings).toMatchObject({
      status: 400,
      body: { code: 'request.invalid', errors: [expect.objectContaining({ field: 'minimumDecrement.amount' })] },
    });
  });

  it('documents the auction endpoints in OpenAPI', async () => {
    const { body } = await http(world.api, 'GET', '/docs-json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/tenders/{id}/lots/{lotId}/auction',
        '/api/auctions/{id}',
        '/api/auctions/{id}/bids',
        '/api/auctions/{id}/watchers',
      ]),
    );
  });
});
