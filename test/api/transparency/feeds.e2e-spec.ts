import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { AccountRegistry } from '@licita/identity/application/account-registry';
import ICAL from 'ical.js';
import { at, DAY, eventually, HOUR } from '../../support/time';
import { aProposal, laptopsAt, type Party, scheduleFrom, TenderingApi } from '../tendering/tendering-api';

/**
 * Atom feeds and calendars over HTTP on procedures driven through the tendering API (real application,
 * PostgreSQL, projections, ManualClock). Every feed is parsed back with a real parser: Atom with fast-xml-parser
 * (the elements RFC 4287 requires), iCalendar with ical.js. A moved deadline bumps its SEQUENCE, a cancelled
 * procedure's dates are CANCELLED, desk calendars open only with their latest secret address, and nothing sealed
 * (bidders, prices, proposal texts) is in any feed.
 */
const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);
const MARKER = 'Propuesta MARCADOR-5f1c';
const MARKER_PRICE = 2_345_671;

let world: TenderingApi;
let unitId: string;
let buyer: Party;
let bidder: Party;
let bystander: Party;
let tenderId: string;
let cancelledId: string;

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'entry' });
const get = (path: string, headers: Record<string, string> = {}) => world.api.call('GET', path, { headers });

/** The projections the feeds read have applied the whole log (each test then reads a settled state). */
const caughtUp = () =>
  eventually('the transparency and calendar projections caught up', async () =>
    (await world.api.projections.status())
      .filter((p) => ['transparency', 'calendar-dates', 'supplier-proposals'].includes(p.name))
      .every((p) => p.lag === 0),
  );

/** A GET's text once `ready` holds (the projections apply commands within moments). */
const when = (path: string, ready: (text: string) => boolean) =>
  eventually(`GET ${path}`, async () => {
    const reply = await get(path);
    return reply.status === 200 && typeof reply.body === 'string' && ready(reply.body) && reply;
  });

type Vevent = {
  uid: string;
  sequence: number;
  start: string;
  end: string;
  summary: string;
  status: string;
  url: string;
};

function vevents(text: string): Vevent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      summary: event.summary,
      status: String(vevent.getFirstPropertyValue('status')),
      url: String(vevent.getFirstPropertyValue('url')),
    };
  });
}

/** The Atom document parsed, its required elements checked (RFC 4287 §4.1.1, §4.1.2). */
function atom(text: string) {
  const { feed } = xml.parse(text);
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  expect(feed).toMatchObject({ id: expect.any(String), title: expect.any(String), updated: expect.any(String) });
  expect(Date.parse(feed.updated)).not.toBeNaN();
  const links = [feed.link].flat();
  expect(links.map((l: any) => l['@rel'])).toEqual(expect.arrayContaining(['alternate', 'self']));
  const entries: any[] = feed.entry ?? [];
  for (const entry of entries) {
    expect(entry.id).toMatch(/^tag:localhost,2026:tender\//);
    expect(typeof entry.title['#text']).toBe('string');
    expect(Date.parse(entry.updated)).not.toBeNaN();
    expect([entry.link].flat()[0]['@href']).toMatch(/\/licitaciones\//);
  }
  return { feed, entries };
}

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z');
  unitId = await world.buyingUnit();
  buyer = await world.buyer(unitId);
  bidder = await world.supplier('Proveedora Postora');
  bystander = await world.supplier('Proveedora Ajena');
  cancelledId = await world.publishedTender(buyer, at(P, -HOUR), { title: 'Papel bond para oficinas' });
  tenderId = await world.publishedTender(buyer, P);
  world.clock.set(at(S.questionsDeadline, HOUR));
  const submitted = await bidder.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(MARKER_PRICE), MARKER));
  expect(submitted.status).toBe(201);
  await caughtUp();
}, 120_000);

afterAll(() => world?.close());

