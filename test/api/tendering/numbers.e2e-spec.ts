import { OcdsReader } from '../ocds/ocds-reader';
import {
  at,
  aProposal,
  aTender,
  DAY,
  eventually,
  laptopsAt,
  type Party,
  scheduleFrom,
  TenderingApi,
} from './tendering-api';

/**
 * Procedure numbers over HTTP (issue #18): `LA-<unit code>-<sequence>-<year>` assigned by an event with the
 * publication, unique under concurrent publications of one unit, returned by the tender view, the public search
 * (which finds a procedure by it) and OCDS (`tender.id`, the ocid unchanged); `AA-…` for a direct award. And the
 * end of the submission period recorded by the scheduler while proposals exist.
 */
let world: TenderingApi;
let buyer: Party;
let supplier: Party;
let unitKey: string;
const PUBLISHED = '2026-03-02T16:00:00.000Z';
const NUMBER = /^LA-([A-Z0-9]+)-(\d+)-2026$/;

beforeAll(async () => {
  world = await TenderingApi.start();
  unit = await world.buyingUnit();
  unitKey = `UC${unit.slice(0, 8).toUpperCase()}`; // its code is UC-<first 8 of the id>, the dash dropped
  buyer = await world.buyer(unit);
  supplier = await world.supplier('Proveedora Numerada');
}, 120_000);

afterAll(() => world?.close());

let unit: string;
const draft = async () => {
  world.clock.set(at(PUBLISHED, -3_600_000));
  const created = await buyer.post('/api/tenders', aTender(unit, PUBLISHED));
  expect(created.status).toBe(201);
  return created.body.tenderId as string;
};

describe('procedure numbers', () => {
  const ids: string[] = [];
  const numbers: string[] = [];

  beforeAll(async () => {
    ids.push(await world.publishedTender(buyer, PUBLISHED));
  });

  it('are unique under concurrent publications of one unit: eight at once take eight sequences', async () => {
    const drafts = await Promise.all(Array.from({ length: 8 }, () => draft()));
    world.clock.set(PUBLISHED);
    const replies = await Promise.all(drafts.map((id) => buyer.post(`/api/tenders/${id}/publish`)));
    expect(replies.map((r) => r.status)).toEqual(drafts.map(() => 200));
    ids.push(...drafts);
    for (const id of ids) numbers.push((await world.view(id, (v) => typeof v.number === 'string')).number);
    expect(new Set(numbers).size).toBe(9);
    for (const number of numbers) expect(number).toMatch(NUMBER);
    expect(numbers.map((n) => NUMBER.exec(n)?.[1])).toEqual(numbers.map(() => unitKey));
    expect(numbers.map((n) => Number(NUMBER.exec(n)?.[2])).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('are assigned once, by ProcedureNumberAssigned just before TenderPublished', async () => {
    const types = (await world.events(`tender-${ids[1]}`)).map((e) => e.type);
    expect(types.filter((t) => t === 'ProcedureNumberAssigned')).toHaveLength(1);
    expect(types.indexOf('ProcedureNumberAssigned')).toBe(types.indexOf('TenderPublished') - 1);
  });

  it('find their procedure in the public search', async () => {
    const number = numbers[3];
    const page = await eventually('the search finds the number', async () => {
      const reply = await world.anonymous('GET', `/api/transparency/tenders?q=${encodeURIComponent(number)}`);
      return reply.status === 200 && reply.body.items.length > 0 && reply.body;
    });
    expect(page.items.map((item: { tenderId: string; number: string }) => [item.tenderId, item.number])).toEqual([
      [ids[3], number],
    ]);
  });

  it('are the OCDS tender.id, the ocid unchanged, valid against the schema', async () => {
    const reader = new OcdsReader(world);
    const release = await reader.latest(ids[2]);
    expect(release.ocid).toBe(reader.ocid(ids[2]));
    expect(release.tender.id).toBe(numbers[2]);
  });

  it('are AA- for a direct award, assigned with the award', async () => {
    world.clock.set(at(PUBLISHED, DAY));
    const created = await buyer.post('/api/tenders', {
      ...aTender(unit, PUBLISHED),
      procedureType: 'direct_award',
      schedule: null,
      directAward: {
        supplierId: supplier.ids.supplierId,
        justification: { article: 'LAASSP art. 41 fr. I', text: 'Bienes con patente.' },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.tenderId as string;
    expect((await world.view(id, () => true, buyer)).number).toBeNull();
    const lots = (aTender(unit, PUBLISHED).lots as Array<{ lotId: string }>).map((lot) => ({
      lotId: lot.lotId,
      amount: 26_000_000,
    }));
    expect((await buyer.post(`/api/tenders/${id}/direct-award`, { lots })).status).toBe(200);
    const view = await world.view(id, (v) => typeof v.number === 'string');
    expect(view.number).toBe(`AA-${unitKey}-10-2026`);
  });
});

describe('the end of the submission period', () => {
  it('is recorded by the scheduler at the deadline although proposals exist, and every read says so', async () => {
    const S = scheduleFrom('2026-04-01T16:00:00.000Z');
    const id = await world.publishedTender(buyer, '2026-04-01T16:00:00.000Z');
    world.clock.set(at(S.questionsDeadline, DAY));
    expect((await supplier.post(`/api/tenders/${id}/proposals`, aProposal(laptopsAt(2_400_000)))).status).toBe(201);
    world.clock.set(at(S.submissionDeadline, 1));
    const ended = await eventually('SubmissionPeriodEnded recorded', async () =>
      (await world.events(`tender-${id}`)).find((e) => e.type === 'SubmissionPeriodEnded'),
    );
    expect(ended.data).toEqual({ tenderId: id, endedAt: S.submissionDeadline });
    expect((await world.view(id, (v) => v.status === 'active.awaiting_opening')).status).toBe(
      'active.awaiting_opening',
    );
    const summary = await eventually('the search shows it', async () => {
      const reply = await world.anonymous('GET', `/api/transparency/tenders/${id}`);
      return reply.status === 200 && reply.body.status === 'active.awaiting_opening' && reply.body;
    });
    expect(summary.status).toBe('active.awaiting_opening');
    const release = await new OcdsReader(world).latest(id);
    expect(release.tender.status).toBe('active');
  });
});
