import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { PASSWORD } from '../api/register/register-api';
import { at, DAY, HOUR, type Party, scheduleFrom, TenderingApi } from '../api/tendering/tendering-api';
import { eventually } from '../support/time';
import { LiveClient, type Message } from './live-client';
import { buildImages, defineStack, isRunning, jsonInside, ROOT, type Stack, statusInside } from './stack';

/**
 * The production shape in real containers (`npm run test:containers`, podman): PostgreSQL primary + hot
 * standby, two API instances behind nginx, one projector, all built from docker/. A tender's past (register,
 * publication, proposals, opening, evaluation: 30 days ago) is set up by an API process on this host against
 * the primary; then its lot's live auction runs through the balancer with real Socket.IO clients, and one API
 * container and the projector are killed mid-auction. Checked: no acknowledged bid lost, every watcher saw
 * every message once and in order, the auction closed exactly once, the restarted projector caught up, and
 * the public reads the standby serves agree with the primary. What it measured: bench/results/containers.json.
 */
jest.setTimeout(15 * 60_000);

const BIDDERS = ['Constructora Álamo', 'Grupo Balam', 'Centli Obras'];
const WATCHERS = 6;
const AUCTION_SECONDS = 90;
const LEAD_SECONDS = 25;

let stack: Stack;
const measured: Record<string, unknown> = {};
const clients: LiveClient[] = [];

beforeAll(async () => {
  stack = await defineStack();
  await stack.compose('down', '-v').catch(() => undefined);
  measured.imageBuildSeconds = await buildImages(stack);
  const started = Date.now();
  await stack.compose('up', '-d');
  await eventually(
    'the balancer answers ready',
    async () => (await fetch(`${stack.url}/health/ready`).catch(() => undefined))?.ok === true,
    180_000,
  );
  await eventually('the projector is ready', async () => (await projectorHealth())?.status === 'ok', 180_000);
  measured.stackReadySeconds = (Date.now() - started) / 1000;
}, 15 * 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  if (!stack) return;
  if (process.env.KEEP_CONTAINERS) return;
  await stack.compose('down', '-v').catch(() => undefined);
});

const projectorHealth = () => jsonInside(stack, 'projector', 'http://127.0.0.1:3001/health/ready');

