import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Socket } from 'socket.io-client';
import { AuctionClosingScheduler } from '@licita/auctions/application/auction-closing.scheduler';
import { auctionStream } from '@licita/auctions/domain/auction.events';
import { aProposal, aTender, laptopsAt, scheduleFrom, type Party } from '../api/tendering/tendering-api';
import { HTTP_TABLE } from '../security/access-table';
import {
  at,
  AUCTION_STARTS,
  Caller,
  commandEndpoints,
  DAY,
  eventually,
  HOUR,
  ROLES,
  SecurityWorld,
  SIGN_IN,
  TENDERING,
  type Reply,
  type Role,
} from '../security/security-world';

/**
 * Races a procurement platform meets at the worst moment, on the real API (ManualClock): a double click on
 * every command endpoint, two buyers awarding the same lot at once, proposals in the last millisecond before
 * the deadline while the clock reaches it, and a bid at the exact end of an auction. (Concurrent registrations
 * of one RFC: test/api/register/rfc.e2e-spec.ts.)
 */
let world: SecurityWorld;

beforeAll(async () => {
  world = await SecurityWorld.start();
}, 120_000);

afterAll(() => world?.close());

/** The table's request of a route (a valid one where the table has it) and a role allowed to send it. */
function requestOf(endpoint: string): { path: string; body: unknown; caller: Caller } {
  const row = HTTP_TABLE.find((candidate) => candidate.endpoint === endpoint);
  // A signed-in role the table allows, else the public when only it may (self-registration), else a signed-in role
  // the authorization lets through to the command (its cell a 404 or a refusal of the content, not 401/403: the
  // table's resource belongs to no one that may act on it), else the registrar.
  const passes = (cell: string) => !/^(401|403)\b/.test(cell);
  const role: Role =
    (row && ROLES.find((r) => r !== 'anonymous' && row.cells[r] === 'ok')) ??
    (row?.cells.anonymous === 'ok' ? 'anonymous' : undefined) ??
    (row && ROLES.find((r) => r !== 'anonymous' && passes(row.cells[r]))) ??
    'registrar';
  const path = row ? row.path(world.ids) : endpoint.split(' ')[1].replace(/\{[^}]+\}/g, randomUUID());
  return { path, body: row?.body?.(world.ids) ?? {}, caller: world.callers[role] };
}

async function eventsBy(correlationIds: string[]): Promise<Record<string, number>> {
  const rows: Array<{ id: string; n: number }> = await world.api.db.query(
    `SELECT metadata->>'correlationId' AS id, count(*)::int AS n FROM es_events WHERE metadata->>'correlationId' = ANY($1) GROUP BY 1`,
    [correlationIds],
  );
  return Object.fromEntries(rows.map((row) => [row.id, row.n]));
}

