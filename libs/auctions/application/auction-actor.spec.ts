import { EventStoreUnavailable } from '@licita/event-store/event-store.errors';
import { time } from '../domain/auction.scenarios';
import type { BidAccepted, BidAck } from './auction-actor';
import { CountingStore, FaultyStore } from '../testing/auction.fixtures';
import { useInstance, Instance, manyParticipants, OPENING_PRICE, STEP, streamOf } from '../testing/auction.fixtures';

const world = useInstance('auction_actor');

const bidsIn = async (auctionId: string) =>
  (await streamOf(world.instance.store, auctionId)).filter((e) => e.type === 'BidPlaced');

describe('a bid through the auction actor', () => {
  it('is acknowledged as accepted with its sequence once its event is in the stream', async () => {
    const auctionId = await world.instance.runningAuction();
    const ack = await world.instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'bid-1', {
      actor: 'account-ana',
      correlationId: 'corr-1',
    });

    expect(ack).toEqual({
      status: 'accepted',
      auctionId,
      clientBidId: 'bid-1',
      sequence: 1,
      amount: OPENING_PRICE - STEP,
      placedAt: time('16:01'),
      abnormallyLow: false,
    });
    const [stored] = await bidsIn(auctionId);
    expect(stored).toMatchObject({
      streamRevision: 1n,
      data: { sequence: 1, bidderId: 'supplier-1', clientBidId: 'bid-1' },
    });
    expect(stored.metadata).toEqual({
      actor: 'account-ana',
      correlationId: 'corr-1',
      causationId: 'corr-1',
      occurredAt: time('16:01'),
    });
  });

  it('is answered with the reason when refused, and nothing is recorded', async () => {
    const auctionId = await world.instance.runningAuction();
    const ack = await world.instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - 1, 'bid-1');

    expect(ack).toMatchObject({
      status: 'rejected',
      clientBidId: 'bid-1',
      code: 'bid.step_too_small',
      details: { minimumStep: STEP },
    });
    expect(await bidsIn(auctionId)).toEqual([]);
  });

  it('is refused after the end even though the close has not been recorded', async () => {
    const auctionId = await world.instance.runningAuction(manyParticipants(3), time('16:10'));
    const ack = await world.instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'late');

    expect(ack).toMatchObject({ status: 'rejected', code: 'auction.not_running' });
    expect((await streamOf(world.instance.store, auctionId)).map((e) => e.type)).toEqual(['AuctionScheduled']);
  });

  it('records an anti-sniping extension in the same append, caused by the bid', async () => {
    const auctionId = await world.instance.runningAuction(manyParticipants(3), time('16:09:30'));
    await world.instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'sniper', {
      actor: 'account-ana',
    });

    const [, bid, extension] = await streamOf(world.instance.store, auctionId);
    expect(extension).toMatchObject({
      type: 'AuctionExtended',
      streamRevision: 2n,
      data: { sequence: 2, endsAt: time('16:12'), triggeredBySequence: 1 },
    });
    expect(extension.metadata).toMatchObject({
      actor: 'system',
      causationId: bid.id,
      correlationId: bid.metadata.correlationId,
      reason: 'anti_sniping',
    });
  });
});

describe('a repeated clientBidId', () => {
  it('gets the original acknowledgement and records nothing more, even with another amount', async () => {
    const auctionId = await world.instance.runningAuction();
    const first = await world.instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'retry-me');
    const again = await world.instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - 5 * STEP, 'retry-me');

    expect(again).toEqual(first);
    expect(await bidsIn(auctionId)).toHaveLength(1);
  });

  it('gets the original refusal, even once the bid would be accepted', async () => {
    const auctionId = await world.instance.runningAuction(manyParticipants(3), time('15:59'));
    const early = await world.instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'too-early');
    world.instance.clock.set(time('16:01'));

    expect(await world.instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'too-early')).toEqual(
      early,
    );
    expect(early).toMatchObject({ code: 'auction.not_running' });
  });

  it('is the same bid only for the same bidder', async () => {
    const auctionId = await world.instance.runningAuction();
    const [one, two] = await Promise.all([
      world.instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'same-id'),
      world.instance.service.placeBid(auctionId, 'supplier-2', OPENING_PRICE - STEP, 'same-id'),
    ]);
    expect([one.status, two.status]).toEqual(['accepted', 'accepted']);
  });

  it('is recognised by a new actor (after a restart) from the stream', async () => {
    const auctionId = await world.instance.runningAuction();
    const first = await world.instance.service.placeBid(
      auctionId,
      'supplier-1',
      OPENING_PRICE - STEP,
      'before-restart',
    );
    const restarted = await Instance.start(world.database.url, { clock: world.instance.clock });
    try {
      expect(await restarted.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'before-restart')).toEqual(
        first,
      );
      expect(await bidsIn(auctionId)).toHaveLength(1);
    } finally {
      await restarted.stop();
    }
  });
});

