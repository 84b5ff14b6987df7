import { QueryBus } from '@nestjs/cqrs';
import { AuctionResultsOfTender } from '@licita/tendering';
import { startTestApi, type TestApi } from '../../test/support/api-app';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { AuctionClosingScheduler } from './application/auction-closing.scheduler';
import { AuctionService } from './application/auction.service';
import { scheduleAuction } from './domain/auction.scenarios';

let database: TestDatabase;
let api: TestApi;

beforeAll(async () => {
  database = await createTestDatabase('auctions_module');
  api = await startTestApi({ databaseUrl: database.url }); // the app's contexts include AuctionsModule.forRoot()
});

afterAll(async () => {
  await api?.close();
  await database.drop();
});

it('wires the auction service on the app’s event store and supplier register, and starts the closing scheduler with the app', async () => {
  const service = api.app.get(AuctionService);
  const startsAt = new Date(Date.now() + 60_000).toISOString();
  await service.scheduleAuction(scheduleAuction({ auctionId: 'module-auction', startsAt, antiSniping: null }), {
    actor: 'account-buyer',
  });

  const scheduler = api.app.get(AuctionClosingScheduler);
  await until(() => scheduler.openAuctions.has('module-auction'));
  expect(scheduler.openAuctions.get('module-auction')).toEqual(new Date(Date.parse(startsAt) + 600_000));
  // supplier-alamo is not in the app's supplier register: the register answers before the auction's rules.
  expect(await service.placeBid('module-auction', 'supplier-alamo', 1, 'too-early')).toMatchObject({
    status: 'rejected',
    code: 'supplier.not_eligible',
  });
});

it("answers tendering's AuctionResultsOfTender on the query bus (no closed auction: no result)", async () => {
  expect(
    await api.app.get(QueryBus).execute(new AuctionResultsOfTender('a-tender-without-auctions', ['lot-1'])),
  ).toEqual([]);
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resume) => setTimeout(resume, 10));
  expect(condition()).toBe(true);
}
