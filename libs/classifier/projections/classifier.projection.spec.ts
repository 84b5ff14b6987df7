import { DomainError } from '@licita/shared';
import { classifierDataFile, readClassifierFile } from '../application/classifier-file';
import { ensureDefaultClassifier, importClassifierVersion } from '../application/classifier-importer';
import { aCode, aSmallVersion } from '../domain/classifier.scenarios';
import { ClassifierTestbed } from '../testing/classifier.testbed';

/** The CUCoP shipped in libs/classifier/data (a copy of shared/classifier/cucop.csv). */
const CUCOP = classifierDataFile('cucop.csv');

let testbed: ClassifierTestbed;

beforeAll(async () => {
  testbed = await ClassifierTestbed.start();
  await ensureDefaultClassifier(testbed.store);
  await importClassifierVersion(testbed.store, readClassifierFile(CUCOP).classifier, { source: 'cucop.csv' });
  await testbed.caughtUp();
}, 120_000);

afterAll(() => testbed?.close());

const codesOf = (entries: Array<{ code: string }>) => entries.map((entry) => entry.code);
const rejection = async (promise: Promise<unknown>): Promise<DomainError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('the CPV 2008 tree', () => {
  it('has all 9,454 codes and the 45 divisions at the top', async () => {
    const [{ codes, divisions }] = await testbed.db.query(
      `SELECT count(*)::int AS codes, count(*) FILTER (WHERE depth = 1 AND level = 'division')::int AS divisions FROM classifier_codes WHERE scheme = 'CPV'`,
    );
    expect({ codes, divisions }).toEqual({ codes: 9_454, divisions: 45 });
  });

  it('gives a code its parent, level, category, descriptions, ancestors and children', async () => {
    const detail = await testbed.queries.get('45210000-2');
    expect(detail).toMatchObject({
      scheme: 'CPV',
      version: '2008',
      code: '45210000-2',
      parent: '45200000-9',
      level: 'class',
      depth: 3,
      category: 'works',
      description: { es: 'Trabajos de construcción de inmuebles', en: 'Building construction work' },
      retired: false,
    });
    expect(codesOf(detail.ancestors)).toEqual(['45000000-7', '45200000-9']);
    expect(detail.ancestors.map((ancestor) => ancestor.level)).toEqual(['division', 'group']);
    expect(detail.children.length).toBeGreaterThan(5);
    expect(detail.children.every((child) => child.parent === '45210000-2' && child.level === 'category')).toBe(true);
  });

  it('hangs a code whose intermediate code is missing (parent_gap) under its nearest published ancestor', async () => {
    const pens = await testbed.queries.get('30192121-5');
    expect(pens).toMatchObject({ parent: '30192100-2', level: 'subcategory', depth: 6, category: 'goods' });
    expect(codesOf(pens.ancestors)).toEqual(['30000000-9', '30100000-0', '30190000-7', '30192000-1', '30192100-2']);
    expect(await testbed.queries.get('39254000-7')).toMatchObject({
      parent: '39200000-4',
      level: 'category',
      depth: 3,
    });
    expect(await testbed.queries.get('60112000-6')).toMatchObject({
      parent: '60100000-9',
      level: 'category',
      depth: 3,
      category: 'services',
    });
    expect(codesOf((await testbed.queries.get('30192100-2')).children)).toContain('30192121-5');
  });

  it('answers an unknown code with classifier.unknown_code (404), also a CPV code without its check digit', async () => {
    for (const code of ['99999999-9', '45210000', '45210000-3']) {
      expect(await rejection(testbed.queries.get(code))).toMatchObject({
        code: 'classifier.unknown_code',
        kind: 'not_found',
      });
    }
  });
});