describe('a burst of concurrent bids on one auction', () => {
  const bidders = 20;
  const bidsEach = 25;

  it('is totally ordered: every accepted acknowledgement is in the stream, nothing else is, and batches share appends', async () => {
    const counting = await Instance.start(world.database.url, { wrap: (store) => new CountingStore(store) });
    try {
      const auctionId = await counting.runningAuction(manyParticipants(bidders));
      const sent: Array<{ bidderId: string; amount: number; clientBidId: string; ack: Promise<BidAck> }> = [];
      const send = (bidderId: string, amount: number, clientBidId: string) =>
        sent.push({
          bidderId,
          amount,
          clientBidId,
          ack: counting.service.placeBid(auctionId, bidderId, amount, clientBidId),
        });
      // Each client sends its bids, lower and lower, without waiting; the clients interleave.
      for (let k = 1; k <= bidsEach; k++) {
        for (let b = 1; b <= bidders; b++) {
          if (k === 5) send(`supplier-${b}`, OPENING_PRICE - k * STEP + 1, `s${b}-too-small`); // 1 centavo short of a step below k = 4
          send(`supplier-${b}`, OPENING_PRICE - k * STEP, `s${b}-k${k}`);
          if (k === 10) send(`supplier-${b}`, OPENING_PRICE - 3 * STEP, `s${b}-k3`); // a retry of an earlier bid
        }
      }
      const acks = await Promise.all(sent.map((s) => s.ack));

      const accepted = acks.filter((a): a is BidAccepted => a.status === 'accepted');
      const stored = (await streamOf(counting.store, auctionId)).filter((e) => e.type === 'BidPlaced');
      // No lost and no phantom bid: the stream holds exactly the accepted bids, at the acknowledged sequences.
      const uniqueAccepted = new Map(accepted.map((a) => [`${a.sequence}`, a]));
      expect(stored.map((e) => [e.data.sequence, e.data.clientBidId, e.data.amount])).toEqual(
        [...uniqueAccepted.values()]
          .sort((a, b) => a.sequence - b.sequence)
          .map((a) => [a.sequence, a.clientBidId, a.amount]),
      );
      expect(stored.every((e) => BigInt(e.data.sequence as number) === e.streamRevision)).toBe(true);
      expect(uniqueAccepted.size).toBe(bidders * bidsEach);
      expect(stored.map((e) => e.data.sequence)).toEqual(Array.from({ length: bidders * bidsEach }, (_, i) => i + 1));
      // The refused bids got their reason; the retries got the original acknowledgement.
      const answered = sent.map((s, i) => ({ ...s, result: acks[i] }));
      const tooSmall = answered.filter((s) => s.clientBidId.endsWith('too-small'));
      expect(tooSmall.map((s) => s.result)).toEqual(
        Array.from({ length: bidders }, () =>
          expect.objectContaining({ status: 'rejected', code: 'bid.step_too_small' }),
        ),
      );
      for (let b = 1; b <= bidders; b++) {
        const [original, retry] = answered.filter((s) => s.clientBidId === `s${b}-k3`);
        expect(retry.result).toEqual(original.result);
      }
      // Everything that arrived together went in one append.
      expect((counting.store as CountingStore).appends).toBeLessThan((bidders * bidsEach) / 5);
    } finally {
      await counting.stop();
    }
  });

  it('closes with the ranking the acknowledgements imply: lowest price, then earliest bid', async () => {
    const auctionId = await world.instance.runningAuction(manyParticipants(bidders));
    const sent = Array.from({ length: bidders * 3 }, (_, i) => {
      const b = (i % bidders) + 1;
      const amount = OPENING_PRICE - (((i * 7919) % 13) + 1) * STEP; // many equal prices
      return {
        bidderId: `supplier-${b}`,
        ack: world.instance.service.placeBid(auctionId, `supplier-${b}`, amount, `c-${i}`),
      };
    });
    const acks = await Promise.all(sent.map((s) => s.ack));
    const last = new Map<string, BidAccepted>();
    acks.forEach((ack, i) => ack.status === 'accepted' && last.set(sent[i].bidderId, ack));
    const expected = manyParticipants(bidders)
      .map((p, order) => ({
        bidderId: p.bidderId,
        price: last.get(p.bidderId)?.amount ?? OPENING_PRICE,
        sequence: last.get(p.bidderId)?.sequence ?? 0,
        order,
      }))
      .sort((a, b) => a.price - b.price || a.sequence - b.sequence || a.order - b.order);

    world.instance.clock.set(time('16:10'));
    const closed = await world.instance.service.closeAuction(auctionId);
    expect(closed.data.ranking.map((r) => [r.bidderId, r.finalPrice])).toEqual(
      expected.map((e) => [e.bidderId, e.price]),
    );
    // Prices are whole steps apart, so a refused bid is one that was not below the bidder's price by then.
    const refused = acks.filter((a) => a.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((a) => (a as { code: string }).code))).toEqual(new Set(['bid.not_lower']));
  });
});