describe('Idempotency-Key on every command endpoint of the OpenAPI document', () => {
  it('is read on each of them: a malformed key is refused with 400 idempotency.invalid_key before anything runs', async () => {
    const endpoints = await commandEndpoints(world.url);
    const answers: string[] = [];
    for (const endpoint of endpoints) {
      const { path, body, caller } = requestOf(endpoint);
      const before = await world.eventCount();
      const reply = await caller.call(endpoint.split(' ')[0], path, { body, key: 'two words' });
      answers.push(
        `${endpoint}: ${reply.status} ${reply.body?.code}${(await world.eventCount()) === before ? '' : ' and wrote events'}`,
      );
    }
    expect(answers).toEqual(endpoints.map((endpoint) => `${endpoint}: 400 idempotency.invalid_key`));
  });

  it('a double click (the same request and key twice at once) runs the command once; the second gets the first answer', async () => {
    const endpoints = await commandEndpoints(world.url);
    const failures: string[] = [];
    let succeeded = 0;
    for (const [n, endpoint] of endpoints.entries()) {
      const { path, body, caller } = requestOf(endpoint);
      const key = randomUUID();
      const clicks = [`click-${n}-a`, `click-${n}-b`];
      const [first, second] = await Promise.all(
        clicks.map((correlationId) =>
          caller.call(endpoint.split(' ')[0], path, { body, key, headers: { 'X-Correlation-Id': correlationId } }),
        ),
      );
      const ran = Object.keys(await eventsBy(clicks));
      if (ran.length > 1) failures.push(`${endpoint}: both clicks wrote events`);
      const ok = (reply: Reply) => reply.status >= 200 && reply.status < 300;
      if (ok(first) || ok(second)) {
        succeeded += 1;
        if (first.status !== second.status || !isDeepStrictEqual(first.body, second.body)) {
          failures.push(
            `${endpoint}: ${first.status} ${JSON.stringify(first.body)} then ${second.status} ${JSON.stringify(second.body)}`,
          );
        }
        const replayed = [first, second].filter((reply) => reply.headers.get('idempotent-replayed') === 'true').length;
        if (replayed !== 1) failures.push(`${endpoint}: ${replayed} answers marked Idempotent-Replayed`);
        const again = await caller.call(endpoint.split(' ')[0], path, {
          body,
          key,
          headers: { 'X-Correlation-Id': `click-${n}-c` },
        });
        if (again.headers.get('idempotent-replayed') !== 'true' || !isDeepStrictEqual(again.body, first.body))
          failures.push(`${endpoint}: a later retry was not replayed`);
        if (Object.keys(await eventsBy([`click-${n}-c`])).length > 0)
          failures.push(`${endpoint}: a later retry wrote events`);
      }
    }
    expect(failures).toEqual([]);
    expect(succeeded).toBeGreaterThanOrEqual(15); // the checks above had real commands to judge
  }, 120_000);

  it('is not stored for sign-in: tokens are never kept, so a login with a key is simply a login', async () => {
    expect([...SIGN_IN]).toEqual(['POST /api/auth/login', 'POST /api/auth/refresh']);
    const email = world.callers.registrar.email!;
    const key = randomUUID();
    const logins = await Promise.all(
      [1, 2].map(() =>
        world.callers.anonymous.call('POST', '/api/auth/login', {
          body: { email, password: 'correct horse battery staple' },
          key,
        }),
      ),
    );
    expect(logins.map((reply) => [reply.status, reply.headers.get('idempotent-replayed')])).toEqual([
      [200, null],
      [200, null],
    ]);
    const [{ n }] = await world.api.db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1`, [key]);
    expect(n).toBe(0);
  });
});

describe('a bid at the exact end of an auction', () => {
  let socket: Socket;
  const ENDS = at(AUCTION_STARTS, 600_000);

  afterAll(() => socket?.close());

  it('takes a bid a millisecond before the end, refuses one at the end itself, and closes with the last one in the ranking', async () => {
    // Signed in at the last millisecond: a token from earlier in the world's day has expired by the auction's end,
    // and the socket would be told session.ended.
    world.clock.set(at(ENDS, -1));
    socket = await world.callers['supplier A'].socket(world.url);
    const bid = (amount: number) =>
      socket
        .timeout(10_000)
        .emitWithAck('bid.place', { auctionId: world.ids.auctionId, amount, clientBidId: randomUUID() });
    const lastMillisecond = await bid(25_000_000);
    world.clock.set(ENDS);
    const atTheEnd = await bid(24_900_000);
    expect(lastMillisecond).toMatchObject({ status: 'accepted', amount: 25_000_000 });
    expect(atTheEnd).toMatchObject({ status: 'rejected', code: 'auction.not_running', details: { endsAt: ENDS } });

    await world.api.api.app.get(AuctionClosingScheduler).closeDue(); // what its timer does at the end
    const closed = await eventually('the auction closes', async () =>
      (await world.api.store.readStream(auctionStream(world.ids.auctionId))).find(
        (event) => event.type === 'AuctionClosed',
      ),
    );
    const bids = (await world.api.store.readStream(auctionStream(world.ids.auctionId))).filter(
      (event) => event.type === 'BidPlaced',
    );
    expect(bids.map((event) => (event.data as { amount: number }).amount)).toEqual([25_000_000]);
    expect(closed.data).toMatchObject({ closedAt: ENDS });
    expect(JSON.stringify(closed.data)).toContain('25000000');
  });
});

describe('the end of a submission period and the award of a lot, under concurrency', () => {
  const P2 = at(TENDERING, 2 * DAY);
  const S2 = scheduleFrom(P2);
  const bidders: Party[] = [];
  let tenderId: string;
  const buyers: Caller[] = [];

  beforeAll(async () => {
    world.clock.set(at(P2, -HOUR));
    buyers.push(world.callers['buyer of the unit']);
    const second = await world.api.account('buyer', { buyingUnitId: world.ids.unitId });
    buyers.push(
      new Caller(world.api, 'buyer of the unit', second.email, {
        accountId: second.accountId,
        buyingUnitId: world.ids.unitId,
      }),
    );
    tenderId = (await buyers[0].call('POST', '/api/tenders', { body: aTender(world.ids.unitId, P2) })).body.tenderId;
    world.clock.set(P2);
    expect((await buyers[0].call('POST', `/api/tenders/${tenderId}/publish`)).status).toBe(200);
    for (let i = 0; i < 6; i++) bidders.push(await world.tendering.supplier(`Carrera ${i}`));
  }, 60_000);

  it('takes every proposal stamped before the deadline and refuses every one after it, while the clock reaches it mid-flight', async () => {
    const deadline = S2.submissionDeadline;
    world.clock.set(at(deadline, -DAY));
    const early = await bidders[0].post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_390_000)));
    expect(early.status).toBe(201);
    world.clock.set(at(deadline, -1));
    // The deadline arrives as soon as the first of these is answered, while the others are still being served.
    const inFlight = bidders.slice(1).map((bidder, i) =>
      bidder.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_300_000 + i * 1_000))).then((reply) => {
        world.clock.set(deadline);
        return reply;
      }),
    );
    const wave = await Promise.all(inFlight);
    const after = await Promise.all(
      bidders
        .slice(0, 2)
        .map((bidder) => bidder.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_200_000)))),
    );
    const replies = [early, ...wave, ...after];

    // Late is `proposal.late`, or `tender.invalid_transition` once the deadline job has closed the period.
    const outcome = (reply: Reply) =>
      reply.status === 201
        ? `accepted at ${reply.body.submittedAt}`
        : reply.status === 409 && /^(proposal\.late|tender\.invalid_transition)$/.test(reply.body.code)
          ? 'late'
          : `${reply.status} ${reply.body.code}`;
    expect(wave.map(outcome).filter((o) => o !== `accepted at ${at(deadline, -1)}` && o !== 'late')).toEqual([]);
    expect(wave.map(outcome)).toContain(`accepted at ${at(deadline, -1)}`); // the first answered was stamped before the move
    expect(after.map(outcome)).toEqual(['late', 'late']);
    const accepted = replies
      .filter((reply) => reply.status === 201)
      .map((reply) => reply.body.proposalId)
      .sort();
    expect(accepted.length).toBeGreaterThan(0);

    world.clock.set(S2.openingDate);
    const opened = await buyers[0].call('POST', `/api/tenders/${tenderId}/open`);
    expect(opened.status).toBe(200);
    expect(opened.body.proposals.map((proposal: { proposalId: string }) => proposal.proposalId).sort()).toEqual(
      accepted,
    );
  });

  it('lets exactly one of two buyers awarding the same lot at once through; the lot is awarded once', async () => {
    world.clock.set(at(S2.openingDate, DAY));
    const view = await world.tendering.view(tenderId, (v) => v.opening !== null);
    for (const proposal of view.opening.proposals) {
      expect(
        (
          await buyers[0].call('POST', `/api/tenders/${tenderId}/evaluations`, {
            body: { proposalId: proposal.proposalId, lotId: 'lot-1', compliant: true },
          })
        ).status,
      ).toBe(201);
    }
    expect((await buyers[0].call('POST', `/api/tenders/${tenderId}/evaluations/complete`)).status).toBe(200);
    world.clock.set(at(S2.openingDate, 2 * DAY));

    const awards = await Promise.all(buyers.map((buyer) => buyer.call('POST', `/api/tenders/${tenderId}/award`)));

    expect(awards.map((reply) => reply.status).sort()).toEqual([200, 409]);
    expect(['concurrency.conflict', 'tender.invalid_transition']).toContain(
      awards.find((reply) => reply.status === 409)!.body.code,
    );
    const events = await world.api.store.readStream(`tender-${tenderId}`);
    expect(events.filter((event) => event.type === 'LotAwarded')).toHaveLength(1);
  });
});
