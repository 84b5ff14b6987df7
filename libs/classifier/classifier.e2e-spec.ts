import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { IsArray, IsString } from 'class-validator';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import { ProjectionRunner } from '@licita/projections/projection-runner';
import { eventually, MemoryLogger } from '@licita/projections/testing/projection-testbed';
import { DataSource } from 'typeorm';
import { startTestApi, type TestApi } from '../../test/support/api-app';
import { ClassifierLookup } from './application/classifier-lookup';
import { ClassifierModule } from './classifier.module';
import { ClassifierProjection } from './projections/classifier.projection';

class ItemsDto {
  @IsArray()
  @IsString({ each: true })
  codes!: string[];
}

/** What a context that takes codes (tender items, supplier registrations) does before deciding. */
@Controller('test/items')
class ItemsController {
  constructor(private readonly classifier: ClassifierLookup) {}

  @Post()
  @HttpCode(204)
  async add(@Body() items: ItemsDto): Promise<void> {
    await this.classifier.assertKnown(items.codes);
  }
}

@Module({ imports: [ClassifierModule], controllers: [ItemsController] })
class ItemsModule {}

let api: TestApi;
let runner: ProjectionRunner;

beforeAll(async () => {
  // Starting the app imports the shipped CPV 2008 (DefaultClassifierInstaller); the runner projects it.
  api = await startTestApi({ imports: [ClassifierModule, ItemsModule] });
  const eventStore = api.app.get<EventStore>(EVENT_STORE);
  runner = new ProjectionRunner({
    dataSource: api.app.get(DataSource),
    eventStore,
    pollIntervalMs: 100,
    lockRetryMs: 50,
    logger: new MemoryLogger(),
  });
  runner.register(api.app.get(ClassifierProjection));
  await runner.start();
  const head = await eventStore.headPosition();
  await eventually(
    'the classifier projection to apply CPV 2008',
    async () => (await runner.status())[0].position >= head,
    60_000,
  );
}, 90_000);

afterAll(async () => {
  await runner?.stop();
  await api?.close();
});

