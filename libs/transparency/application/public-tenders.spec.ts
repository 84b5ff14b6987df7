import { HttpException } from '@nestjs/common';
import { at, DAY, HOUR, laptopsAt, scheduleFrom } from '../testing/procedure-driver';
import { TransparencyTestbed } from '../testing/transparency.testbed';
import { feedCursor, feedPosition, type TenderSearch } from './public-tenders';

/**
 * The public list (filters, sorts, cursor paging), drafts kept out, and the change feed followed page by page
 * while procedures keep changing.
 */
let testbed: TransparencyTestbed;

const medicines = {
  lots: [
    {
      lotId: 'lot-1',
      title: 'Medicamentos oncológicos',
      items: [
        {
          itemId: 'item-1',
          classifierCode: '33690000-3',
          description: 'Quimioterapia',
          quantity: 100,
          unit: 'caja',
          estimatedUnitPrice: 100_000,
        },
      ],
      estimatedValue: { amount: 10_000_000, currency: 'MXN' },
    },
  ],
  estimatedTotal: { amount: 10_000_000, currency: 'MXN' },
  title: 'Adquisición de medicamentos oncológicos',
  description: 'Tratamientos para el Hospital de Especialidades.',
};

const ids = (items: Array<{ tenderId: string }>) => items.map((item) => item.tenderId);
const list = async (search: TenderSearch) => ids((await testbed.tenders.search(search)).items);

/** Every page of a search, `limit` at a time. */
async function allPages(search: TenderSearch, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await testbed.tenders.search({ ...search, limit, cursor });
    seen.push(...ids(page.items));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

const problem = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HttpException);
  return {
    status: (error as HttpException).getStatus(),
    code: ((error as HttpException).getResponse() as { code: string }).code,
  };
};

beforeAll(async () => {
  testbed = await TransparencyTestbed.start();
  await testbed.buyingUnit('uc-1', 'Hospital de Especialidades');
  await testbed.buyingUnit('uc-2', 'Secretaría de Educación');
  await testbed.supplierRegistered('s-1', 'Farmacéutica Uno', '2025-01-01T00:00:00.000Z');
  await testbed.procedure('L1').publish('2026-01-05T16:00:00.000Z', { buyingUnitId: 'uc-1', ...medicines });
  await testbed.procedure('L2').publish('2026-01-06T16:00:00.000Z', { buyingUnitId: 'uc-1' });
  const invitationAt = '2026-01-07T16:00:00.000Z';
  await testbed.procedure('L3').publishInvitation(invitationAt, ['s-1', 's-2', 's-3'], { buyingUnitId: 'uc-2' });
  await testbed.procedure('L4').publish('2026-01-08T16:00:00.000Z', { buyingUnitId: 'uc-2' });
  await testbed.procedure('L5').awardDirectly('s-1', 26_000_000, '2026-01-09T16:00:00.000Z', { buyingUnitId: 'uc-1' });
  await testbed
    .procedure('DRAFT')
    .create({ buyingUnitId: 'uc-1', schedule: scheduleFrom('2026-02-01T16:00:00.000Z') }, '2026-01-10T16:00:00.000Z');
  const cancelledDraft = testbed.procedure('CANCELLED-DRAFT');
  await cancelledDraft.create(
    { buyingUnitId: 'uc-1', schedule: scheduleFrom('2026-02-01T16:00:00.000Z') },
    '2026-01-10T16:00:00.000Z',
  );
  await cancelledDraft.cancel('Ya no se requiere', '2026-01-11T16:00:00.000Z');
  await testbed.caughtUp();
}, 240_000);

afterAll(() => testbed?.close());

