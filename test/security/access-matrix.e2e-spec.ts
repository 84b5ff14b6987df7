import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Socket } from 'socket.io-client';
import { PLAIN_SOCKET_MESSAGE } from '@licita/auctions';
import { HTTP_TABLE, renderAccessTable, SOCKET_TABLE, type Cell, type Cells, type HttpRow } from './access-table';
import { at, AUCTION_STARTS, operations, ROLES, SecurityWorld, SIGN_IN, type Reply, type Role } from './security-world';

/**
 * The access table (access-table.ts) against the real API: every row's request sent as each of the seven
 * roles, over HTTP and over Socket.IO, the outcome compared with the table. The table covers every route of
 * the OpenAPI document and every message the gateways subscribe to; the README shows the table rendered.
 */
const README = join(__dirname, '../../README.md');
const BEGIN = '<!-- access-table:begin -->\n';
const END = '<!-- access-table:end -->';

/** The README with the block between the markers replaced, and the block as it is now. */
function readmeAccessBlock(rendered: string): { current: string; updated: string } {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${BEGIN.trim()} … ${END} markers`);
  return {
    current: readme.slice(start + BEGIN.length, end),
    updated: readme.slice(0, start + BEGIN.length) + rendered + readme.slice(end),
  };
}
const AUTH_CODES: Record<string, Cell> = { 'auth.unauthenticated': '401', 'auth.forbidden': '403' };
/** Refusals of the caller as such; any other code (`auth.invalid_credentials` too) is about what was sent. */
const REFUSALS = new Set([...Object.keys(AUTH_CODES), 'auth.password_change_required']);

let world: SecurityWorld;

beforeAll(async () => {
  world = await SecurityWorld.start();
}, 120_000);

afterAll(() => world?.close());

const routeOf = (endpoint: string) => endpoint.replace(/ \(.*\)$/, '');

/** What the caller got, in the table's terms (anything unexpected is shown as `status code`). */
function httpCell(row: HttpRow, expected: Cell, reply: Reply): string {
  const code: string | undefined = reply.body?.code;
  if (reply.status >= 200 && reply.status < 300) return 'ok';
  if (code && AUTH_CODES[code]) return AUTH_CODES[code];
  if (code === expected) return expected;
  if (reply.status === 404) return '404';
  const command = !row.endpoint.startsWith('GET ');
  if (command && reply.status < 500 && !REFUSALS.has(code ?? '')) return 'ok';
  return `${reply.status} ${code}`;
}

describe('the table', () => {
  it('has a row for every route of the OpenAPI document, and no row for a route it does not list', async () => {
    const documented = (await operations(world.url)).map((op) => op.endpoint).sort();
    const tabled = [...new Set(HTTP_TABLE.map((row) => routeOf(row.endpoint)))].sort();
    expect({
      missingFromTable: documented.filter((e) => !tabled.includes(e)),
      notInOpenApi: tabled.filter((e) => !documented.includes(e)),
    }).toEqual({
      missingFromTable: [],
      notInOpenApi: [],
    });
  });

  it('has a row for every Socket.IO message a gateway subscribes to', () => {
    const discovery = world.api.api.app.get(DiscoveryService);
    const scanner = new MetadataScanner();
    const subscribed = discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && Reflect.getMetadata('websockets:is_gateway', wrapper.metatype))
      .flatMap((wrapper) => {
        const prototype = Object.getPrototypeOf(wrapper.instance);
        return scanner.getAllMethodNames(prototype).flatMap((name) =>
          Reflect.getMetadata('websockets:message_mapping', prototype[name])
            ? [Reflect.getMetadata('message', prototype[name])]
            : // A message answered by a plain Socket.IO listener, outside Nest's pipeline (the bid path).
              Reflect.getMetadata(PLAIN_SOCKET_MESSAGE, prototype[name])
              ? [Reflect.getMetadata(PLAIN_SOCKET_MESSAGE, prototype[name])]
              : [],
        );
      });
    expect(subscribed.length).toBeGreaterThan(0);
    expect(
      SOCKET_TABLE.map((row) => row.event)
        .filter((event) => event !== 'connect')
        .sort(),
    ).toEqual([...subscribed].sort());
  });

  it('refuses the other party wherever it allows a party: another unit’s buyer, another supplier', () => {
    // A row allowed to the unit's buyer but not to every account acts on the unit's own things; a command on
    // supplier A's own things (its record, its proposal) names them in its path.
    // An upload (POST /api/documents) belongs to whoever sends it, not to a unit: any buyer or supplier may.
    const byUnit = HTTP_TABLE.filter(
      (row) =>
        row.cells['buyer of the unit'] === 'ok' &&
        row.cells.registrar !== 'ok' &&
        row.endpoint !== 'POST /api/documents' &&
        // Each buyer lists its own unit's tenders: another unit's buyer gets its own (unit-tenders.e2e-spec.ts).
        row.endpoint !== 'GET /api/tenders' &&
        // Likewise its own unit's market research (market-research.e2e-spec.ts).
        row.endpoint !== 'GET /api/market-research' &&
        // Each buyer gets its own account's desk calendar address (of its own unit).
        row.endpoint !== 'POST /api/calendar/desk-feed',
    );
    const bySupplier = HTTP_TABLE.filter(
      (row) =>
        !row.endpoint.startsWith('GET ') &&
        row.cells['supplier A'] === 'ok' &&
        [world.ids.supplierA, world.ids.proposalId].some((id) => row.path(world.ids).includes(id)),
    );
    expect(byUnit.length).toBeGreaterThan(10);
    expect(bySupplier.map((row) => row.endpoint)).toEqual(
      expect.arrayContaining(['PATCH /api/suppliers/{id}', 'PUT /api/tenders/{id}/proposals/{proposalId}']),
    );
    const allowed = [
      ...byUnit.filter((row) => row.cells['buyer of another unit'] === 'ok'),
      ...bySupplier.filter((row) => row.cells['supplier B'] === 'ok'),
    ];
    expect(allowed.map((row) => row.endpoint)).toEqual([]);
    const bidRow = SOCKET_TABLE.find((row) => row.event === 'bid.place')!;
    expect([bidRow.cells['supplier A'], bidRow.cells['supplier B']]).toEqual(['ok', 'auction.not_participant']);
  });

  it('is what the README shows (UPDATE_ACCESS_TABLE=1 rewrites it there)', () => {
    const rendered = renderAccessTable();
    const block = readmeAccessBlock(rendered);
    if (process.env.UPDATE_ACCESS_TABLE === '1') writeFileSync(README, block.updated);
    expect(readmeAccessBlock(rendered).current).toBe(rendered);
  });
});

/** A refused request changes nothing: `, N events written` is added to its cell otherwise. */
const written = (before: number, after: number) => (after === before ? '' : `, ${after - before} events written`);

/** Each role's outcome of `row`'s request, one role after the other (a command's roles must not overlap). */
async function outcomesOf(row: HttpRow): Promise<Record<Role, string>> {
  const method = row.endpoint.split(' ')[0];
  const actual = {} as Record<Role, string>;
  for (const role of ROLES) {
    await world.callers[role].accessToken(); // a sign-in of its own is not the request's doing
    if (method !== 'GET') await world.api.caughtUp(); // what reacts to an earlier accepted command has reacted
    const before = await world.eventCount();
    const reply = await sent(row, role);
    actual[role] = httpCell(row, row.cells[role], reply);
    if (reply.status >= 500) actual[role] += ` ${JSON.stringify(reply.body)}`;
    // A refused sign-in may be recorded as a security event; any other refusal writes nothing.
    if (reply.status >= 400 && !SIGN_IN.has(routeOf(row.endpoint)))
      actual[role] += written(before, await world.eventCount());
  }
  return actual;
}

function sent(row: HttpRow, role: Role): Promise<Reply> {
  const method = row.endpoint.split(' ')[0];
  return world.callers[role].call(method, row.path(world.ids), {
    body: row.body?.(world.ids) ?? (method === 'GET' ? undefined : {}),
  });
}

/** Requests of a run of reads in flight at once. */
const READS_AT_ONCE = 6;

/**
 * A run of GET rows with no command between them, every role's request of every row sent READS_AT_ONCE at a
 * time: reads change nothing the others read, and the commands before and after the run stay where the table
 * puts them. A refused read must write nothing: when the event log did not grow over the whole run, no request
 * of it wrote anything; when it grew (or a request got no answer), the run is sent again one request at a time
 * as the commands are, each refusal checked on its own.
 */
async function outcomesOfReads(rows: HttpRow[]): Promise<Settled[]> {
  const requests = rows.flatMap((row) => ROLES.map((role) => ({ row, role })));
  for (const role of ROLES) await world.callers[role].accessToken();
  const before = await world.eventCount();
  const replies = new Array<Reply>(requests.length);
  let next = 0;
  const sender = async () => {
    for (let i = next++; i < requests.length; i = next++) replies[i] = await sentAgainIfCut(requests[i]);
  };
  const senders = await Promise.allSettled(Array.from({ length: READS_AT_ONCE }, sender));
  if (senders.some((settled) => settled.status === 'rejected') || (await world.eventCount()) !== before)
    return settledEach(rows, outcomesOf);
  return rows.map((row, r) => {
    const actual = {} as Record<Role, string>;
    ROLES.forEach((role, k) => {
      const reply = replies[r * ROLES.length + k];
      actual[role] = httpCell(row, row.cells[role], reply);
      if (reply.status >= 500) actual[role] += ` ${JSON.stringify(reply.body)}`;
    });
    return { actual };
  });
}

/**
 * A read whose connection was cut before any answer (a kept-alive socket the server closed as it was reused, seen
 * on the loaded machine with several sockets open) is sent once more, as an HTTP client does with a GET; an
 * answer of any status is kept as it is.
 */
async function sentAgainIfCut({ row, role }: { row: HttpRow; role: Role }): Promise<Reply> {
  try {
    return await sent(row, role);
  } catch {
    return sent(row, role);
  }
}

type Settled = { actual: Record<Role, string> } | { error: unknown };

/** `each` of the rows one after the other, a row that throws failing alone. */
async function settledEach(rows: HttpRow[], each: (row: HttpRow) => Promise<Record<Role, string>>) {
  const results: Settled[] = [];
  for (const row of rows)
    results.push(
      await each(row).then(
        (actual) => ({ actual }),
        (error: unknown) => ({ error }),
      ),
    );
  return results;
}

/** The outcome of each GET row, filled in when the first row of its run is tested. */
const readOutcomes = new Map<HttpRow, Promise<Settled>>();

function outcomesOfRow(row: HttpRow): Promise<Record<Role, string>> {
  if (!row.endpoint.startsWith('GET ')) return outcomesOf(row);
  if (!readOutcomes.has(row)) {
    const run = [row];
    for (let i = HTTP_TABLE.indexOf(row) + 1; i < HTTP_TABLE.length && HTTP_TABLE[i].endpoint.startsWith('GET '); i++)
      run.push(HTTP_TABLE[i]);
    const outcomes = outcomesOfReads(run);
    run.forEach((member, i) =>
      readOutcomes.set(
        member,
        outcomes.then(
          (all) => all[i],
          (error: unknown) => ({ error }),
        ),
      ),
    );
  }
  return readOutcomes.get(row)!.then((settled) => {
    if ('error' in settled) throw settled.error;
    return settled.actual;
  });
}

describe('over HTTP', () => {
  it.each(HTTP_TABLE.map((row) => [row.endpoint, row] as const))('%s', async (_endpoint, row) => {
    expect(await outcomesOfRow(row)).toEqual(row.cells);
  });
});

describe('over Socket.IO', () => {
  const sockets = {} as Record<Role, Socket | string>;

  beforeAll(async () => {
    world.clock.set(at(AUCTION_STARTS, 60_000)); // running: a bid is judged on who sends it, not refused as early
    for (const role of ROLES) {
      sockets[role] = await world.callers[role]
        .socket(world.url)
        .catch((error: Error & { data?: { code?: string } }) => error.data?.code ?? String(error));
    }
  });

  afterAll(() => Object.values(sockets).forEach((socket) => typeof socket !== 'string' && socket.close()));

  it.each(SOCKET_TABLE.map((row) => [row.event, row] as const))('%s', async (event, row) => {
    const actual = {} as Record<Role, string>;
    for (const role of ROLES) {
      const socket = sockets[role];
      if (typeof socket === 'string') {
        actual[role] = AUTH_CODES[socket] ?? socket;
        continue;
      }
      if (event === 'connect') {
        actual[role] = socket.connected ? 'ok' : 'disconnected';
        continue;
      }
      const before = await world.eventCount();
      const reply = await socket.timeout(10_000).emitWithAck(event, row.payload?.(world.ids));
      actual[role] = socketCell(row.cells[role], reply);
      if (reply?.status === 'rejected' || reply?.code) actual[role] += written(before, await world.eventCount());
    }
    expect(actual).toEqual(row.cells satisfies Cells);
  });

  it('refuses a handshake with a forged token instead of treating it as the public', async () => {
    const forged = `${(await world.callers['supplier A'].accessToken())!.slice(0, -4)}AAAA`;
    const { io } = await import('socket.io-client');
    const socket = io(`${world.url}/auctions`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { token: forged },
    });
    const refusal = await new Promise<{ data?: { code?: string } }>((done) => {
      socket.once('connect', () => done({ data: { code: 'connected' } }));
      socket.once('connect_error', done);
    });
    socket.close();
    expect(refusal.data?.code).toBe('auth.invalid_token');
  });
});

function socketCell(expected: Cell, reply: { status?: string; code?: string }): string {
  if (reply?.status === 'joined' || reply?.status === 'left' || reply?.status === 'accepted') return 'ok';
  if (reply?.code && AUTH_CODES[reply.code]) return AUTH_CODES[reply.code];
  if (reply?.code === expected) return expected;
  if (reply?.status === 'rejected' && !REFUSALS.has(reply.code ?? '')) return 'ok';
  return `${reply?.status} ${reply?.code}`;
}
