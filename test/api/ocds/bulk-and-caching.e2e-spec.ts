import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { unzipSync } from 'fflate';
import { CACHE_POLICY } from '@licita/platform';
import { CheckpointGenerations } from '@licita/projections';
import { Client } from 'pg';
import { dataDictionary } from '@licita/transparency/ocds/domain/flat-tables';
import { HTTP_TABLE } from '../../security/access-table';
import { at, DAY, eventually } from '../../support/time';
import { aContract, aDirectAward, aTender, type Party, TenderingApi, twoLots } from '../tendering/tendering-api';
import { OcdsReader } from './ocds-reader';

/**
 * Bulk CSV by period (the flat tables agree with the OCDS records of the same period, byte for byte with the
 * data dictionary's columns) and the HTTP caching of public reads (Cache-Control, Last-Modified, 304s, private
 * answers for signed-in callers, errors and read-your-writes), over the real API and PostgreSQL.
 */
let world: TenderingApi;
let ocds: OcdsReader;
let buyer: Party;
let supplier: Party;
let directId: string;
let openId: string;
let unitId: string;
const MARCH = '2026-03-10T16:00:00.000Z';
const APRIL = '2026-04-06T16:00:00.000Z';

beforeAll(async () => {
  world = await TenderingApi.start(MARCH);
  ocds = new OcdsReader(world);
  unitId = await world.buyingUnit();
  buyer = await world.buyer(unitId);
  supplier = await world.supplier('Proveedora Bulk');
  // March: a direct award of two lots (three items), both awarded, both contracted.
  const created = await buyer.post('/api/tenders', {
    ...aDirectAward(unitId, MARCH, supplier.supplierId),
    ...twoLots(),
  });
  directId = created.body.tenderId;
  const awarded = await buyer.post(`/api/tenders/${directId}/direct-award`, {
    lots: [
      { lotId: 'lot-1', amount: 26_000_001 },
      { lotId: 'lot-2', amount: 3_100_000 },
    ],
  });
  expect(awarded.status).toBe(200);
  for (const lotId of ['lot-1', 'lot-2'])
    expect((await buyer.post('/api/contracts', aContract(directId, MARCH, lotId))).status).toBe(201);
  // April: a public tender, published only.
  world.clock.set(APRIL);
  openId = (await buyer.post('/api/tenders', aTender(unitId, APRIL, twoLots()))).body.tenderId;
  expect((await buyer.post(`/api/tenders/${openId}/publish`)).status).toBe(200);
  world.clock.set(at(APRIL, 2 * DAY));
  await ocds.caughtUp();
}, 120_000);

afterAll(() => world?.close());

/** A CSV of this exporter (no quoted line breaks in these fixtures): BOM, then rows of cells. */
function parseCsv(bytes: Uint8Array): { bom: boolean; rows: string[][] } {
  const text = Buffer.from(bytes).toString('utf8');
  const bom = text.startsWith('\ufeff');
  const lines = text
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .filter((line) => line !== '');
  const cells = (line: string) =>
    [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, cell]) =>
      cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell,
    );
  return { bom, rows: lines.map(cells) };
}

const table = (files: Record<string, Uint8Array>, name: string) => {
  const { rows } = parseCsv(files[`${name}.csv`]);
  const [header, ...body] = rows;
  return body.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]])));
};

