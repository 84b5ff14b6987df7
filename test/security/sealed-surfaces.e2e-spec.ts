import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { closeWithBrowser, launchBrowser, ensureWebBuilt } from '../web/browser';
import { aProposal, aTender, laptopsAt, sha256, type Party } from '../api/tendering/tendering-api';
import { mapConcurrently } from '../support/map-concurrently';
import { HTTP_TABLE } from './access-table';
import { at, DAY, operations, ROLES, S, SecurityWorld, TENDERING, type Role } from './security-world';

/**
 * The sealed-contents leak search over every public surface, before and after the opening act (issue #16):
 * every GET of the OpenAPI document as every role, each paged list followed to its end at its largest page (so
 * the change feed, the OCDS release feed and download, the ledger's export and events are read whole), every
 * Socket.IO message a watcher of each role receives, and the web portal's pages as Chromium renders them.
 *
 * Four sealed proposals carry markers that cannot appear by chance (a document title and file name, a unit
 * price and the lot amount it makes, the document's hash):
 * - `opened`: supplier B's proposal to tender 1, opened at the act: absent before, present after (the control
 *   that the search finds what is there);
 * - `replaced`: the version of it that B replaced before the deadline: never shown;
 * - `withdrawn`: supplier D's proposal to tender 1, withdrawn before the deadline: never shown;
 * - `elsewhere`: B's proposal to tender 2, whose act has not come: never shown, although tender 1 is open.
 * The only place a marker may appear before its act is its own supplier's `GET …/proposals/mine`.
 */
const MARKS = {
  opened: { tag: 'SELLO-ab41c7', price: 2_371_947 },
  replaced: { tag: 'SELLO-rc92d4', price: 2_283_611 },
  withdrawn: { tag: 'SELLO-wd5e83', price: 2_192_353 },
  elsewhere: { tag: 'SELLO-ot7f16', price: 2_417_839 },
} as const;
type Mark = keyof typeof MARKS;
const titleOf = (mark: Mark) => `${MARKS[mark].tag} Propuesta técnica confidencial`;
const pesos = new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' });
/** Centavos as the portal shows them ("$247,194.70"), and as digits. */
const amountForms = (centavos: number) => [String(centavos), pesos.format(centavos / 100)];
/** lot-1: 10 laptops at the price + 10 × 100,000 (see laptopsAt). */
const markersOf = (mark: Mark) => [
  MARKS[mark].tag,
  ...amountForms(MARKS[mark].price),
  ...amountForms(10 * MARKS[mark].price + 1_000_000),
  sha256(titleOf(mark)),
];

function markedProposal(mark: Mark): Record<string, any> {
  const body = aProposal(laptopsAt(MARKS[mark].price), titleOf(mark));
  body.documents[0].fileName = `${MARKS[mark].tag}.pdf`;
  return body;
}

/** The web portal's public pages (the signed-in desks read the same endpoints with a token). */
const pagesOf = (ids: Ids) => [
  '/',
  `/licitaciones/${ids.tenderId}`,
  `/licitaciones/${ids.otherTenderId}`,
  `/proveedores/${ids.supplierB}`,
  `/proveedores/${ids.supplierD}`,
  `/unidades/${ids.unitId}`,
  '/estadisticas',
  '/datos-abiertos',
  `/subastas/${ids.auctionId}`,
];

type Ids = SecurityWorld['ids'] & { otherTenderId: string; supplierD: string };
/** What one caller saw at one place: `GET /api/feed`, `socket auction.snapshot`, `HTML /`. */
type Seen = { place: string; who: string; text: string };

let world: SecurityWorld;
let browser: Browser;
let ids: Ids;
let supplierD: Party;
const socketMessages: Seen[] = [];
const sockets: Array<[Role, Socket]> = [];

beforeAll(async () => {
  ensureWebBuilt();
  [world, browser] = await Promise.all([SecurityWorld.start(), launchBrowser()]);
  const buyer = world.callers['buyer of the unit'];
  const bidder = world.callers['supplier B'];
  supplierD = await world.tendering.supplier('Proveedora Delta');

  // A watcher of every role on the world's auction from now on: each message it gets is searched.
  for (const role of ROLES) sockets.push([role, await watcher(role)]);

  // Tender 2 of the same unit, published now: its act comes long after tender 1's.
  const created = await buyer.call('POST', '/api/tenders', { body: aTender(world.ids.unitId, TENDERING) });
  const otherTenderId = created.body.tenderId as string;
  expect((await buyer.call('POST', `/api/tenders/${otherTenderId}/publish`)).status).toBe(200);

  const tender1 = `/api/tenders/${world.ids.tenderId}/proposals`;
  const first = await bidder.call('POST', tender1, { body: markedProposal('replaced') });
  expect(first.status).toBe(201);
  world.clock.set(at(TENDERING, DAY));
  const replaced = await bidder.call('PUT', `${tender1}/${first.body.proposalId}`, { body: markedProposal('opened') });
  expect(replaced.status).toBeLessThan(300);
  const withdrawn = await supplierD.post(tender1, markedProposal('withdrawn'));
  expect(withdrawn.status).toBe(201);
  expect((await supplierD.call('DELETE', `${tender1}/${withdrawn.body.proposalId}`)).status).toBeLessThan(300);

  world.clock.set(at(TENDERING, 8 * DAY)); // tender 2's tendering period (its questions closed a week after TENDERING)
  const elsewhere = await bidder.call('POST', `/api/tenders/${otherTenderId}/proposals`, {
    body: markedProposal('elsewhere'),
  });
  expect(elsewhere.status).toBe(201);

  world.clock.set(at(S.submissionDeadline, 1_000)); // both deadlines of tender 1 passed, its act not yet held
  ids = { ...world.ids, otherTenderId, supplierD: supplierD.supplierId };
  await world.api.caughtUp();
}, 240_000);