async function get(path: string): Promise<{ status: number; type: string | null; body: any }> {
  const response = await fetch(`${api.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

describe('GET /api/classifier', () => {
  it('searches without accents or case, anonymously', async () => {
    const { status, body } = await get('/api/classifier?q=construccion&limit=3');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(3);
    expect(
      body.items.every((item: { description: { es: string } }) => /construcci[oó]n/i.test(item.description.es)),
    ).toBe(true);
    expect(body.nextCursor).toEqual(expect.any(String));
    const next = await get(`/api/classifier?q=construccion&limit=3&cursor=${body.nextCursor}`);
    expect(next.body.items[0].code).not.toBe(body.items[2].code);
  });

  it('browses by prefix', async () => {
    const { body } = await get('/api/classifier?prefix=4521&limit=2');
    expect(body.items.map((item: { code: string }) => item.code)).toEqual(['45210000-2', '45211000-9']);
    expect(body.items[0]).toMatchObject({
      scheme: 'CPV',
      parent: '45200000-9',
      level: 'class',
      depth: 3,
      category: 'works',
      usage: { tenders: 0, items: 0, estimatedAmount: { amount: 0, currency: 'MXN' }, suppliersRegistered: 0 },
    });
  });

  it('gives the total of a browse, the same on every page: every code under the prefix', async () => {
    const pages = [await get('/api/classifier?prefix=4521&scheme=CPV&limit=100')];
    while (pages[pages.length - 1].body.nextCursor) {
      const cursor = pages[pages.length - 1].body.nextCursor as string;
      pages.push(await get(`/api/classifier?prefix=4521&scheme=CPV&limit=100&cursor=${cursor}`));
    }
    const codes = pages.flatMap((page) => page.body.items);
    expect(codes.length).toBeGreaterThan(100);
    for (const page of pages) expect(page.body.total).toEqual({ value: codes.length, exact: true });
  });

  it('answers a bad query with 400 problem+json', async () => {
    const { status, type, body } = await get('/api/classifier?limit=1000&colour=red');
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body.code).toBe('request.invalid');
  });

  it('answers a cursor it never issued with 422 classifier.invalid_cursor', async () => {
    const { status, body } = await get('/api/classifier?cursor=garbage');
    expect(status).toBe(422);
    expect(body.code).toBe('classifier.invalid_cursor');
  });
});

describe('a Mexican deployment: CUCoP by default, CPV beside it', () => {
  const codes = (body: { items: Array<{ code: string }> }) => body.items.map((item) => item.code);

  it('has both installed, CUCoP first (CLASSIFIER_SCHEMES=CUCOP,CPV by default)', async () => {
    const { status, body } = await get('/api/classifier/schemes');
    expect(status).toBe(200);
    expect(body.items).toEqual([
      { scheme: 'CUCoP', version: 'classic', codeCount: 12_049, default: true },
      { scheme: 'CPV', version: '2008', codeCount: 9_454, default: false },
    ]);
  });

  it('finds the search example, "computadora portátil", and what people call it, in either scheme', async () => {
    for (const q of ['computadora portátil', 'laptop', 'equipo de cómputo portátil']) {
      const cucop = await get(`/api/classifier?q=${encodeURIComponent(q)}&scheme=CUCOP&limit=5`);
      expect(codes(cucop.body)).toContain('51500062'); // Microcomputadora portatil (eq. De computacion)
    }
    const cpv = await get(`/api/classifier?q=${encodeURIComponent('computadora portátil')}&scheme=CPV&limit=5`);
    expect(codes(cpv.body)).toContain('30213100-6'); // Ordenadores portátiles
  });

  it('answers everyday words: papel bond, llantas, cubrebocas; "ordenador" is no milking machine', async () => {
    const first = async (q: string) =>
      (await get(`/api/classifier?q=${encodeURIComponent(q)}&scheme=CUCoP&limit=5`)).body.items[0];
    expect(await first('papel bond')).toMatchObject({ code: '21100133', description: { es: 'Papel bond' } });
    expect((await first('llantas')).description.es).toMatch(/^Llantas/);
    expect((await first('cubrebocas')).description.es).toBe('Cubre boca');
    const ordenador = await get('/api/classifier?q=ordenador&limit=50');
    expect(ordenador.body.items.length).toBeGreaterThan(0);
    expect(ordenador.body.items.filter((item: any) => /ordeñ/i.test(item.description.es ?? ''))).toEqual([]);
  });

  it('pages through a text search with its cursor, without repeats', async () => {
    const page = await get('/api/classifier?q=cemento&scheme=CUCoP&limit=3');
    const next = await get(`/api/classifier?q=cemento&scheme=CUCoP&limit=3&cursor=${page.body.nextCursor}`);
    expect(next.status).toBe(200);
    const seen = [...codes(page.body), ...codes(next.body)];
    expect(new Set(seen).size).toBe(6);
  });

  it('gives the total of a text search: every code it pages through, the same on each page', async () => {
    const all = await get('/api/classifier?q=cemento&scheme=CUCoP&limit=100');
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items.length).toBeGreaterThan(3);
    const page = await get('/api/classifier?q=cemento&scheme=CUCoP&limit=3');
    const next = await get(`/api/classifier?q=cemento&scheme=CUCoP&limit=3&cursor=${page.body.nextCursor}`);
    for (const one of [all, page, next]) {
      expect(one.body.total).toEqual({ value: all.body.items.length, exact: true });
    }
  });
});

describe('GET /api/classifier/{code}', () => {
  it('gives the code with ancestors, children and usage', async () => {
    const { status, body } = await get('/api/classifier/30192100-2');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      code: '30192100-2',
      level: 'subcategory',
      description: { es: 'Gomas de borrar', en: 'Erasers' },
      usage: { suppliersRegistered: 0 },
    });
    expect(body.ancestors.map((ancestor: { code: string }) => ancestor.code)).toEqual([
      '30000000-9',
      '30100000-0',
      '30190000-7',
      '30192000-1',
    ]);
    expect(body.children.map((child: { code: string }) => child.code)).toContain('30192121-5');
  });

  it('answers an unknown code with 404 classifier.unknown_code', async () => {
    const { status, type, body } = await get('/api/classifier/45210000-3');
    expect(status).toBe(404);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ code: 'classifier.unknown_code', details: { unknownCodes: ['45210000-3'] } });
  });
});

describe('codes taken by other contexts', () => {
  const post = (codes: string[]) =>
    fetch(`${api.url}/test/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ codes }),
    });

  it('accepts known codes', async () => expect((await post(['45210000-2', '30192121-5'])).status).toBe(204));

  it('refuses unknown ones with 422 classifier.unknown_code naming them', async () => {
    const response = await post(['45210000-2', '45210000', '99999999-9']);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      code: 'classifier.unknown_code',
      details: { unknownCodes: ['45210000', '99999999-9'] },
    });
  });
});
