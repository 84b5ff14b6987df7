import { DomainError } from '@licita/shared';
import { scheduleAuction, time } from '../domain/auction.scenarios';
import { toAuctionMessage } from './auction.messages';
import { useInstance, Instance, manyParticipants, OPENING_PRICE, STEP, streamOf } from '../testing/auction.fixtures';

const world = useInstance('auction_service');

/** Bids at 16:09:00 (extends to 16:12), 16:09:10 and 16:10:30, then the close at 16:12. */
async function aClosedAuctionWithAnExtension(): Promise<string> {
  const auctionId = await world.instance.runningAuction(manyParticipants(3), time('16:09'));
  await world.instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'one');
  world.instance.clock.set(time('16:09:10'));
  await world.instance.service.placeBid(auctionId, 'supplier-2', OPENING_PRICE - 2 * STEP, 'two');
  world.instance.clock.set(time('16:10:30'));
  await world.instance.service.placeBid(auctionId, 'supplier-3', OPENING_PRICE - 3 * STEP, 'three');
  world.instance.clock.set(time('16:12'));
  await world.instance.service.closeAuction(auctionId);
  return auctionId;
}

describe('bidsAfter (what a reconnecting client missed)', () => {
  it('gives the messages after a sequence, in order: bids under their labels, the extension, the close', async () => {
    const auctionId = await aClosedAuctionWithAnExtension();
    const messages = await world.instance.service.bidsAfter(auctionId, 1);

    expect(messages.map((m) => [m.sequence, m.event])).toEqual([
      [2, 'auction.extended'],
      [3, 'bid.accepted'],
      [4, 'bid.accepted'],
      [5, 'auction.closed'],
    ]);
    expect(messages[0].data).toMatchObject({
      endsAt: time('16:12'),
      previousEndsAt: time('16:10'),
      triggeredBySequence: 1,
    });
    expect(messages[1].data).toEqual({
      auctionId,
      sequence: 3,
      label: expect.stringMatching(/^Participant [1-3]$/),
      amount: OPENING_PRICE - 2 * STEP,
      placedAt: time('16:09:10'),
      abnormallyLow: false,
    });
    expect(JSON.stringify(messages.slice(0, 3))).not.toContain('supplier-');
    expect(messages[3].data).toMatchObject({
      ranking: [
        expect.objectContaining({ bidderId: 'supplier-3', name: 'Proveedora 3, S.A. de C.V.' }),
        expect.anything(),
        expect.anything(),
      ],
    });
  });

  it('are the same messages the broadcaster builds from the stream', async () => {
    const auctionId = await aClosedAuctionWithAnExtension();
    const fromStream = (await streamOf(world.instance.store, auctionId))
      .map(toAuctionMessage)
      .filter((m) => m !== null);
    expect(await world.instance.service.bidsAfter(auctionId, 0)).toEqual(fromStream);
  });

  it('gives nothing after the last sequence', async () => {
    const auctionId = await aClosedAuctionWithAnExtension();
    expect(await world.instance.service.bidsAfter(auctionId, 5)).toEqual([]);
  });

  it('refuses an unknown auction and a sequence that is not a whole number', async () => {
    await expect(world.instance.service.bidsAfter('no-such-auction', 0)).rejects.toMatchObject({
      code: 'auction.not_found',
    });
    await expect(world.instance.service.bidsAfter('any', -1)).rejects.toMatchObject({
      code: 'auction.invalid_sequence',
    });
  });
});

describe('the snapshot', () => {
  it('includes every bid recorded, also by another instance, up to its last sequence', async () => {
    const auctionId = await world.instance.runningAuction();
    await world.instance.service.snapshot(auctionId, { role: 'public' });
    const other = await Instance.start(world.database.url, { clock: world.instance.clock });
    try {
      await other.service.placeBid(auctionId, 'supplier-2', OPENING_PRICE - STEP, 'elsewhere');
    } finally {
      await other.stop();
    }

    const snapshot = await world.instance.service.snapshot(auctionId, { role: 'supplier', bidderId: 'supplier-2' });
    expect(snapshot).toMatchObject({
      phase: 'running',
      serverTime: time('16:01'),
      endsAt: time('16:10'),
      lastSequence: 1,
      bidCount: 1,
    });
    expect(snapshot.you).toMatchObject({ rank: 1, amount: OPENING_PRICE - STEP, name: 'Proveedora 2, S.A. de C.V.' });
  });

  it('refuses an unknown auction', async () => {
    await expect(world.instance.service.snapshot('no-such-auction', { role: 'public' })).rejects.toBeInstanceOf(
      DomainError,
    );
  });
});