afterAll(async () => {
  sockets.forEach(([, socket]) => socket.close());
  await closeWithBrowser(world, browser);
});

// ------------------------------------------------------------------------------------------ the surfaces

const MAX_PAGES = 200;

/** Every GET of the OpenAPI document as every role, each also for tender 2 and suppliers B and D, paged to the end. */
async function restAnswers(): Promise<Seen[]> {
  const walks: Array<Parameters<typeof allPages>> = [];
  for (const op of (await operations(world.url)).filter((o) => o.method === 'GET')) {
    const row = HTTP_TABLE.find((candidate) => candidate.endpoint === `GET ${op.path}`);
    const path = row ? row.path(ids) : op.path.replace(/\{[^}]+\}/g, ids.tenderId);
    const variants = [
      ...new Set([
        path,
        path.split(ids.tenderId).join(ids.otherTenderId),
        path.split(ids.supplierA).join(ids.supplierB),
        path.split(ids.supplierA).join(ids.supplierD),
      ]),
    ];
    const query = op.operation.parameters?.filter((p) => p.in === 'query') ?? [];
    const limit = query.find((p) => p.name === 'limit')?.schema as { maximum?: number } | undefined;
    const cursorName = query.find((p) => p.name === 'cursor' || p.name === 'after')?.name;
    for (const variant of variants) {
      for (const role of ROLES) {
        // Supplier B's own proposals, decrypted for it alone, are the one place its markers may be.
        if (role === 'supplier B' && variant.includes('/proposals/mine')) continue;
        walks.push([role, variant, limit?.maximum, cursorName]);
      }
    }
  }
  // Reads write nothing: the walks go REST_CONCURRENCY at a time (each walk's pages one after another, by cursor).
  return (await mapConcurrently(walks, (walk) => allPages(...walk), REST_CONCURRENCY)).flat();
}

/** Walks in flight at once: one at a time, the two searches' thousand-odd reads were most of this file's time. */
const REST_CONCURRENCY = 6;

async function allPages(role: Role, path: string, limit?: number, cursorName?: string): Promise<Seen[]> {
  const url = new URL(path, world.url);
  if (limit !== undefined) url.searchParams.set('limit', String(limit));
  const seen: Seen[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const reply = await world.callers[role].call('GET', `${url.pathname}${url.search}`);
    // An overloaded or refused-for-rate answer would hide what the page holds: none may stand in for it.
    if (reply.status === 429 || reply.status >= 500)
      throw new Error(`GET ${url.pathname}${url.search} as ${role}: ${reply.status} ${JSON.stringify(reply.body)}`);
    seen.push({ place: `GET ${url.pathname}`, who: `${role} (${url.search})`, text: JSON.stringify(reply.body) });
    const next = nextCursorOf(reply.body);
    if (!cursorName || next === undefined || next === url.searchParams.get(cursorName) || !hasRows(reply.body))
      return seen;
    url.searchParams.set(cursorName, next);
  }
  throw new Error(`${path}: more than ${MAX_PAGES} pages`);
}

function nextCursorOf(body: any): string | undefined {
  const next = body?.nextCursor ?? body?.next ?? body?.links?.next;
  if (next === null || next === undefined) return undefined;
  const text = String(next);
  return text.startsWith('http') ? (new URL(text).searchParams.get('after') ?? undefined) : text;
}

const hasRows = (body: unknown) =>
  Array.isArray(body) ||
  (body !== null && typeof body === 'object' && Object.values(body).some((v) => Array.isArray(v) && v.length > 0));

/** The portal's public pages as Chromium renders them (markup, attributes and text), once the data came. */
async function htmlPages(): Promise<Seen[]> {
  const context = await browser.newContext({ locale: 'es-MX' });
  try {
    // Three pages open side by side (each one's wait for its data, idle network and 300 ms, overlaps the others'),
    // not more: each must still reach an idle network within its 5 s on a loaded machine.
    const paths = pagesOf(ids);
    const seen: Seen[] = [];
    for (let start = 0; start < paths.length; start += 3)
      seen.push(
        ...(await Promise.all(
          paths.slice(start, start + 3).map(async (path): Promise<Seen> => {
            const page = await context.newPage();
            await page.goto(`${world.url}${path}`, { waitUntil: 'load' });
            await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
            await page.waitForTimeout(300);
            const html: Seen = { place: `HTML ${path}`, who: 'anonymous', text: await page.content() };
            await page.close();
            return html;
          }),
        )),
      );
    return seen;
  } finally {
    await context.close();
  }
}

