import { randomUUID } from 'node:crypto';
import type { EventToAppend, RecordedEvent } from '@licita/event-store/event-store.port';
import { aTenderContent, scheduleFrom, TENDER_KEY_ID } from '@licita/tendering/domain/tender.scenarios';
import { ProcurementLog } from '@licita/transparency/testing/procurement-log';
import { eventually, RegisterApi } from '../api/register/register-api';

/**
 * A mirror following the public change feed from the start gets every procedure exactly once, whatever the page
 * size, while the feed's positions cross several powers of ten (the feed once sorted its cursor as text: "100"
 * before "99", and a mirror skipped whole decades). The 10,000 procedures are appended straight through the
 * event store port (the events the real tender decider makes for one, copied under new ids), then projected.
 */
const TENDERS = 10_000;
const CONCURRENT_APPENDS = 32;
const PAGE_SIZES = [1, 2, 3, 7, 10, 13, 50];

const register = RegisterApi.use();

/** The events of a created and published tender, and the buying unit it belongs to, from the real deciders. */
function template(): { unit: RecordedEvent; tender: RecordedEvent[]; tenderId: string } {
  const log = new ProcurementLog();
  const tenderId = 'template-tender';
  const publishedAt = '2026-03-02T16:00:00.000Z';
  const content = aTenderContent({ schedule: scheduleFrom(publishedAt) });
  log.tender({ type: 'CreateTender', tenderId, content }, '2026-03-02T15:00:00.000Z', tenderId);
  log.tender({ type: 'PublishTender', tenderId, tenderKeyId: TENDER_KEY_ID, invitees: [] }, publishedAt, tenderId);
  const [unit, ...tender] = log.events;
  return { unit, tender, tenderId };
}

const toAppend = ({ type, data, metadata }: RecordedEvent, replace: (text: string) => string): EventToAppend => ({
  id: randomUUID(),
  type,
  data: JSON.parse(replace(JSON.stringify(data))),
  metadata: { ...metadata, correlationId: randomUUID() },
});

async function appendTenders(count: number): Promise<string[]> {
  const { store } = register();
  const { unit, tender, tenderId } = template();
  await store.appendToStream(unit.streamId, [toAppend(unit, (text) => text)], { expectedRevision: 'any' });
  const ids = Array.from({ length: count }, () => randomUUID());
  for (let start = 0; start < ids.length; start += CONCURRENT_APPENDS) {
    await Promise.all(
      ids.slice(start, start + CONCURRENT_APPENDS).map((id) =>
        store.appendToStream(
          `tender-${id}`,
          tender.map((event) => toAppend(event, (text) => text.replaceAll(tenderId, id))),
          { expectedRevision: 'no_stream' },
        ),
      ),
    );
  }
  return ids;
}

/** Follows `/api/feed` from the start, each page's size the next of `sizes`, until a page comes back empty. */
async function mirror(sizes: number[]): Promise<string[]> {
  const seen: string[] = [];
  let after: string | undefined;
  for (let page = 0; ; page++) {
    const query = new URLSearchParams({ limit: String(sizes[page % sizes.length]) });
    if (after !== undefined) query.set('after', after);
    const reply = await register().call('GET', `/api/feed?${query.toString()}`);
    expect(reply.status).toBe(200);
    if (reply.body.items.length === 0) return seen;
    seen.push(...reply.body.items.map((item: { tenderId: string }) => item.tenderId));
    after = reply.body.nextCursor;
  }
}

function duplicatesIn(ids: string[]): string[] {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([id]) => id);
}

it('mirrors 10,000 procedures through the feed with small pages, each exactly once', async () => {
  const before = await register().store.headPosition();
  const ids = await appendTenders(TENDERS);
  const head = await register().store.headPosition();
  expect(before).toBeLessThan(1_000n); // the feed's positions go from 3 digits to 5
  expect(head).toBeGreaterThanOrEqual(10_000n);
  await eventually(
    'the transparency projection caught up',
    async () => (await register().projections.status()).find((p) => p.name === 'transparency')?.lag === 0,
    60_000,
  );

  const seen = await mirror(PAGE_SIZES);

  expect(duplicatesIn(seen)).toEqual([]);
  expect(seen.length).toBe(TENDERS);
  expect(new Set(seen)).toEqual(new Set(ids));
}, 120_000);

it('refuses a cursor past the log (forged or not) with 400 feed.invalid_cursor, and still reads the old bare digits', async () => {
  const forged = Buffer.from(JSON.stringify(['feed', '9223372036854775808'])).toString('base64url');
  for (const after of [forged, '99999999999999999999', '-1', '1e21', 'abc'])
    expect([after, (await register().call('GET', `/api/feed?after=${after}`)).body.code]).toEqual([
      after,
      'feed.invalid_cursor',
    ]);
  const [first, second] = (await register().call('GET', '/api/feed?limit=2')).body.items;
  const position = JSON.parse(Buffer.from(first.cursor, 'base64url').toString())[1];
  const fromDigits = await register().call('GET', `/api/feed?after=${position}&limit=1`);
  expect(fromDigits.body.items.map((item: { tenderId: string }) => item.tenderId)).toEqual([second.tenderId]);
});
