import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { checkDeploymentMode } from '@licita/platform/deployment-mode';
import type { AuctionScheduled } from '@licita/auctions/domain/auction.events';
import type { TenderPublished } from '@licita/tendering/domain/tender.events';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { at, eventually } from '../../support/time';
import { OcdsReader } from '../ocds/ocds-reader';
import { aProposal, allCompliant, aTender, laptopsAt, type Party, TenderingApi } from '../tendering/tendering-api';

/** Practice mode (README "Sandbox (practice mode)"): a sandbox's data never mixes with production's, and says so. */
let world: TenderingApi;
let buyer: Party;
let suppliers: Party[];
const sandbox = () => world.api.api;

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z', undefined, { env: { LICITA_MODE: 'sandbox' } });
  buyer = await world.buyer(await world.buyingUnit());
  suppliers = [await world.supplier('Práctica Uno'), await world.supplier('Práctica Dos')];
}, 120_000);

afterAll(() => world?.close());

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const appendOneEvent = (client: Client) =>
  client.query(
    `SELECT es_append('test-1', -1, ARRAY[$1]::uuid[], ARRAY['TestHappened']::text[], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[])`,
    [randomUUID()],
  );

/** What checkDeploymentMode reads through (TypeORM's `query`: the rows). */
const rowsOf = (client: Client) => ({
  query: async (sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows,
});

describe('the mode recorded in the database', () => {
  const databases: TestDatabase[] = [];
  const migrated = async () => {
    const database = await createTestDatabase('mode', { migrated: true });
    databases.push(database);
    return database.url;
  };
  afterAll(() => Promise.all(databases.map((database) => database.drop())));

  it('is recorded at the first start, and a process of the other mode is refused with what to do', async () => {
    await withClient(await migrated(), async (db) => {
      await checkDeploymentMode(rowsOf(db), 'production');
      await checkDeploymentMode(rowsOf(db), 'production');
      await expect(checkDeploymentMode(rowsOf(db), 'sandbox')).rejects.toThrow(
        /LICITA_MODE=sandbox refuses this database: it holds a production log/,
      );
      expect((await db.query('SELECT mode FROM licita_deployment')).rows).toEqual([{ mode: 'production' }]);
    });
    await withClient(await migrated(), async (db) => {
      await checkDeploymentMode(rowsOf(db), 'sandbox');
      await expect(checkDeploymentMode(rowsOf(db), 'production')).rejects.toThrow(/was started in sandbox mode/);
    });
  });

  it('counts a log kept before the mode existed as production: a sandbox never starts on it', async () => {
    await withClient(await migrated(), async (db) => {
      await appendOneEvent(db);
      await expect(checkDeploymentMode(rowsOf(db), 'sandbox')).rejects.toThrow(/holds a production log/);
      expect((await db.query('SELECT count(*)::int AS n FROM licita_deployment')).rows).toEqual([{ n: 0 }]);
      await checkDeploymentMode(rowsOf(db), 'production');
      expect((await db.query('SELECT mode FROM licita_deployment')).rows).toEqual([{ mode: 'production' }]);
    });
  });
});

describe('a sandbox deployment', () => {
  it('records its mode at start and marks every answer: the header, /health, pages and OCDS packages', async () => {
    const recorded = await withClient(sandbox().databaseUrl, (db) => db.query('SELECT mode FROM licita_deployment'));
    expect(recorded.rows).toEqual([{ mode: 'sandbox' }]);

    const health = await fetch(`${sandbox().url}/health`);
    expect(health.headers.get('licita-mode')).toBe('sandbox');
    expect(await health.json()).toEqual({ status: 'ok', mode: 'sandbox' });

    const problem = await fetch(`${sandbox().url}/api/tenders/not-a-tender`);
    expect(problem.headers.get('licita-mode')).toBe('sandbox');

    const ocds = await fetch(`${sandbox().url}/api/ocds/releases`);
    expect(ocds.headers.get('licita-mode')).toBe('sandbox');
    expect(((await ocds.json()) as { publisher: { name: string } }).publisher.name).toMatch(/SANDBOX \/ PRÁCTICA/);
    expect(sandbox().config.ocidPrefix).toBe('ocds-licita-sandbox-');
  });
});

describe('a practice tender on accelerated time, over HTTP', () => {
  const MINUTE = 60_000;
  it('runs the legal periods and its auction 1440 times faster, recorded in the events', async () => {
    const publishedAt = '2026-03-02T16:00:00.000Z';
    // 15 days to bid at one day per minute: 15 minutes; the award within 20 minutes of the opening.
    const schedule = {
      publicationDate: publishedAt,
      questionsDeadline: at(publishedAt, 5 * MINUTE),
      submissionDeadline: at(publishedAt, 15 * MINUTE),
      openingDate: at(publishedAt, 15 * MINUTE),
      awardDate: at(publishedAt, 30 * MINUTE),
    };
    const body = (factor: number) =>
      aTender(buyer.ids.buyingUnitId!, publishedAt, { schedule, reverseAuction: true, timeAcceleration: factor });
    world.clock.set(at(publishedAt, -MINUTE));
    expect(await buyer.post('/api/tenders', body(100_001))).toMatchObject({ status: 400 });
    const created = await buyer.post('/api/tenders', body(1440));
    expect(created.status).toBe(201);
    const tenderId = created.body.tenderId as string;
    world.clock.set(publishedAt);
    expect((await buyer.post(`/api/tenders/${tenderId}/publish`)).status).toBe(200);
    const published = (await world.events(`tender-${tenderId}`)).find((e) => e.type === 'TenderPublished');
    expect((published as unknown as TenderPublished).data).toMatchObject({ timeAcceleration: 1440 });

    // Shown where the public reads it: the transparency record (with the law's rule) and OCDS, valid.
    const record = await eventually('the transparency record of the practice tender', async () => {
      const reply = await fetch(`${sandbox().url}/api/transparency/tenders/${tenderId}`);
      return reply.status === 200 ? ((await reply.json()) as Record<string, unknown>) : undefined;
    });
    expect(record).toMatchObject({
      timeAcceleration: 1440,
      submissionPeriod: { law: 'LAASSP', version: 'LAASSP-2025', minimumDays: 15, appliedMinimumDays: 15 },
    });
    const [release] = await new OcdsReader(world).releasesOf(tenderId); // validated against the schema
    expect(release.tender.procurementMethodDetails).toBe('Licitación pública nacional, accelerator=1440');
    expect(release.tender.submissionMethodDetails).toBe(
      'Plazo mínimo: 15 días naturales (LAASSP 2025 (DOF 16-04-2025), versión LAASSP-2025), contados en días ' +
        'naturales de la Ciudad de México; referencia sin verificar contra el DOF.',
    );

    world.clock.set(at(publishedAt, 6 * MINUTE));
    for (const [i, supplier] of suppliers.entries())
      expect(
        (await supplier.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_400_000 - i * 50_000))))
          .status,
      ).toBe(201);
    world.clock.set(schedule.openingDate);
    const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
    expect(opened.status).toBe(200);
    await allCompliant(buyer, tenderId, opened.body.proposals as Array<{ proposalId: string }>);
    expect((await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`)).status).toBe(200);

    // Two hours of auction, a 24-minute window, 48-minute extensions up to four hours: 5 s, 1 s, 2 s and 10 s.
    const startsAt = at(world.clock.now().toISOString(), MINUTE);
    const auction = await buyer.post(`/api/tenders/${tenderId}/lots/lot-1/auction`, {
      startsAt,
      durationSeconds: 7_200,
      minimumDecrement: { kind: 'absolute', amount: 100_000 },
      antiSniping: { windowSeconds: 1_440, extensionSeconds: 2_880, maximumEndsAt: at(startsAt, 4 * 3_600_000) },
      abnormallyLowFloor: null,
    });
    expect(auction.status).toBe(201);
    const scheduled = (await world.events(`auction-${auction.body.auctionId as string}`))[0];
    expect((scheduled as unknown as AuctionScheduled).data).toMatchObject({
      startsAt,
      endsAt: at(startsAt, 5_000),
      antiSniping: { windowSeconds: 1, extensionSeconds: 2, maximumEndsAt: at(startsAt, 10_000) },
      timeAcceleration: 1440,
    });
  });
});