describe('when the event store fails', () => {
  it('answers accepted when the append committed but its answer was lost, and records the bid once', async () => {
    const faulty = await Instance.start(world.database.url, {
      wrap: (store) => new FaultyStore(store, () => new EventStoreUnavailable('connection lost')),
    });
    try {
      const auctionId = await faulty.runningAuction();
      (faulty.store as FaultyStore).failures.push('commitThenFail');
      const ack = await faulty.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'lost-answer');

      expect(ack).toMatchObject({ status: 'accepted', sequence: 1 });
      expect(await bidsIn(auctionId)).toHaveLength(1);
    } finally {
      await faulty.stop();
    }
  });

  it('fails the request (outcome unknown to the client) when it cannot append, and records nothing', async () => {
    const faulty = await Instance.start(world.database.url, {
      options: { maxAttempts: 3 },
      wrap: (store) => new FaultyStore(store, () => new EventStoreUnavailable('down')),
    });
    try {
      const auctionId = await faulty.runningAuction();
      (faulty.store as FaultyStore).failures.push('failBefore', 'failBefore', 'failBefore');

      await expect(
        faulty.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'down'),
      ).rejects.toBeInstanceOf(EventStoreUnavailable);
      expect(await bidsIn(auctionId)).toEqual([]);
      // The store is back: the retry with the same clientBidId is decided afresh.
      expect(await faulty.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'down')).toMatchObject({
        status: 'accepted',
        sequence: 1,
      });
    } finally {
      await faulty.stop();
    }
  });
});

describe('a bid with an admission (a check begun when it arrived, such as its session)', () => {
  /** A promise the test settles, and whether it has been. */
  function gate() {
    let open!: () => void;
    let refuse!: (error: Error) => void;
    const admission = new Promise<void>((resolve, reject) => {
      open = resolve;
      refuse = reject;
    });
    return { admission, open, refuse };
  }
  const settled = async <T>(promise: Promise<T>) => {
    let done = false;
    void promise.then(
      () => (done = true),
      () => (done = true),
    );
    await new Promise((resume) => setTimeout(resume, 50));
    return done;
  };

  it('is not decided nor written before its admission passes, and the bids behind it keep their order', async () => {
    const auctionId = await world.instance.runningAuction();
    const first = gate();
    const held = world.instance.service.placeBid(
      auctionId,
      'supplier-1',
      OPENING_PRICE - STEP,
      'held',
      {},
      first.admission,
    );
    const behind = world.instance.service.placeBid(auctionId, 'supplier-2', OPENING_PRICE - 2 * STEP, 'behind');

    expect(await settled(behind)).toBe(false);
    expect(await bidsIn(auctionId)).toEqual([]);
    first.open();
    expect(await held).toMatchObject({ status: 'accepted', sequence: 1 });
    expect(await behind).toMatchObject({ status: 'accepted', sequence: 2 });
  });

  it('is refused with the admission’s error when it fails, nothing of it is recorded, and the others go on', async () => {
    const auctionId = await world.instance.runningAuction();
    const ended = gate();
    const refused = world.instance.service.placeBid(
      auctionId,
      'supplier-1',
      OPENING_PRICE - STEP,
      'ended',
      {},
      ended.admission,
    );
    const other = world.instance.service.placeBid(
      auctionId,
      'supplier-2',
      OPENING_PRICE - STEP,
      'other',
      {},
      Promise.resolve(),
    );
    ended.refuse(new Error('session ended'));

    await expect(refused).rejects.toThrow('session ended');
    expect(await other).toMatchObject({ status: 'accepted', sequence: 1 });
    expect((await bidsIn(auctionId)).map((e) => e.data.clientBidId)).toEqual(['other']);
    // Refused before it was decided: the same clientBidId is a new bid once the bidder may bid again.
    expect(
      await world.instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - 2 * STEP, 'ended'),
    ).toMatchObject({ status: 'accepted', sequence: 2 });
  });
});
