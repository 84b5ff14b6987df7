import type { EventStore, RecordedEvent, Subscription } from '@licita/event-store';
import { ManualClock } from '@licita/shared';
import { useTestDatabase } from '../../../test/support/test-database';
import { time } from '../domain/auction.scenarios';
import { AuctionFeeds } from './auction-feeds';
import { CountingStore, Instance, manyParticipants, OPENING_PRICE, STEP } from '../testing/auction.fixtures';
import type { AuctionMessage } from './auction.messages';

const database = useTestDatabase('auction_feeds');

/** A store whose subscriptions never deliver anything: only what the actor offers reaches the feed. */
class DeafStore extends CountingStore {
  override subscribeToAll(): Subscription {
    let stop = () => undefined as void;
    const closed = new Promise<void>((resolve) => (stop = resolve));
    return {
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<RecordedEvent>> => {
          await closed;
          return { done: true, value: undefined };
        },
      }),
      close: () => Promise.resolve(stop()),
    };
  }
}

/** Feeds of one process, wired as the gateway wires them: its own appends are offered as soon as they commit. */
async function feedsOf(instance: Instance, store: EventStore) {
  const messages: AuctionMessage[] = [];
  const feeds = new AuctionFeeds(store, (_feed, message) => message && messages.push(message), { retryMs: 10 });
  instance.service.onAppended((auctionId, events) => feeds.offer(auctionId, events));
  await feeds.start();
  return { feeds, messages };
}

async function eventually(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error('timed out');
    await new Promise((resume) => setTimeout(resume, 10));
  }
}

describe('an auction feed', () => {
  it("has this process's own bids as soon as they are durable, without waiting for the subscription", async () => {
    const instance = await Instance.start(database.url);
    const deaf = new DeafStore(instance.store);
    const { feeds, messages } = await feedsOf(instance, deaf);
    try {
      const auctionId = await instance.runningAuction(manyParticipants(2));
      const feed = await feeds.watch(auctionId);

      await instance.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'one');
      await instance.service.placeBid(auctionId, 'supplier-2', OPENING_PRICE - 2 * STEP, 'two');

      expect(messages.map((m) => [m.event, m.sequence])).toEqual([
        ['bid.accepted', 1],
        ['bid.accepted', 2],
      ]);
      expect(feed.state.participants.map((p) => p.price)).toEqual([OPENING_PRICE - STEP, OPENING_PRICE - 2 * STEP]);
    } finally {
      await feeds.stop();
      await instance.stop();
    }
  });

  it('takes bids another instance wrote from the subscription, and its own in their place after them: each once, in order', async () => {
    const clock = new ManualClock(time('15:00'));
    const [here, there] = [
      await Instance.start(database.url, { clock }),
      await Instance.start(database.url, { clock }),
    ];
    const { feeds, messages } = await feedsOf(here, here.store);
    try {
      const auctionId = await here.runningAuction(manyParticipants(3));
      await feeds.watch(auctionId);

      await there.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - STEP, 'there-1');
      // Here's actor knows only the schedule: its append conflicts, it reads bid 1 and appends 2, maybe before the subscription brought 1.
      await here.service.placeBid(auctionId, 'supplier-2', OPENING_PRICE - 2 * STEP, 'here-2');
      await there.service.placeBid(auctionId, 'supplier-3', OPENING_PRICE - 3 * STEP, 'there-3');
      await eventually(() => messages.some((m) => m.sequence === 3));
      await here.service.placeBid(auctionId, 'supplier-1', OPENING_PRICE - 4 * STEP, 'here-4');
      await there.service.placeBid(auctionId, 'supplier-2', OPENING_PRICE - 5 * STEP, 'there-5');
      await eventually(() => messages.some((m) => m.sequence === 5));

      expect(messages.map((m) => m.sequence)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await feeds.stop();
      await Promise.all([here.stop(), there.stop()]);
    }
  });
});
