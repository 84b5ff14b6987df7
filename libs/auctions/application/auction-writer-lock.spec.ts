import { terminateConnections, useTestDatabase } from '../../../test/support/test-database';
import { postgresWriterLocks, type WriterLocks } from './auction-writer-lock';

const database = useTestDatabase('auction_writer_lock');
/** Each lock as if from its own process (its own connections). */
const processes: WriterLocks[] = [];
const lockFor = (auctionId: string, waitMs = 2_000) => {
  const locks = postgresWriterLocks({ connectionString: database.url, waitMs });
  processes.push(locks);
  return locks(auctionId);
};

afterEach(async () => {
  await Promise.all(processes.splice(0).map((locks) => locks.end()));
});

describe('the writer lock of an auction', () => {
  it('gives the turn to one process at a time, and to the waiting one when released', async () => {
    const [first, second] = [lockFor('auction-1'), lockFor('auction-1')];
    await first.acquire();
    let secondHasIt = false;
    const waiting = second.acquire().then(() => (secondHasIt = true));
    await until(() => first.othersWaiting());

    expect(secondHasIt).toBe(false);
    await first.release();
    await waiting;
    expect(secondHasIt).toBe(true);
    expect(await second.othersWaiting()).toBe(false);
  });

  it('does not make other auctions wait', async () => {
    await lockFor('auction-2').acquire();
    await lockFor('auction-3').acquire();
    expect(await lockFor('auction-2').othersWaiting()).toBe(false);
  });

  it('gives up waiting after its wait time, so the caller can write without it', async () => {
    await lockFor('auction-4').acquire();
    await expect(lockFor('auction-4', 50).acquire()).rejects.toMatchObject({ code: '55P03' }); // lock_not_available
  });

  it('is released by PostgreSQL when its holder’s connection dies', async () => {
    await lockFor('auction-5').acquire();
    await terminateConnections(database, 'licita-auction-writer:auction-5');
    await lockFor('auction-5').acquire();
  });
});

async function until(probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await probe()) return;
    await new Promise((resume) => setTimeout(resume, 5));
  }
  throw new Error('condition never held');
}
