import { ManualClock } from '@licita/shared';
import { listScheduledCommands } from '@licita/scheduling/scheduled-commands';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { at, DAY, eventually, scheduleFrom, TenderingApi } from '../tendering/tendering-api';

/**
 * The acts' issuance is durable (#17): the API stopped right after the opening (whether or not the act's job ran),
 * started again on the same database, issues the opening act exactly once.
 */
const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);
const clock = new ManualClock('2026-03-02T15:00:00.000Z');
let database: TestDatabase;
let world: TenderingApi | undefined;

beforeAll(async () => {
  database = await createTestDatabase('acts_restart');
});

afterAll(async () => {
  await world?.close();
  await database?.drop();
});

const openingDocuments = async (api: TenderingApi, tenderId: string) =>
  (await api.api.store.readAll({ filter: { eventTypePrefixes: ['ActIssued'], streamPrefixes: ['document-'] } }))
    .map((event) => event.data as { documentId: string; act: { tenderId: string; kind: string } })
    .filter((data) => data.act.tenderId === tenderId && data.act.kind === 'opening')
    .map((data) => data.documentId);

it('issues the opening act once across a restart', async () => {
  world = await TenderingApi.start(clock, database.url);
  const buyer = await world.buyer(await world.buyingUnit());
  const A = await world.supplier('Constructora Álamo');
  const B = await world.supplier('Grupo Balam');
  const tenderId = await world.publishedTender(buyer, P);
  const opened = await world.openLaptopProposals(buyer, tenderId, at(S.questionsDeadline, DAY), S.openingDate, [
    [A, 2_400_000],
    [B, 2_300_000],
  ]);
  expect(opened.status).toBe(200);
  await world.close();

  world = await TenderingApi.start(clock, database.url);
  const restarted = world;
  const [documentId] = await eventually('the opening act issued after the restart', async () => {
    const ids = await openingDocuments(restarted, tenderId);
    return ids.length > 0 && ids;
  });
  await eventually('the act jobs done', async () => {
    const jobs = await listScheduledCommands(restarted.api.db, `act:opening:${tenderId}:`);
    return jobs.length > 0 && jobs.every((job) => job.status === 'done');
  });
  expect(await openingDocuments(restarted, tenderId)).toEqual([documentId]);
  const view = await restarted.view(tenderId, (body) => body.actDocuments?.length === 1);
  expect(view.actDocuments).toEqual([expect.objectContaining({ documentId, kind: 'opening' })]);
  expect((await restarted.anonymous('GET', `/api/documents/${documentId}`)).status).toBe(200);
}, 180_000);