/** A join's answer is the auction's snapshot as of now. */
/** A socket of `role` on the world's auction whose every message is kept for the search. */
async function watcher(role: Role): Promise<Socket> {
  const socket = await world.callers[role].socket(world.url);
  socket.onAny((event: string, ...args: unknown[]) =>
    socketMessages.push({ place: `socket ${event}`, who: role, text: JSON.stringify(args) }),
  );
  await joinAgain(role, socket);
  return socket;
}

/**
 * Joins again, as a watcher does after a reconnection. The world's clock moves days ahead, so a signed-in
 * watcher's token expires and the server ends its socket (`session.ended`): it signs in again and reconnects.
 */
async function rejoin(index: number): Promise<void> {
  const [role, socket] = sockets[index];
  const joined =
    socket.connected &&
    (await joinAgain(role, socket).then(
      () => true,
      () => false,
    ));
  if (joined && socket.connected) return;
  socket.close();
  sockets[index] = [role, await watcher(role)];
}

async function joinAgain(role: Role, socket: Socket): Promise<void> {
  const joined = await socket.timeout(10_000).emitWithAck('auction.join', { auctionId: world.ids.auctionId });
  socketMessages.push({ place: 'socket auction.join (ack)', who: role, text: JSON.stringify(joined) });
}

async function everySurface(): Promise<Seen[]> {
  await world.api.caughtUp();
  for (const index of sockets.keys()) await rejoin(index);
  return [...(await restAnswers()), ...socketMessages, ...(await htmlPages())];
}

/** Every marker of `marks` found, and where. */
const found = (seen: Seen[], marks: Mark[]) =>
  seen.flatMap(({ place, who, text }) =>
    marks.flatMap((mark) =>
      markersOf(mark)
        .filter((marker) => text.includes(marker))
        .map((marker) => ({ mark, marker, place, who })),
    ),
  );
const show = (hits: ReturnType<typeof found>) => hits.map((h) => `${h.mark} ${h.marker} in ${h.place} as ${h.who}`);
/** `GET /api/<area>`, `socket` or `HTML`. */
const kindOf = (place: string) => place.match(/^GET \/api\/[a-z-]+/)?.[0] ?? place.split(' ')[0];

// ------------------------------------------------------------------------------------------ the searches

describe('before the opening act', () => {
  it('no public surface shows any sealed proposal: REST (feed, OCDS, ledger included), Socket.IO, HTML', async () => {
    const seen = await everySurface();
    expect([...new Set(seen.map((s) => kindOf(s.place)))]).toEqual(
      expect.arrayContaining([
        'GET /api/tenders',
        'GET /api/feed',
        'GET /api/ocds',
        'GET /api/ledger',
        'socket',
        'HTML',
      ]),
    );
    expect(seen.filter((s) => s.place === 'socket auction.join (ack)').length).toBeGreaterThanOrEqual(2 * ROLES.length);
    expect(show(found(seen, ['opened', 'replaced', 'withdrawn', 'elsewhere']))).toEqual([]);
    // The owner's own view does hold them: the markers are what a leak would show.
    const own = JSON.stringify(
      (await world.callers['supplier B'].call('GET', `/api/tenders/${ids.tenderId}/proposals/mine`)).body,
    );
    const inJson = markersOf('opened').filter((marker) => !marker.startsWith('$')); // the portal's forms aside
    expect(inJson.filter((marker) => own.includes(marker))).toEqual(inJson);
  }, 300_000);
});

describe('after the opening act of tender 1', () => {
  let seen: Seen[];

  beforeAll(async () => {
    world.clock.set(S.openingDate);
    const opened = await world.callers['buyer of the unit'].call('POST', `/api/tenders/${ids.tenderId}/open`);
    expect(opened.status).toBe(200);
    seen = await everySurface();
  }, 300_000);

  it('shows the opened proposal (the search finds what is there)', () => {
    const where = [...new Set(found(seen, ['opened']).map((hit) => hit.place))];
    console.log(`the opened proposal's markers are now at:\n${where.join('\n')}`);
    expect(where).toEqual(
      expect.arrayContaining([`GET /api/tenders/${ids.tenderId}`, `HTML /licitaciones/${ids.tenderId}`]),
    );
  });

  it('still shows nowhere the replaced version, the withdrawn proposal, or the proposal to tender 2', () => {
    expect(show(found(seen, ['replaced', 'withdrawn', 'elsewhere']))).toEqual([]);
  });
});