describe('bulk CSV by period', () => {
  it('lists each year and month with its procedures and files, newest first', async () => {
    const { body } = await world.anonymous('GET', '/api/bulk');
    expect(body.periods.map((p: any) => [p.period, p.kind, p.procedures, p.closed])).toEqual([
      ['2026', 'year', 2, false],
      ['2026-04', 'month', 1, false],
      ['2026-03', 'month', 1, true],
    ]);
    expect(body.periods[2]).toMatchObject({
      csv: '/api/bulk/csv/2026-03.zip',
      tables: { items: '/api/bulk/csv/2026-03/items.csv' },
      json: '/api/ocds/download?format=json.gz&period=2026-03',
    });
  });

  it('zips the six tables of a month: BOM, the dictionary’s columns, rows that agree with the OCDS records', async () => {
    const reply = await ocds.raw('/api/bulk/csv/2026-03.zip');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(reply.bytes));
    const dictionary = dataDictionary();
    expect(Object.keys(files)).toEqual(dictionary.map((t) => t.file));
    for (const { file, columns } of dictionary) {
      const { bom, rows } = parseCsv(files[file]);
      expect([file, bom]).toEqual([file, true]);
      expect(rows[0]).toEqual(columns.map((c) => c.name));
    }

    // The month's JSON package names the same processes; the direct award is compiled as its record says.
    const marchPackage = JSON.parse((await ocds.raw('/api/ocds/download?format=json&period=2026-03')).text);
    const ocids = [...new Set(marchPackage.releases.map((r: any) => r.ocid))];
    expect(table(files, 'procedures').map((row) => row.ocid)).toEqual(ocids);
    expect(ocids).toEqual([ocds.ocid(directId)]);
    const { compiledRelease: compiled } = (await ocds.json(`/api/ocds/records/${ocds.ocid(directId)}`)).records[0];
    expect(table(files, 'procedures')[0]).toMatchObject({
      id: compiled.id,
      'tender/procurementMethod': 'direct',
      'tender/value/amount': String(compiled.tender.value.amount),
      'buyer/id': compiled.buyer.id,
    });
    const keys = { ocid: compiled.ocid, id: compiled.id };
    expect(table(files, 'lots')).toEqual(
      compiled.tender.lots.map((lot: any) =>
        expect.objectContaining({ ...keys, 'tender/lots/0/id': lot.id, 'tender/lots/0/status': lot.status }),
      ),
    );
    expect(table(files, 'items').map((row) => [row['tender/items/0/id'], row['tender/items/0/relatedLot']])).toEqual([
      ['item-1', 'lot-1'],
      ['item-2', 'lot-1'],
      ['item-3', 'lot-2'],
    ]);
    expect(table(files, 'awards')).toEqual(
      compiled.awards.map((award: any) =>
        expect.objectContaining({
          ...keys,
          'awards/0/id': award.id,
          'awards/0/value/amount': String(award.value.amount),
          'awards/0/suppliers/0/id': `supplier-${supplier.supplierId}`,
          'awards/0/relatedLots': award.relatedLots.join(';'),
        }),
      ),
    );
    expect(compiled.awards).toHaveLength(2);
    expect(table(files, 'contracts').map((row) => row['contracts/0/awardID'])).toEqual(
      compiled.contracts.map((contract: any) => contract.awardID),
    );
    expect(compiled.contracts).toHaveLength(2);
    expect(table(files, 'parties').map((row) => [row['parties/0/id'], row['parties/0/roles']])).toEqual(
      compiled.parties.map((party: any) => [party.id, party.roles.join(';')]),
    );
  });

  it('serves one table alone, the same bytes as in the zip; the year holds both months', async () => {
    const items = await ocds.raw('/api/bulk/csv/2026-03/items.csv');
    expect(items.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const zipped = unzipSync(new Uint8Array((await ocds.raw('/api/bulk/csv/2026-03.zip')).bytes));
    expect(items.bytes.equals(Buffer.from(zipped['items.csv']))).toBe(true);
    const year = unzipSync(new Uint8Array((await ocds.raw('/api/bulk/csv/2026.zip')).bytes));
    expect(table(year, 'procedures').map((row) => row.ocid)).toEqual([ocds.ocid(directId), ocds.ocid(openId)].sort());
    expect(table(year, 'awards')).toHaveLength(2);
  });

  it('answers 404 problem+json for a period without procedures, a malformed one and an unknown table', async () => {
    for (const [path, code] of [
      ['/api/bulk/csv/2025-12.zip', 'ocds.bulk_period_not_found'],
      ['/api/bulk/csv/2026-13.zip', 'ocds.bulk_period_not_found'],
      ['/api/bulk/csv/marzo/items.csv', 'ocds.bulk_period_not_found'],
      ['/api/bulk/csv/2026-03/bids.csv', 'ocds.bulk_table_not_found'],
    ]) {
      const reply = await world.anonymous('GET', path);
      expect([path, reply.status, reply.headers.get('content-type'), reply.body.code]).toEqual([
        path,
        404,
        'application/problem+json; charset=utf-8',
        code,
      ]);
      expect(reply.headers.get('cache-control')).toBe('private, no-store');
    }
  });

  it('keeps a closed month a day, revalidated by its ETag; the open month five minutes', async () => {
    const march = await ocds.raw('/api/bulk/csv/2026-03/procedures.csv');
    expect(march.headers.get('cache-control')).toBe('public, max-age=86400, stale-while-revalidate=604800');
    const etag = march.headers.get('etag')!;
    expect(etag).toMatch(/^W\//);
    expect((await ocds.raw('/api/bulk/csv/2026-03/procedures.csv', { 'If-None-Match': etag })).status).toBe(304);
    expect((await ocds.raw('/api/bulk/csv/2026-03/lots.csv', { 'If-None-Match': etag })).status).toBe(200);
    const april = await ocds.raw('/api/bulk/csv/2026-04.zip');
    expect(april.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=3600');
  });

  it('publishes the data dictionary as JSON and as CSV', async () => {
    const json = await world.anonymous('GET', '/api/bulk/dictionary');
    expect(json.body).toEqual(dataDictionary());
    const items = json.body.find((t: any) => t.table === 'items');
    expect(items.columns.find((c: any) => c.name === 'tender/items/0/unit/value/amount')).toMatchObject({
      type: 'number',
    });
    const csv = await ocds.raw('/api/bulk/dictionary?format=csv');
    const { bom, rows } = parseCsv(csv.bytes);
    expect(bom).toBe(true);
    expect(rows[0]).toEqual(['file', 'column', 'type', 'description_es', 'description_en', 'example']);
    expect(rows.length - 1).toBe(dataDictionary().reduce((sum, t) => sum + t.columns.length, 0));
  });
});

describe('HTTP caching of public reads', () => {
  const LIST = '/api/transparency/tenders?limit=5';
  /**
   * The list once every projection has caught up and two seconds have begun since the last checkpoint moved:
   * only then is Last-Modified given (cache-policy.ts), and it holds while nothing is appended.
   */
  const settledList = () =>
    eventually('the read models settled and Last-Modified given', async () => {
      const caughtUp = (await world.api.projections.status()).every((projection) => projection.lag === 0);
      const reply = caughtUp && (await ocds.raw(LIST));
      return reply && reply.headers.get('last-modified') !== null && reply;
    });

  it('gives a list Cache-Control, Last-Modified and the weak ETag, and 304 on either validator', async () => {
    const first = await settledList();
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=60');
    expect(first.headers.get('vary')).toBe('Accept-Language, Authorization, Licita-Min-Position');
    const lastModified = first.headers.get('last-modified')!;
    const etag = first.headers.get('etag')!;
    expect(Date.parse(lastModified)).toBeLessThanOrEqual(Date.now());
    expect(etag).toMatch(/^W\//);
    const again = (headers: Record<string, string>) => ocds.raw(LIST, headers);
    expect((await again({ 'If-Modified-Since': lastModified })).status).toBe(304);
    expect((await again({ 'If-None-Match': etag })).status).toBe(304);
    // The ETag wins when both are sent (RFC 9110 13.2.2): a stale tag with a fresh date is a full answer.
    expect((await again({ 'If-None-Match': 'W/"old"', 'If-Modified-Since': lastModified })).status).toBe(200);
    expect((await again({ 'If-Modified-Since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).status).toBe(
      200,
    );
  });

  it('moves Last-Modified when the read model changes', async () => {
    const before = (await settledList()).headers.get('last-modified')!;
    world.clock.set(at(APRIL, 3 * DAY));
    const cancelled = await buyer.post(`/api/tenders/${openId}/cancel`, { reason: 'Ya no se requiere el equipo' });
    expect(cancelled.status).toBe(200);
    const after = await settledList();
    expect(Date.parse(after.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(before));
    expect((await ocds.raw(LIST, { 'If-Modified-Since': before })).status).toBe(200);
  });

  /**
   * A path's ETag once a revalidation with it is answered 304: the projections may still be applying the last
   * command's events (each batch draws a generation).
   */
  const revalidating = (path: string) =>
    eventually(`${path} revalidated`, async () => {
      const etag = (await ocds.raw(path)).headers.get('etag')!;
      const reply = await ocds.raw(path, { 'If-None-Match': etag });
      return reply.status === 304 && { etag, reply };
    });

  it('answers If-None-Match from the checkpoints held in memory; a change in the read model changes the ETag', async () => {
    await settledList();
    const { etag, reply: revalidated } = await revalidating(LIST);
    // The deployment, the URL, the language answered and the generations of the route's read models
    // (transparency, buying-units).
    expect(etag).toMatch(/^W\/"[\w-]{10}-[\w-]{8}-es-\d+\.\d+"$/);
    expect([revalidated.status, revalidated.headers.get('etag'), revalidated.text]).toEqual([304, etag, '']);
    expect(revalidated.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=60');
    expect(revalidated.headers.get('vary')).toBe('Accept-Language, Authorization, Licita-Min-Position');
    // Another language is another representation; an end-to-end reload is answered in full.
    const english = await ocds.raw(LIST, { 'If-None-Match': etag, 'Accept-Language': 'en' });
    expect(english.status).toBe(200);
    expect(english.headers.get('etag')).toMatch(/-en-[\d.]+"$/);
    expect((await ocds.raw(LIST, { 'If-None-Match': etag, 'Cache-Control': 'no-cache' })).status).toBe(200);
    // `*` matches any representation there is: left to the handler, so a missing procedure is still a 404.
    const missing = '/api/transparency/tenders/00000000-0000-4000-8000-000000000000';
    expect((await ocds.raw(missing, { 'If-None-Match': '*' })).status).toBe(404);

    world.clock.set(at(APRIL, 4 * DAY));
    const created = await buyer.post('/api/tenders', aTender(unitId, at(APRIL, 4 * DAY), twoLots()));
    expect((await buyer.post(`/api/tenders/${created.body.tenderId}/publish`)).status).toBe(200);
    // Only revalidations from here on: a full read would raise the memory itself; here only what the process
    // hears moves it (the notification at commit, or its read of every checkpoint once a second).
    const listed = (reply: { text: string }) =>
      JSON.parse(reply.text).items.some((item: { tenderId: string }) => item.tenderId === created.body.tenderId);
    const changed = await eventually('the new procedure listed, against the old ETag', async () => {
      const reply = await ocds.raw(LIST, { 'If-None-Match': etag });
      return reply.status === 200 && listed(reply) && reply;
    });
    expect(changed.headers.get('etag')).not.toBe(etag);
    // Once the change shows, the old ETag never earns a 304 again; the new one does.
    expect((await ocds.raw(LIST, { 'If-None-Match': etag })).status).toBe(200);
    expect((await revalidating(LIST)).etag).not.toBe(etag);
    // The detail reads tender-views too: its ETag names three generations.
    const detail = `/api/transparency/tenders/${created.body.tenderId}`;
    const { etag: detailTag } = await revalidating(detail);
    expect(detailTag).toMatch(/^W\/"[\w-]{10}-[\w-]{8}-es-\d+\.\d+\.\d+"$/);
    // A tag borrowed from another URL is no validator there.
    expect((await ocds.raw(`/api/transparency/tenders/${openId}`, { 'If-None-Match': detailTag })).status).toBe(200);
  });

  it('hears of a checkpoint written by any other session, and answers from the database while it cannot', async () => {
    const generations = world.api.api.app.get(CheckpointGenerations);
    const code = '/api/classifier/30213100-6';
    const { etag } = await revalidating(code);
    expect(etag).toMatch(/^W\/"[\w-]{10}-[\w-]{8}-es-\d+"$/);
    // Another API process's projector, as this one hears it: a checkpoint committed on another connection.
    const other = new Client({ connectionString: world.api.api.databaseUrl });
    await other.connect();
    try {
      // Waits for the word (a hang is the test's timeout); other projections' words may come first.
      const heard = async (above: bigint) => {
        while (!((generations.current(['etag-probe'])?.[0] ?? 0n) > above)) await generations.nextChange();
        return generations.current(['etag-probe'])![0];
      };
      await other.query(`INSERT INTO projection_checkpoints (name, position, version) VALUES ('etag-probe', 1, 1)`);
      const probe = await heard(0n);
      await other.query(`UPDATE projection_checkpoints SET position = 2 WHERE name = 'etag-probe'`);
      expect(await heard(probe)).toBeGreaterThan(probe);
      // A failure recorded, or a skip over others' events (the runner's advanceCheckpoint), changes no read model.
      const kept = async (update: string) =>
        BigInt((await other.query<{ generation: string }>(`${update} RETURNING generation::text`)).rows[0].generation);
      const now = generations.current(['etag-probe'])![0];
      expect(await kept(`UPDATE projection_checkpoints SET last_error = 'probe' WHERE name = 'etag-probe'`)).toBe(now);
      expect(
        await kept(`UPDATE projection_checkpoints SET position = 3, generation = NULL WHERE name = 'etag-probe'`),
      ).toBe(now);
      // Without a listening connection it trusts nothing in memory: the same 304, from the database.
      await eventually('a 304 from the database', async () => {
        const current = (await ocds.raw(code)).headers.get('etag')!;
        generations.distrust();
        expect(generations.current(['classifier'])).toBeUndefined();
        return (await ocds.raw(code, { 'If-None-Match': current })).status === 304;
      });
    } finally {
      await other.query(`DELETE FROM projection_checkpoints WHERE name = 'etag-probe'`);
      await other.end();
    }
  });

  it('keeps detail, statistics and classifier policies apart', async () => {
    const policy = async (path: string) => (await ocds.raw(path)).headers.get('cache-control');
    expect(await policy(`/api/transparency/tenders/${openId}`)).toBe('public, max-age=10, stale-while-revalidate=60');
    expect(await policy('/api/transparency/statistics')).toBe('public, max-age=300, stale-while-revalidate=600');
    expect(await policy('/api/classifier/30213100-6')).toBe('public, max-age=3600, stale-while-revalidate=86400');
    expect(await policy('/api/time')).toBe('no-store');
  });

  it('answers a signed-in caller, a read waiting for its own write and an error privately', async () => {
    const signedIn = await buyer.get(`/api/transparency/tenders/${openId}`);
    expect([signedIn.status, signedIn.headers.get('cache-control')]).toEqual([200, 'private, no-store']);
    const desk = await supplier.get('/api/me/procedures');
    expect(desk.headers.get('cache-control')).toBe('private, no-store');
    const waited = await ocds.raw(`/api/transparency/tenders/${openId}?minPosition=1`);
    expect([waited.status, waited.headers.get('cache-control')]).toEqual([200, 'no-cache']);
    expect(waited.headers.get('last-modified')).toBeNull();
    const missing = await ocds.raw('/api/transparency/tenders/00000000-0000-4000-8000-000000000000');
    expect([missing.status, missing.headers.get('cache-control')]).toEqual([404, 'private, no-store']);
    expect(missing.headers.get('last-modified')).toBeNull();
  });

  it('has a policy on every route the public may read (the access table’s GET rows open to anonymous)', () => {
    const publicRoutes = new Set(
      HTTP_TABLE.filter(
        (row) =>
          row.endpoint.startsWith('GET ') &&
          (row.cells.anonymous === 'ok' || new Set(Object.values(row.cells)).size === 1) &&
          !['401', '403'].includes(row.cells.anonymous),
      ).map((row) => row.endpoint.replace(/ \(.*\)$/, '')),
    );
    const app = world.api.api.app;
    const scanner = new MetadataScanner();
    const declared = new Map<string, boolean>();
    for (const wrapper of app.get(DiscoveryService).getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET) continue;
        const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const route = `GET /${[base, path].filter((part) => part && part !== '/').join('/')}`
          .replace(/\/+/g, '/')
          .replace(/:([A-Za-z]+)/g, '{$1}');
        declared.set(
          route,
          Reflect.getMetadata(CACHE_POLICY, handler) !== undefined ||
            Reflect.getMetadata(CACHE_POLICY, controller) !== undefined,
        );
      }
    }
    expect(publicRoutes.size).toBeGreaterThan(30);
    const unknown = [...publicRoutes].filter((route) => !declared.has(route));
    const withoutPolicy = [...publicRoutes].filter((route) => declared.get(route) === false);
    expect({ unknown, withoutPolicy }).toEqual({ unknown: [], withoutPolicy: [] });
  });
});
