import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DOCUMENT_STORE, type DocumentStore, type TempBlob } from '@licita/documents';
import { EVENT_STORE, EventStoreUnavailable, type EventStore } from '@licita/event-store';
import type { Party } from '../tendering/tendering-api';
import { aPdf, DocumentsWorld, sha256 } from './documents-api';

/**
 * The store or the event store failing in the middle of an upload: a clear refusal, and nothing half-kept —
 * no event naming bytes that are not there, no blob of an upload that was not recorded, no temp left.
 */
let world: DocumentsWorld;
let supplier: Party;
let store: DocumentStore;
let events: EventStore;

beforeAll(async () => {
  world = await DocumentsWorld.start('filesystem');
  supplier = await world.world.supplier('Ferretería Centro');
  store = world.world.api.api.app.get(DOCUMENT_STORE);
  events = world.world.api.api.app.get(EVENT_STORE);
}, 120_000);
afterAll(() => world?.close());
afterEach(() => jest.restoreAllMocks());

const documentEvents = async (): Promise<number> => {
  const [row] = await world.world.api.db.query(
    `SELECT count(*)::int AS n FROM es_events WHERE stream_id LIKE 'document-%'`,
  );
  return row.n;
};
const temps = () => readdir(join(world.dir, 'tmp')).catch(() => [] as string[]);

it('refuses with document.store_unavailable when the store fails while writing, and records nothing', async () => {
  const begin = store.begin.bind(store);
  jest.spyOn(store, 'begin').mockImplementationOnce(async () => {
    const temp = await begin();
    await store.abort(temp);
    const failing = new Writable({ write: (_chunk, _encoding, done) => done(new Error('EIO: disk failed')) });
    const written = new Promise<never>((_resolve, reject) => failing.on('error', reject));
    written.catch(() => undefined);
    return { id: temp.id, writable: failing, written } satisfies TempBlob;
  });
  const before = await documentEvents();
  const bytes = aPdf();

  const refused = await world.upload(supplier, [{ name: 'a.pdf', bytes }]);

  expect([refused.status, refused.body.code]).toEqual([503, 'document.store_unavailable']);
  expect(await documentEvents()).toBe(before);
  expect(await store.has(sha256(bytes))).toBe(false);
  expect(await temps()).toEqual([]);
});

it('keeps no blob and no temp when the append fails', async () => {
  jest
    .spyOn(events, 'appendToStream')
    .mockRejectedValueOnce(new EventStoreUnavailable('the event store is down for this test'));
  const before = await documentEvents();
  const bytes = aPdf();

  const refused = await world.upload(supplier, [{ name: 'a.pdf', bytes }]);

  expect([refused.status, refused.body.code]).toEqual([503, 'service.unavailable']);
  expect(await documentEvents()).toBe(before);
  expect(await store.has(sha256(bytes))).toBe(false);
  expect(await temps()).toEqual([]);
});

it('answers document.store_unavailable when the commit fails, shows no document, and a retry completes it', async () => {
  jest.spyOn(store, 'commit').mockRejectedValueOnce(new Error('EIO: link failed'));
  const bytes = aPdf();
  const key = `upload-${sha256(bytes).slice(0, 16)}`;

  const refused = await world.upload(supplier, [{ name: 'a.pdf', bytes }], { 'Idempotency-Key': key });

  expect([refused.status, refused.body.code]).toEqual([503, 'document.store_unavailable']);
  expect(await store.has(sha256(bytes))).toBe(false);
  expect(await temps()).toEqual([]);

  const retried = await world.upload(supplier, [{ name: 'a.pdf', bytes }], { 'Idempotency-Key': key });
  expect(retried.status).toBe(201);
  const content = await world.get(supplier, `/api/documents/${retried.body.documentId}/content`);
  expect(Buffer.from(await content.arrayBuffer())).toEqual(bytes);
});

it('shows no document whose bytes never reached their final key', async () => {
  jest.spyOn(store, 'commit').mockRejectedValueOnce(new Error('EIO: link failed'));
  const before = await documentEvents();
  await world.upload(supplier, [{ name: 'a.pdf', bytes: aPdf() }]);
  const [row] = await world.world.api.db.query(
    `SELECT stream_id FROM es_events WHERE stream_id LIKE 'document-%' ORDER BY global_position DESC LIMIT 1`,
  );
  expect(await documentEvents()).toBe(before + 1);
  const documentId = (row.stream_id as string).slice('document-'.length);
  expect((await world.get(supplier, `/api/documents/${documentId}`)).status).toBe(404);
});