async function login(email: string): Promise<string> {
  const response = await fetch(`${stack.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const body = (await response.json()) as { accessToken: string };
  if (response.status !== 200) throw new Error(`login of ${email}: ${response.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

async function call(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A tender published 30 days ago whose lot-1 goes to auction among three compliant suppliers. */
async function aTenderAwaitingItsAuction(): Promise<{ tenderId: string; buyer: Party; suppliers: Party[] }> {
  const publishedAt = new Date(Math.floor((Date.now() - 30 * DAY) / HOUR) * HOUR).toISOString();
  const world = await TenderingApi.start(at(publishedAt, -2 * HOUR), stack.primaryUrl, {
    env: { JWT_SECRET: stack.env.JWT_SECRET, LICITA_MASTER_KEY: stack.env.LICITA_MASTER_KEY, LICITA_ROLE: 'api' },
    projections: false,
  });
  try {
    const buyer = await world.buyer(await world.buyingUnit());
    const suppliers: Party[] = [];
    for (const name of BIDDERS) suppliers.push(await world.supplier(name));
    const tenderId = await world.publishedTender(buyer, publishedAt, { reverseAuction: true });
    const schedule = scheduleFrom(publishedAt);
    const opened = await world.openLaptopProposals(
      buyer,
      tenderId,
      at(schedule.questionsDeadline, DAY),
      schedule.openingDate,
      suppliers.map((supplier, i) => [supplier, 2_400_000 - i * 50_000] as const),
    );
    if (opened.status !== 200) throw new Error(`opening: ${JSON.stringify(opened.body)}`);
    world.clock.set(at(schedule.openingDate, DAY));
    for (const proposal of opened.body.proposals as Array<{ proposalId: string }>)
      await buyer.post(`/api/tenders/${tenderId}/evaluations`, {
        proposalId: proposal.proposalId,
        lotId: 'lot-1',
        compliant: true,
        reasons: [],
      });
    const completed = await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`);
    if (!completed.body?.lots?.[0]?.goesToAuction) throw new Error(`evaluation: ${JSON.stringify(completed.body)}`);
    return { tenderId, buyer, suppliers };
  } finally {
    await world.close();
  }
}

async function sql<T = any>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Every message of the auction as the API records it (through the balancer), paged. */
async function recorded(auctionId: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const page = await call('GET', `/api/auctions/${auctionId}/bids?after=${all.at(-1)?.sequence ?? 0}&limit=500`);
    if (page.status !== 200) throw new Error(`bids: ${page.status} ${JSON.stringify(page.body)}`);
    all.push(...page.body.messages);
    if (page.body.messages.length < 500) return all;
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};
const sleepUntil = (instant: number) => new Promise((wake) => setTimeout(wake, Math.max(0, instant - Date.now())));

it('runs a live auction through the balancer while an API instance and the projector die, losing nothing', async () => {
  const { tenderId, buyer, suppliers } = await aTenderAwaitingItsAuction();
  const buyerToken = await login(buyer.email);
  const startsAt = Date.now() + LEAD_SECONDS * 1000;
  const scheduled = await call('POST', `/api/tenders/${tenderId}/lots/lot-1/auction`, buyerToken, {
    startsAt: new Date(startsAt).toISOString(),
    durationSeconds: AUCTION_SECONDS,
    minimumDecrement: { kind: 'absolute', amount: 100 },
    antiSniping: null,
  });
  expect(scheduled).toMatchObject({ status: 201 });
  const { auctionId } = scheduled.body;

  const bidders: LiveClient[] = [];
  for (const supplier of suppliers) bidders.push(new LiveClient(stack.url, auctionId, await login(supplier.email)));
  const watchers = Array.from({ length: WATCHERS }, () => new LiveClient(stack.url, auctionId));
  clients.push(...bidders, ...watchers);
  for (const client of clients) await client.open();

  // Bidding: each bidder about 4 times a second (under the default 10/s limit) from the start to the end.
  await sleepUntil(startsAt + 500);
  const endsAt = startsAt + AUCTION_SECONDS * 1000;
  let bidding = true;
  const loops = bidders.map(async (bidder) => {
    while (bidding && Date.now() < endsAt - 1_000) {
      await bidder.bid();
      await new Promise((wait) => setTimeout(wait, 200 + Math.random() * 100));
    }
  });

  // Replay lag of the standby, sampled while the auction runs.
  const replayLags: number[] = [];
  const sampler = setInterval(() => {
    sql(
      stack.standbyUrl,
      'SELECT COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)::float AS lag',
    )
      .then(([row]) => replayLags.push(Number(row.lag)))
      .catch(() => undefined);
  }, 1_000);

  // A third in: one API instance is killed (SIGKILL); ten seconds later the projector, which leads the closing job.
  await sleepUntil(startsAt + 30_000);
  await stack.podman('kill', '--signal', 'KILL', stack.container('api1'));
  const apiKilledAt = Date.now();
  await sleepUntil(startsAt + 40_000);
  await stack.podman('kill', '--signal', 'KILL', stack.container('projector'));
  await sleepUntil(startsAt + 55_000);
  if (!(await isRunning(stack, 'projector'))) await stack.podman('start', stack.container('projector'));
  const projectorStartedAt = Date.now();
  await eventually(
    'the restarted projector is live',
    async () => (await statusInside(stack, 'projector', 'http://127.0.0.1:3001/health/live')) === 200,
    120_000,
  );
  measured.projectorLiveSeconds = (Date.now() - projectorStartedAt) / 1000;
  await eventually(
    'the restarted projector is ready with every projection caught up',
    async () => {
      const health = await projectorHealth();
      return health?.status === 'ok' && health.projections.every((projection: { lag: number }) => projection.lag === 0);
    },
    120_000,
  ).catch(async () => {
    throw new Error(`projector not caught up: ${JSON.stringify(await projectorHealth())}`);
  });
  measured.projectorCatchUpSeconds = (Date.now() - projectorStartedAt) / 1000;
  if (!(await isRunning(stack, 'api1'))) await stack.podman('start', stack.container('api1'));
  measured.apiRestartedAfterSeconds = (Date.now() - apiKilledAt) / 1000;

  await Promise.all(loops);
  bidding = false;
  await eventually(
    'every client has the auction.closed message',
    () => Promise.resolve(clients.every((client) => client.messages.at(-1)?.event === 'auction.closed')),
    120_000,
  );
  clearInterval(sampler);
  const closedAt = Date.now();

  // No acknowledged bid lost: each is in the record, at its sequence and amount.
  const record = await recorded(auctionId);
  const bySequence = new Map(record.map((message) => [message.sequence, message]));
  const acknowledged = bidders.flatMap((bidder) => bidder.acknowledged);
  expect(acknowledged.length).toBeGreaterThan(50);
  for (const bid of acknowledged)
    expect(bySequence.get(bid.sequence)).toMatchObject({
      event: 'bid.accepted',
      data: expect.objectContaining({ amount: bid.amount }),
    });

  // Every watcher and bidder saw every message once and in order, across its rejoin.
  expect(record.map((message) => message.sequence)).toEqual(record.map((_, i) => i + 1));
  for (const client of clients)
    expect(client.messages.map((message) => message.sequence)).toEqual(record.map((message) => message.sequence));
  const rejoins = clients.flatMap((client) => client.rejoins);
  expect(rejoins.length).toBeGreaterThan(0); // the killed instance held some of them

  // Closed exactly once: one AuctionClosed in the log, one auction.closed message.
  const [{ closes }] = await sql(
    stack.primaryUrl,
    "SELECT count(*)::int AS closes FROM es_events WHERE type = 'AuctionClosed' AND data->>'auctionId' = $1",
    [auctionId],
  );
  expect(closes).toBe(1);
  expect(record.filter((message) => message.event === 'auction.closed')).toHaveLength(1);

  // The award takes the auction's winner; the public record, read from the standby, shows it.
  const lowest = Math.min(...acknowledged.map((bid) => bid.amount));
  const awarded = await call('POST', `/api/tenders/${tenderId}/award`, buyerToken, {});
  expect(awarded).toMatchObject({ status: 200 });
  const awardedAt = Date.now();
  await eventually(
    'the standby serves the award',
    async () => {
      const reply = await call('GET', `/api/transparency/tenders/${tenderId}`);
      return (
        reply.status === 200 && JSON.stringify(reply.body).includes(String(lowest)) && reply.body.awards?.length > 0
      );
    },
    60_000,
  );
  measured.awardVisibleOnStandbyMs = Date.now() - awardedAt;
  const health = await call('GET', '/health/ready');
  expect(health.body.info.publicReads).toMatchObject({ on: 'replica', status: 'up' });

  // The standby's read models are the primary's once it has replayed the primary's WAL.
  const [{ lsn }] = await sql(stack.primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn');
  await eventually(
    'the standby replays the primary’s WAL',
    async () => {
      const [row] = await sql(stack.standbyUrl, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]);
      return row.done === true;
    },
    60_000,
  );
  const digest = "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM projection_checkpoints t";
  expect((await sql(stack.standbyUrl, digest))[0]).toEqual((await sql(stack.primaryUrl, digest))[0]);
  const tender = (url: string) =>
    sql(url, 'SELECT md5(t::text) AS digest FROM transparency_tenders t WHERE t.tender_id = $1', [tenderId]);
  expect(await tender(stack.standbyUrl)).toEqual(await tender(stack.primaryUrl));

  const latencies = acknowledged.map((bid) => bid.latencyMs);
  Object.assign(measured, {
    auctionSeconds: AUCTION_SECONDS,
    bidders: bidders.length,
    watchers: WATCHERS,
    bidsAcknowledged: acknowledged.length,
    bidsRejected: bidders.reduce((sum, bidder) => sum + bidder.rejected, 0),
    bidsUnanswered: bidders.reduce((sum, bidder) => sum + bidder.unanswered, 0),
    messagesRecorded: record.length,
    ackP50Ms: percentile(latencies, 50),
    ackP99Ms: percentile(latencies, 99),
    clientsRejoined: rejoins.length,
    rejoinP50Ms: percentile(rejoins, 50),
    rejoinMaxMs: Math.max(...rejoins),
    closedAfterEndMs: closedAt - endsAt,
    standbyReplayLagMaxSeconds: Math.max(0, ...replayLags),
    standbyReplayLagSamples: replayLags.length,
  });
  const results = resolve(ROOT, 'bench/results');
  mkdirSync(results, { recursive: true });
  writeFileSync(
    resolve(results, 'containers.json'),
    `${JSON.stringify({ name: 'containers', ranAt: new Date().toISOString(), nodeImage: stack.env.NODE_IMAGE, ...measured }, null, 2)}\n`,
  );
});