describe('the public list', () => {
  it('shows published and directly awarded procedures, newest first; never a draft, cancelled or not', async () => {
    expect(await list({})).toEqual(['L5', 'L4', 'L3', 'L2', 'L1']);
    await expect(testbed.tenders.get('DRAFT')).rejects.toMatchObject({ code: 'tender.not_found', kind: 'not_found' });
    await expect(testbed.tenders.get('CANCELLED-DRAFT')).rejects.toMatchObject({ code: 'tender.not_found' });
  });

  it('summarizes each procedure with its unit, values, deadline and item codes', async () => {
    const [direct] = (await testbed.tenders.search({ procedureType: 'direct_award' })).items;
    expect(direct).toEqual({
      tenderId: 'L5',
      number: null, // recorded without a number: none is made up
      title: 'Adquisición de equipo de cómputo 2026',
      status: 'awarded',
      procedureType: 'direct_award',
      category: 'goods',
      buyingUnit: { id: 'uc-1', name: 'Hospital de Especialidades' },
      value: { amount: 26_500_000, currency: 'MXN' },
      awardedValue: { amount: 26_000_000, currency: 'MXN' },
      publishedAt: '2026-01-09T16:00:00.000Z',
      submissionDeadline: null,
      proposals: 0,
      bidders: null,
      classifierCodes: ['30213100-6', '30237200-1'],
      redFlags: [],
      origin: 'platform',
    });
  });

  it('filters by status, procedure type, buying unit, value range, publication range and currency', async () => {
    expect(await list({ status: 'awarded' })).toEqual(['L5']);
    expect(await list({ status: 'active.enquiries', procedureType: 'public_national' })).toEqual(['L4', 'L2', 'L1']);
    expect(await list({ buyingUnitId: 'uc-2' })).toEqual(['L4', 'L3']);
    expect(await list({ minValue: 10_000_001 })).toEqual(['L5', 'L4', 'L3', 'L2']);
    expect(await list({ maxValue: 10_000_000 })).toEqual(['L1']);
    expect(await list({ minValue: 10_000_000, maxValue: 10_000_000 })).toEqual(['L1']);
    expect(await list({ publishedFrom: '2026-01-06T16:00:00.000Z', publishedTo: '2026-01-08T16:00:00.000Z' })).toEqual([
      'L4',
      'L3',
      'L2',
    ]);
    expect(await list({ currency: 'USD' })).toEqual([]);
  });

  it("filters by a classifier code or any ancestor of the items' codes", async () => {
    expect(await list({ classifierCode: '33690000-3' })).toEqual(['L1']);
    expect(await list({ classifierCode: '33000000-0' })).toEqual(['L1']);
    expect(await list({ classifierCode: '30200000-1' })).toEqual(['L5', 'L4', 'L3', 'L2']);
    expect(await list({ classifierCode: '45000000-7' })).toEqual([]);
  });

  it('finds words of the title or description without regard to accents or case', async () => {
    expect(await list({ q: 'ONCOLOGICOS' })).toEqual(['L1']);
    expect(await list({ q: 'hospital especialidades' })).toEqual(['L1']);
    expect(await list({ q: 'cómputo portatil' })).toEqual(['L5', 'L4', 'L3', 'L2']);
  });

  it('matches each word anywhere in a word, every word required, LIKE wildcards taken literally', async () => {
    expect(await list({ q: 'oncolog' })).toEqual(['L1']);
    expect(await list({ q: 'portat especialidades' })).toEqual([]);
    expect(await list({ q: 'portat_l' })).toEqual([]);
    expect(await list({ q: '%' })).toEqual([]);
  });

  it('sorts by estimated value, publication date or deadline, ties broken by id, the same across pages', async () => {
    expect(await list({ sort: 'estimatedValue' })).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);
    expect(await list({ sort: '-estimatedValue' })).toEqual(['L5', 'L4', 'L3', 'L2', 'L1']);
    expect(await list({ sort: 'publishedAt' })).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);
    // L3 is an invitation with six days to bid; a direct award has no deadline and comes last.
    expect(await list({ sort: 'deadline' })).toEqual(['L3', 'L1', 'L2', 'L4', 'L5']);
    expect(await list({ sort: '-deadline' })).toEqual(['L5', 'L4', 'L2', 'L1', 'L3']);
    for (const sort of [
      'estimatedValue',
      '-estimatedValue',
      'publishedAt',
      '-publishedAt',
      'deadline',
      '-deadline',
    ] as const) {
      for (const limit of [1, 2, 3])
        expect({ sort, limit, pages: await allPages({ sort }, limit) }).toEqual({
          sort,
          limit,
          pages: await list({ sort }),
        });
    }
  });

  it('refuses a cursor of another sort or made up, and an inverted range, with 400 and a code', async () => {
    const { nextCursor } = await testbed.tenders.search({ sort: 'estimatedValue', limit: 1 });
    expect(await problem(testbed.tenders.search({ sort: 'deadline', cursor: nextCursor as string }))).toEqual({
      status: 400,
      code: 'transparency.invalid_cursor',
    });
    expect(await problem(testbed.tenders.search({ cursor: 'not-a-cursor' }))).toEqual({
      status: 400,
      code: 'transparency.invalid_cursor',
    });
    expect(await problem(testbed.tenders.search({ minValue: 2, maxValue: 1 }))).toEqual({
      status: 400,
      code: 'transparency.invalid_range',
    });
  });
});

describe('the detail', () => {
  it('gives the timeline in the order things happened, each step at its instant in ISO 8601 UTC with milliseconds', async () => {
    const { timeline } = await testbed.tenders.get('L1');
    expect(timeline.map((step) => step.key)).toEqual(['tender.created', 'tender.published']);
    expect(timeline[1]).toEqual({
      at: '2026-01-05T16:00:00.000Z',
      event: 'TenderPublished',
      key: 'tender.published',
      text: expect.any(String),
    });
    expect(timeline.every((step) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(step.at))).toBe(true);
    expect(Date.parse(timeline[0].at)).toBeLessThanOrEqual(Date.parse(timeline[1].at));
  });

  it('is 404 tender.not_found for a draft', async () => {
    await expect(testbed.tenders.get('DRAFT')).rejects.toMatchObject({ code: 'tender.not_found', kind: 'not_found' });
  });
});