describe('the Atom feed of a search', () => {
  it('takes the search’s own parameters and lists its procedures, latest changed first', async () => {
    const path = `/api/feeds/tenders.atom?buyingUnitId=${unitId}&q=papel`;
    const reply = await when(path, (text) => text.includes('<entry>'));
    expect(reply.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const { feed, entries } = atom(reply.body);
    expect(entries.map((e) => e.id)).toEqual([`tag:localhost,2026:tender/${cancelledId}`]);
    expect(entries[0].title['#text']).toContain('Papel bond para oficinas');
    expect(feed.id).toBe(`tag:localhost,2026:tenders?buyingUnitId=${unitId}&q=papel`);
    const all = atom((await when(`/api/feeds/tenders.atom?buyingUnitId=${unitId}`, (t) => t.includes(tenderId))).body);
    expect(new Set(all.entries.map((e) => e.id))).toEqual(
      new Set([tenderId, cancelledId].map((id) => `tag:localhost,2026:tender/${id}`)),
    );
    const updated = all.entries.map((e) => Date.parse(e.updated));
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
  });

  it('answers 304 to a reader that has it already (ETag)', async () => {
    const path = `/api/feeds/tenders.atom?buyingUnitId=${unitId}`;
    await eventually('the same feed twice', async () => {
      const etag = (await get(path)).headers.get('etag');
      // fetch adds `Cache-Control: no-cache` to a conditional request (which asks the server not to answer 304) unless told one
      return !!etag && (await get(path, { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' })).status === 304;
    });
  });

  it('refuses a bad filter with problem+json, as the search does', async () => {
    const reply = await get('/api/feeds/tenders.atom?minValue=10&maxValue=1');
    expect(reply).toMatchObject({ status: 400, body: { code: 'transparency.invalid_range' } });
  });
});

describe('the Atom feed of a procedure', () => {
  it('has an entry per step of its timeline, in English when asked, with stable ids', async () => {
    const path = `/api/feeds/tenders/${tenderId}.atom?lang=en`;
    const { feed, entries } = atom((await when(path, (text) => text.includes('The call was published'))).body);
    expect(feed.id).toBe(`tag:localhost,2026:tender/${tenderId}`);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.every((e) => e.id.startsWith(`tag:localhost,2026:tender/${tenderId}/step/`))).toBe(true);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const again = atom((await get(path)).body);
    expect(again.entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));
    const spanish = atom((await get(`/api/feeds/tenders/${tenderId}.atom`, { 'Accept-Language': 'es-MX' })).body);
    expect(spanish.entries.map((e) => e.title['#text']).join(' ')).toContain('Se publicó la convocatoria');
  });

  it('is 404 for a procedure that does not exist', async () => {
    expect(await get('/api/feeds/tenders/no-such-tender.atom')).toMatchObject({
      status: 404,
      body: { code: 'tender.not_found' },
    });
  });
});

describe('the calendar', () => {
  it('lists the announced dates of the search’s procedures as JSON', async () => {
    const dates = await eventually('the calendar dates', async () => {
      const reply = await get(`/api/calendar?buyingUnitId=${unitId}`);
      return reply.status === 200 && reply.body.length === 6 && reply.body;
    });
    expect(dates.filter((d: any) => d.tenderId === tenderId)).toEqual([
      expect.objectContaining({ kind: 'questions_deadline', startsAt: S.questionsDeadline, sequence: 0 }),
      expect.objectContaining({ kind: 'submission_deadline', startsAt: S.submissionDeadline, sequence: 0 }),
      expect.objectContaining({ kind: 'opening', startsAt: S.openingDate, cancelled: false }),
    ]);
    expect((await get(`/api/calendar?q=papel&buyingUnitId=${unitId}`)).body).toHaveLength(3);
    expect(await get('/api/calendar?from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z')).toMatchObject({
      status: 400,
      body: { code: 'calendar.invalid_range' },
    });
  });

  it('moves a deadline with a new SEQUENCE, and cancels a cancelled procedure’s dates', async () => {
    const amendedAt = at(S.submissionDeadline, -2 * DAY);
    world.clock.set(amendedAt);
    const amended = await buyer.post(`/api/tenders/${tenderId}/amendments`, {
      changes: { description: 'Se aclara el plazo de garantía.' },
      reason: 'Aclaración',
    });
    expect(amended).toMatchObject({ status: 201, body: { deadlineExtended: true } });
    await caughtUp();
    const deadline = amended.body.schedule.submissionDeadline as string;
    expect(
      (await buyer.post(`/api/tenders/${cancelledId}/cancel`, { reason: 'Restricción presupuestal' })).status,
    ).toBe(200);
    const path = `/api/calendar.ics?buyingUnitId=${unitId}&lang=en&from=${P}`;
    const reply = await when(path, (text) => text.includes('STATUS:CANCELLED') && text.includes('SEQUENCE:1'));
    expect(reply.headers.get('content-type')).toMatch(/^text\/calendar/);
    const events = vevents(reply.body);
    const submission = events.find((e) => e.uid === `${tenderId}/submission_deadline@localhost`);
    expect(submission).toMatchObject({ sequence: 1, start: deadline, status: 'CONFIRMED' });
    expect(submission?.summary).toContain('Proposal submission deadline');
    expect(submission?.url).toMatch(new RegExp(`^http://localhost:\\d+/licitaciones/${tenderId}$`));
    expect(events.find((e) => e.uid === `${tenderId}/questions_deadline@localhost`)).toMatchObject({ sequence: 0 });
    const cancelled = events.filter((e) => e.uid.startsWith(cancelledId));
    expect(cancelled.map((e) => [e.status, e.sequence])).toEqual([
      ['CANCELLED', 1],
      ['CANCELLED', 1],
      ['CANCELLED', 1],
    ]);
  });
  it('rebuilds from zero to the same rows', async () => {
    const rows = () => world.api.db.query('SELECT * FROM calendar_dates ORDER BY tender_id, date_key');
    await caughtUp();
    const live = await rows();
    expect(live).toHaveLength(6);
    await world.api.projections.rebuildProjection('calendar-dates');
    expect(await rows()).toEqual(live);
  });
});

describe('desk calendars', () => {
  it('gives a supplier a secret address with its own procedures only, and the one before stops working', async () => {
    const first = await bidder.post('/api/calendar/desk-feed');
    expect(first).toMatchObject({ status: 201, body: { url: expect.stringContaining('/api/calendar/desks/') } });
    const path = (url: string) => new URL(url).pathname;
    const own = vevents((await get(path(first.body.url))).body);
    expect(new Set(own.map((e) => e.uid.split('/')[0]))).toEqual(new Set([tenderId]));
    expect(vevents((await get(path((await bystander.post('/api/calendar/desk-feed')).body.url))).body)).toEqual([]);

    const second = await bidder.post('/api/calendar/desk-feed');
    expect((await get(path(second.body.url))).status).toBe(200);
    expect(await get(path(first.body.url))).toMatchObject({ status: 403, body: { code: 'calendar.feed_revoked' } });
    const [account, feed] = path(second.body.url).split('/').pop()!.split('.');
    expect(await get(`/api/calendar/desks/${account}.${feed}.forged.ics`)).toMatchObject({
      status: 403,
      body: { code: 'calendar.feed_revoked' },
    });
    const issued = (await world.events(`desk-calendar-${bidder.ids.accountId}`)).map((e) => e.type);
    expect(issued).toEqual(['DeskCalendarFeedIssued', 'DeskCalendarFeedIssued']);
  });

  it('stops working once its account is disabled', async () => {
    const address = new URL((await bystander.post('/api/calendar/desk-feed')).body.url).pathname;
    expect((await get(address)).status).toBe(200);
    await world.api.api.app
      .get(AccountRegistry)
      .handle(
        { type: 'DisableAccount', accountId: bystander.ids.accountId, reason: 'Dejó la empresa' },
        { actor: 'account-registrar', correlationId: randomUUID(), now: world.clock.now() },
      );
    expect(await get(address)).toMatchObject({ status: 403, body: { code: 'calendar.feed_revoked' } });
  });

  it("gives a buyer its unit's procedures, and no address to the public", async () => {
    const issued = await buyer.post('/api/calendar/desk-feed');
    const events = vevents((await get(new URL(issued.body.url).pathname)).body);
    expect(new Set(events.map((e) => e.uid.split('/')[0]))).toEqual(new Set([tenderId, cancelledId]));
    expect((await world.anonymous('POST', '/api/calendar/desk-feed', {})).status).toBe(401);
  });
});

describe('sealed contents', () => {
  it('never show in a feed or a calendar before the opening act', async () => {
    const paths = [
      `/api/feeds/tenders.atom?buyingUnitId=${unitId}`,
      `/api/feeds/tenders/${tenderId}.atom`,
      `/api/feeds/tenders/${tenderId}.atom?lang=en`,
      `/api/calendar?buyingUnitId=${unitId}`,
      `/api/calendar.ics`,
    ];
    const text = JSON.stringify(await Promise.all(paths.map(async (p) => (await get(p)).body)));
    const secrets = [bidder.supplierId, 'Postora', MARKER, String(MARKER_PRICE), bystander.supplierId];
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  });
});
