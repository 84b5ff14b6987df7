import { DatabaseClock } from './database-clock';

/** A database whose clock is `ahead` ms ahead of this process's. */
const databaseAhead = (ahead: number) => ({
  query: () => Promise.resolve([{ ms: Date.now() + ahead }]),
});

describe('the database clock', () => {
  it('tells the database’s time: this process’s clock plus the measured offset', async () => {
    const clock = await DatabaseClock.start(databaseAhead(5_000));
    try {
      expect(Math.abs(clock.offset - 5_000)).toBeLessThan(200);
      expect(Math.abs(clock.now().getTime() - (Date.now() + 5_000))).toBeLessThan(200);
    } finally {
      clock.stop();
    }
  });

  it('keeps the local clock while the database cannot be read', async () => {
    const clock = await DatabaseClock.start({ query: () => Promise.reject(new Error('down')) });
    try {
      expect(clock.offset).toBe(0);
    } finally {
      clock.stop();
    }
  });
});