describe('the change feed', () => {
  it('gives each changed procedure in order of change, once per change, and misses nothing while procedures keep changing', async () => {
    const mirror = new Map<string, string>();
    const cursors: string[] = [];
    let after = '0';
    const changes = [
      async () => testbed.procedure('L6').publish('2026-01-12T16:00:00.000Z', { buyingUnitId: 'uc-2' }),
      async () => testbed.procedure('L2').clock(at('2026-01-06T16:00:00.000Z', 7 * DAY)),
      async () =>
        testbed.procedure('L2').submit('s-1', laptopsAt(2_000_000), at('2026-01-06T16:00:00.000Z', 7 * DAY + HOUR)),
      async () =>
        testbed
          .procedure('L1')
          .amend(
            { description: 'Tratamientos oncológicos para el Hospital de Especialidades.' },
            'Precisión',
            at('2026-01-05T16:00:00.000Z', 2 * DAY),
          ),
    ];
    for (let round = 0; round < 12; round++) {
      const page = await testbed.tenders.feed(after, 2);
      for (const entry of page.items) {
        mirror.set(entry.tenderId, entry.cursor);
        cursors.push(entry.cursor);
      }
      after = page.nextCursor;
      if (round < changes.length) {
        await changes[round]();
        await testbed.caughtUp();
      }
    }
    const positions = cursors.map(feedPosition); // the cursors are opaque: their positions are what orders them
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(cursors).size).toBe(cursors.length);
    const rows: Array<{ tender_id: string; change_seq: string }> = await testbed.db.query(
      'SELECT tender_id, change_seq::text FROM transparency_tenders WHERE is_public',
    );
    expect(Object.fromEntries(mirror)).toEqual(
      Object.fromEntries(rows.map((row) => [row.tender_id, feedCursor(BigInt(row.change_seq))])),
    );
    expect([...mirror.keys()].sort()).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
  });

  it('answers with the same cursor when nothing changed, and 400 feed.invalid_cursor for a cursor it never gave', async () => {
    const head = await testbed.tenders.feed('0', 1000);
    expect(await testbed.tenders.feed(head.nextCursor)).toEqual({ items: [], nextCursor: head.nextCursor });
    expect(await problem(testbed.tenders.feed('abc'))).toEqual({ status: 400, code: 'feed.invalid_cursor' });
  });
});

describe('item codes in the list', () => {
  it('shows each code once, sorted, however many items or lots carry it', async () => {
    const item = (itemId: string, classifierCode: string) => ({
      itemId,
      classifierCode,
      description: 'Material',
      quantity: 1,
      unit: 'pieza',
      estimatedUnitPrice: 1_000_000,
    });
    const lot = (lotId: string, items: ReturnType<typeof item>[]) => ({
      lotId,
      title: lotId,
      items,
      estimatedValue: { amount: 1_000_000 * items.length, currency: 'MXN' },
    });
    await testbed.procedure('REPEATS').publish('2026-01-20T16:00:00.000Z', {
      buyingUnitId: 'uc-2',
      lots: [
        lot('lot-1', [item('item-1', '33690000-3'), item('item-2', '30213100-6')]),
        lot('lot-2', [item('item-3', '33690000-3')]),
      ],
      estimatedTotal: { amount: 3_000_000, currency: 'MXN' },
    });
    await testbed.caughtUp();
    const [repeats] = (await testbed.tenders.search({ publishedFrom: '2026-01-20T00:00:00.000Z' })).items;
    expect(repeats.tenderId).toBe('REPEATS');
    expect(repeats.classifierCodes).toEqual(['30213100-6', '33690000-3']);
  });
});

describe('the words people use', () => {
  it('finds a procedure by a synonym from the classifier synonyms file: "laptop" finds "computadoras portátiles"', async () => {
    await testbed.procedure('LAPTOPS').publish('2026-01-21T16:00:00.000Z', {
      buyingUnitId: 'uc-2',
      title: 'Adquisición de computadoras portátiles',
      description: 'Para las escuelas de la Secretaría.',
    });
    await testbed.caughtUp();
    const since = { publishedFrom: '2026-01-21T00:00:00.000Z' };
    expect(await list({ ...since, q: 'laptop' })).toEqual(['LAPTOPS']);
    expect(await list({ ...since, q: 'Laptops escuelas' })).toEqual(['LAPTOPS']);
    expect(await list({ ...since, q: 'laptop hospital' })).toEqual([]);
    expect(await list({ ...since, q: 'tractor' })).toEqual([]);
  });
});
