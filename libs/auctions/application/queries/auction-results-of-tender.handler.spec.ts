import { randomUUID } from 'node:crypto';
import { AuctionResultsOfTender } from '@licita/tendering';
import { ManualClock } from '@licita/shared';
import { useTestDatabase } from '../../../../test/support/test-database';
import { scheduleAuction, time } from '../../domain/auction.scenarios';
import { CountingStore, Instance, manyParticipants, OPENING_PRICE, STEP } from '../../testing/auction.fixtures';
import { lotAuctionId } from '../auction-from-tender';
import { AuctionResultsOfTenderHandler } from './auction-results-of-tender.handler';

/** The award's question, answered from the lots' own auction streams: it never reads the log. */
const database = useTestDatabase('auction_results');
let instance: Instance;
const clock = new ManualClock(time('15:00'));

beforeAll(async () => {
  instance = await Instance.start(database.url, { clock });
});
afterAll(() => instance.stop());

/** A store that refuses to read the log: only stream reads may answer the award. */
class NoLogReads extends CountingStore {
  override readAll(): never {
    throw new Error('the award must not read the log');
  }
  override subscribeToAll(): never {
    throw new Error('the award must not follow the log');
  }
}

it('gives each closed lot auction’s final ranking, from the lot’s stream alone, and nothing for a lot without one', async () => {
  const tenderId = randomUUID();
  await instance.service.scheduleAuction(
    scheduleAuction({
      auctionId: lotAuctionId(tenderId, 'lot-1'),
      tenderId,
      lotId: 'lot-1',
      participants: manyParticipants(2),
      minimumDecrement: { kind: 'absolute', amount: STEP },
      abnormallyLowFloor: null,
    }),
    { actor: 'account-buyer' },
  );
  clock.set(time('16:01'));
  await instance.service.placeBid(lotAuctionId(tenderId, 'lot-1'), 'supplier-2', OPENING_PRICE - STEP, 'b-1');
  clock.set(time('16:25'));
  await instance.service.closeAuction(lotAuctionId(tenderId, 'lot-1'));

  const handler = new AuctionResultsOfTenderHandler(new NoLogReads(instance.store));
  expect(await handler.execute(new AuctionResultsOfTender(tenderId, ['lot-1', 'lot-2']))).toEqual([
    {
      lotId: 'lot-1',
      auctionId: lotAuctionId(tenderId, 'lot-1'),
      ranking: [
        { supplierId: 'supplier-2', amount: OPENING_PRICE - STEP },
        { supplierId: 'supplier-1', amount: OPENING_PRICE },
      ],
    },
  ]);
});