describe('search', () => {
  it('ignores accents and case: "construccion" finds "Construcción"', async () => {
    const page = await testbed.queries.search({ q: 'construccion', scheme: 'CPV', limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.items.every((item) => /construcci[oó]n/i.test(item.description.es!))).toBe(true);
    expect(page.items.some((item) => item.description.es!.includes('ó'))).toBe(true);
    const shouted = await testbed.queries.search({ q: 'CONSTRUCCIÓN', scheme: 'CPV', limit: 10 });
    expect(codesOf(shouted.items)).toEqual(codesOf(page.items));
  });

  it('needs every word, in Spanish or English', async () => {
    const page = await testbed.queries.search({ q: 'construcción viviendas', scheme: 'CPV', limit: 100 });
    expect(codesOf(page.items)).toContain('45211000-9');
    expect(
      page.items.every(
        (item) => /construcci[oó]n/i.test(item.description.es!) || /construct/i.test(item.description.en!),
      ),
    ).toBe(true);
    expect(codesOf((await testbed.queries.search({ q: 'ballpoint' })).items)).toEqual(['30192121-5']);
  });

  it('pages through every match with the cursor, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await testbed.queries.search({ q: 'construccion', scheme: 'CPV', limit: 100, cursor });
      seen.push(...codesOf(page.items));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const [{ matches }] = await testbed.db.query(
      `SELECT count(*)::int AS matches FROM classifier_codes WHERE scheme = 'CPV' AND (description_es ILIKE '%construcci_n%' OR description_en ILIKE '%construcci_n%')`,
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(matches);
  });

  it('finds what people call things: "computadora portátil", "laptop", "equipo de cómputo" find CUCoP laptops', async () => {
    for (const q of ['computadora portátil', 'laptop', 'Laptops', 'equipo de computo portatil']) {
      const page = await testbed.queries.search({ q, scheme: 'CUCoP', limit: 5 });
      expect(codesOf(page.items)).toContain('51500062'); // Microcomputadora portatil (eq. De computacion)
    }
    const cpv = await testbed.queries.search({ q: 'computadora portátil', scheme: 'CPV', limit: 5 });
    expect(codesOf(cpv.items)).toContain('30213100-6'); // Ordenadores portátiles
  });

  it('keeps ñ apart from n: "ordenador" finds computers, not milking machines (ordeñadoras)', async () => {
    const page = await testbed.queries.search({ q: 'ordenador', limit: 20 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.some((item) => /orde[ñn]ador/i.test(item.description.es ?? ''))).toBe(
      page.items.some((item) => /ordenador/i.test(item.description.es ?? '')),
    );
    expect(page.items.filter((item) => /ordeñ/i.test(item.description.es ?? ''))).toEqual([]);
    expect(page.items.some((item) => item.code.startsWith('515'))).toBe(true);
  });

  it('stems plurals, forgives a typo, and puts the articles people buy before the chapters above them', async () => {
    expect(codesOf((await testbed.queries.search({ q: 'llantas', scheme: 'CUCoP', limit: 5 })).items)).toEqual(
      expect.arrayContaining(['29600132']), // Llantas de hule para automovil
    );
    const typo = await testbed.queries.search({ q: 'impresroa', scheme: 'CUCoP', limit: 5 });
    expect(typo.items.some((item) => /impresora/i.test(item.description.es!))).toBe(true);
    const cement = await testbed.queries.search({ q: 'cemento', scheme: 'CUCoP', limit: 20 });
    const depths = cement.items.map((item) => item.depth);
    expect(depths[0]).toBe(5);
    expect(codesOf(cement.items).indexOf('2420')).toBeGreaterThan(codesOf(cement.items).indexOf('24200009'));
  });

  it('browses by prefix: class 4521 and everything below it, the class first', async () => {
    const page = await testbed.queries.search({ prefix: '4521', limit: 100 });
    const next = await testbed.queries.search({ prefix: '4521', limit: 100, cursor: page.nextCursor! });
    const codes = [...codesOf(page.items), ...codesOf(next.items)];
    expect(codes[0]).toBe('45210000-2');
    expect(codes).toHaveLength(187);
    expect(codes.every((code) => code.startsWith('4521'))).toBe(true);
    expect(next.nextCursor).toBeNull();
  });

  it('matches a code-like word as the start of a code', async () => {
    const page = await testbed.queries.search({ q: '45211', scheme: 'CPV' });
    expect(codesOf(page.items)).toEqual(expect.arrayContaining(['45211000-9', '45211100-0', '45211310-5']));
    expect(page.items.every((item) => item.code.startsWith('45211'))).toBe(true);
  });

  it('lists the top level of every scheme when nothing is asked', async () => {
    const page = await testbed.queries.search({ limit: 100 });
    expect(page.items.filter((item) => item.depth === 1)).toHaveLength(49);
  });

  it('refuses a cursor it did not issue and a prefix that is no code', async () => {
    expect(await rejection(testbed.queries.search({ cursor: 'bm90IGEgY3Vyc29y' }))).toMatchObject({
      code: 'classifier.invalid_cursor',
    });
    expect(await rejection(testbed.queries.search({ prefix: '45%' }))).toMatchObject({
      code: 'classifier.invalid_prefix',
    });
  });
});

describe('a second scheme: CUCoP', () => {
  it('has its 12,049 codes, chapter → concept → generic → specific → article', async () => {
    const [{ codes }] = await testbed.db.query(
      `SELECT count(*)::int AS codes FROM classifier_codes WHERE scheme = 'CUCoP'`,
    );
    expect(codes).toBe(12_049);
    const article = await testbed.queries.get('21100009', 'cucop');
    expect(article).toMatchObject({
      scheme: 'CUCoP',
      version: 'classic',
      parent: '21101',
      level: 'article',
      depth: 5,
      category: 'goods',
    });
    expect(article.ancestors.map((ancestor) => `${ancestor.code} ${ancestor.level}`)).toEqual([
      '2000 chapter',
      '2100 concept',
      '2110 generic',
      '21101 specific',
    ]);
  });

  it('is searched the same way: "señalización" finds "señalizacion"', async () => {
    const page = await testbed.queries.search({ q: 'Señalización mapa', scheme: 'CUCoP' });
    expect(page.items.map((item) => item.description.es)).toEqual(['Alfiler para señalizacion en mapa']);
  });
});

describe('validating codes for other contexts', () => {
  it('accepts codes of any scheme in force', () =>
    expect(testbed.lookup.assertKnown(['45210000-2', ' 21100009 ', '03111100-3'])).resolves.toBeUndefined());

  it('refuses unknown codes with 422 classifier.unknown_code naming each of them', async () => {
    const error = await rejection(testbed.lookup.assertKnown(['45210000-2', '45210000-3', '99999999-9']));
    expect(error).toMatchObject({
      code: 'classifier.unknown_code',
      kind: 'invalid',
      details: { unknownCodes: ['45210000-3', '99999999-9'] },
    });
  });

  it('checks against one scheme when told', async () => {
    const error = await rejection(testbed.lookup.assertKnown(['45210000-2'], 'CUCoP'));
    expect(error.details).toEqual({ unknownCodes: ['45210000-2'] });
  });
});

describe('usage', () => {
  const registered = async (code: string) => (await testbed.queries.get(code)).usage.suppliersRegistered;
  /** Each code's count of registered suppliers, checked one by one. */
  const expectRegistered = async (counts: Record<string, number>) => {
    for (const [code, count] of Object.entries(counts)) expect(await registered(code)).toBe(count);
  };

  it('counts each supplier once on its codes and every ancestor, and follows changes to its codes', async () => {
    await testbed.supplierRegistered('s-1', ['45211000-9', '45213000-3']);
    await testbed.supplierRegistered('s-2', ['45210000-2']);
    await testbed.caughtUp();
    await expectRegistered({ '45000000-7': 2, '45210000-2': 2, '45211000-9': 1, '45220000-5': 0 });

    await testbed.supplierCodesChanged('s-1', ['45220000-5']);
    await testbed.caughtUp();
    await expectRegistered({ '45211000-9': 0, '45210000-2': 1, '45220000-5': 1, '45000000-7': 2 });
  });

  it('counts CUCoP codes the same way, beside CPV ones: a supplier of both counts once up each tree', async () => {
    await testbed.supplierRegistered('s-mx', ['51500062', '29400004', '30213100-6']);
    await testbed.caughtUp();
    await expectRegistered({ '51500062': 1, '51501': 1, '5150': 1, '5000': 1, '2940': 1, '2000': 1 });
    await expectRegistered({ '30213100-6': 1, '30000000-9': 1, '21101': 0 });
  });

  it('counts against the versions in force: a code moved under another parent moves its usage, a code left out stops counting', async () => {
    const version = (number: string, codes: ReturnType<typeof aCode>[]) =>
      aSmallVersion({ scheme: 'MOVES', version: number, codes });
    await importClassifierVersion(
      testbed.store,
      version('1', [aCode('M1', null), aCode('M2', null), aCode('M11', 'M1')]),
    );
    await testbed.supplierRegistered('s-m', ['M11']);
    await testbed.caughtUp();
    expect([await registered('M1'), await registered('M2'), await registered('M11')]).toEqual([1, 0, 1]);

    await importClassifierVersion(
      testbed.store,
      version('2', [aCode('M1', null), aCode('M2', null), aCode('M11', 'M2')]),
    );
    await testbed.caughtUp();
    expect([await registered('M1'), await registered('M2'), await registered('M11')]).toEqual([0, 1, 1]);

    await importClassifierVersion(testbed.store, version('3', [aCode('M1', null), aCode('M2', null)]));
    await testbed.caughtUp();
    expect([await registered('M1'), await registered('M2'), await registered('M11')]).toEqual([0, 0, 0]);
  });
});

describe('rebuilding', () => {
  it('gives the same rows as the live projection, whatever the batches', async () => {
    await importClassifierVersion(
      testbed.store,
      aSmallVersion({ codes: [...aSmallVersion().codes, aCode('121', '12')] }),
      { chunkSize: 2 },
    );
    await testbed.supplierRegistered('s-3', ['111', '03111100-3']);
    await testbed.caughtUp();
    const live = await testbed.dump();

    const rebuilt = await testbed.liveRunner.rebuildProjection('classifier');
    expect(rebuilt.eventsDone).toBeGreaterThan(20);
    expect(await testbed.dump()).toEqual(live);
  });
});
