import type { DataSource } from 'typeorm';
import { TenderKeyStore } from '../../libs/tendering/application/tender-keys';
import { generateHistory } from '../../bench/seed/generate';
import { TEST_MASTER_KEY } from '../support/api-app';
import type { TestDatabase } from '../support/test-database';
import { aMigratedSeedDatabase } from './seed-database';

/** The seed generator asked for a number of tenders and a procedure mix (the queries benchmark's history). */
describe('npm run seed:generate -- --tenders N --mix compranet', () => {
  const until = new Date('2026-06-01T12:00:00.000Z');
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    ({ db, dataSource } = await aMigratedSeedDatabase('seed_tenders'));
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const generate = (tenders: number, mix: 'varied' | 'compranet', seed: number) =>
    generateHistory({
      databaseUrl: db.url,
      tenders,
      mix,
      seed,
      until,
      keys: new TenderKeyStore(dataSource, { masterKey: TEST_MASTER_KEY }),
    });

  it("makes at least the public tenders asked for, in CompraNet's mix (64 % direct awards, 21 % invitations, 16 % public tenders), in the period", async () => {
    const summary = await generate(300, 'compranet', 11);
    const drafts = summary.byStatus.draft ?? 0;
    expect(summary.tenders - drafts).toBeGreaterThanOrEqual(300);
    expect(summary.tenders - drafts).toBeLessThan(330);
    expect(summary.mix).toBe('compranet');
    const share = (...types: string[]) =>
      types.reduce((sum, type) => sum + (summary.byProcedure[type] ?? 0), 0) / summary.tenders;
    // 300 draws: a share's standard deviation is under 3 points.
    expect(share('direct_award')).toBeGreaterThan(0.55);
    expect(share('direct_award')).toBeLessThan(0.72);
    expect(share('invitation')).toBeGreaterThan(0.13);
    expect(share('invitation')).toBeLessThan(0.29);
    expect(share('public_national', 'public_international')).toBeGreaterThan(0.09);
    expect(share('public_national', 'public_international')).toBeLessThan(0.23);
    expect(Date.parse(summary.until)).toBe(until.getTime());
  }, 120_000);

  it('makes fewer events a tender with the compranet mix than with the varied one', async () => {
    const compranet = await generate(200, 'compranet', 12);
    const varied = await generate(200, 'varied', 13);
    expect(compranet.events / compranet.tenders).toBeLessThan(0.8 * (varied.events / varied.tenders));
    expect(varied.byProcedure.direct_award / varied.tenders).toBeLessThan(0.5);
  }, 120_000);

  it('refuses to guess the size when given neither events nor tenders', async () => {
    await expect(
      generateHistory({ databaseUrl: db.url, keys: new TenderKeyStore(dataSource, { masterKey: TEST_MASTER_KEY }) }),
    ).rejects.toThrow(/events or of tenders/);
  });
});