describe('scheduling through the service', () => {
  it('records the auction with the buyer as actor, and refuses a second schedule', async () => {
    const auctionId = await world.instance.runningAuction();
    const [scheduled] = await streamOf(world.instance.store, auctionId);
    expect(scheduled).toMatchObject({
      type: 'AuctionScheduled',
      streamRevision: 0n,
      metadata: { actor: 'account-buyer', occurredAt: time('15:00') },
    });

    world.instance.clock.set(time('15:00'));
    await expect(world.instance.service.scheduleAuction(scheduleAuction({ auctionId }))).rejects.toMatchObject({
      code: 'auction.already_scheduled',
    });
  });
});

describe('eligibility (a sanctioned or suspended supplier cannot bid)', () => {
  it('refuses the bid of a supplier the register says may not take part, and records nothing', async () => {
    const ineligible = new Set(['supplier-2']);
    const checked: string[] = [];
    const guarded = await Instance.start(world.database.url, {
      options: {
        eligibility: (bidderId) => Promise.resolve((checked.push(bidderId), !ineligible.has(bidderId))),
        eligibilityTtlMs: 60_000,
      },
    });
    try {
      const auctionId = await guarded.runningAuction(manyParticipants(3));
      const refused = await guarded.service.placeBid(auctionId, 'supplier-2', OPENING_PRICE - STEP, 'sanctioned');
      const accepted = await guarded.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'fine');
      await guarded.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - 2 * STEP, 'fine-again');

      expect(refused).toMatchObject({ status: 'rejected', code: 'supplier.not_eligible' });
      expect(accepted).toMatchObject({ status: 'accepted', sequence: 1 });
      expect((await streamOf(guarded.store, auctionId)).map((e) => e.type)).toEqual([
        'AuctionScheduled',
        'BidPlaced',
        'BidPlaced',
      ]);
      // One look-up per bidder while the answer is fresh: the hot path does not read the register per bid.
      expect(checked).toEqual(['supplier-2', 'supplier-1']);
    } finally {
      await guarded.stop();
    }
  });

  it("keeps a bidder's bids in order when a fresh look-up answers before the slow one before it", async () => {
    const answers: Array<(eligible: boolean) => void> = [];
    const lookUps = [() => new Promise<boolean>((answer) => answers.push(answer)), () => Promise.resolve(true)];
    const guarded = await Instance.start(world.database.url, {
      options: { eligibility: () => lookUps.shift()!(), eligibilityTtlMs: 1_000 },
    });
    try {
      const auctionId = await guarded.runningAuction(manyParticipants(3));
      const first = guarded.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'first'); // its look-up hangs
      guarded.clock.advance(1_001);
      const second = guarded.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - 2 * STEP, 'second'); // its look-up answers at once
      await new Promise((resume) => setImmediate(resume));
      answers[0](true);

      expect([await first, await second]).toMatchObject([
        { status: 'accepted', sequence: 1 },
        { status: 'accepted', sequence: 2 },
      ]);
    } finally {
      await guarded.stop();
    }
  });

  it('asks again once the answer is older than the time to live', async () => {
    let sanctioned = false;
    const guarded = await Instance.start(world.database.url, {
      options: { eligibility: () => Promise.resolve(!sanctioned), eligibilityTtlMs: 1_000 },
    });
    try {
      const auctionId = await guarded.runningAuction(manyParticipants(3));
      expect(await guarded.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'before')).toMatchObject({
        status: 'accepted',
      });
      sanctioned = true;
      guarded.clock.advance(1_001);
      expect(await guarded.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - 2 * STEP, 'after')).toMatchObject({
        status: 'rejected',
        code: 'supplier.not_eligible',
      });
    } finally {
      await guarded.stop();
    }
  });
});
