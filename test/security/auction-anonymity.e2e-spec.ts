import { createHash } from 'node:crypto';
import { AuctionClosingScheduler } from '@licita/auctions/application/auction-closing.scheduler';
import type { AuctionSnapshot } from '@licita/auctions';
import { AuctionClient } from '../api/auctions/auction-clients';
import { independentCanonicalJson } from '../api/ledger/ledger-world';
import { OcdsReader } from '../api/ocds/ocds-reader';
import {
  allCompliant,
  aProposal,
  at,
  DAY,
  HOUR,
  laptopsAt,
  type Party,
  scheduleFrom,
  TenderingApi,
} from '../api/tendering/tendering-api';
import { LEDGER_ENV } from './security-world';

/**
 * The auction anonymity attack (issue #16, point 3). A tender goes to a reverse auction among four suppliers;
 * while it runs, an attacker without an account reads every public surface and tries to tell who is behind
 * each "Participant n":
 * - by price: the auction shows each label's opening price; any public place that shows a supplier with its
 *   offer (opening act, evaluation, transparency record, OCDS, change feed, ledger, HTML) gives it away;
 * - by rank: the evaluation's price ranking is the auction's starting order;
 * - by timing: two suppliers tied at the same opening price are ranked by submission order, and the opening
 *   act says by name when each submitted;
 * - by names or ids on the auction's own surfaces (snapshot, REST mirror, Socket.IO, the auction's ledger).
 * After the close the amounts may be published: the results must then agree everywhere.
 */
let world: TenderingApi;
let buyer: Party;
const clients: AuctionClient[] = [];

const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);
const DOCKS = 10 * 100_000; // the lot's docks, the same in every proposal (laptopsAt)
/** Laptop prices, in submission order: Centli and Dzul tie on purpose (Centli submitted first). */
const OFFERS = [
  ['Constructora Álamo', 2_345_671],
  ['Grupo Balam', 2_298_763],
  ['Centli Obras', 2_412_389],
  ['Dzul Ingeniería', 2_412_389],
] as const;
const lotAmount = (laptop: number) => 10 * laptop + DOCKS;

type Supplier = { party: Party; name: string; laptop: number; offer: number };
const suppliers: Supplier[] = [];
let tenderId: string;
let auctionId: string;
let startsAt: string;
/** Bids by legal name (as `Supplier.name`): two of the four bid, two stay at their tied opening price. */
const BIDS: Record<string, number> = {
  'Constructora Álamo, S.A. de C.V.': 23_900_000,
  'Grupo Balam, S.A. de C.V.': 23_800_000,
};

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z', undefined, { env: LEDGER_ENV });
  buyer = await world.buyer(await world.buyingUnit());
  for (const [name, laptop] of OFFERS)
    suppliers.push({
      party: await world.supplier(name),
      name: `${name}, S.A. de C.V.`,
      laptop,
      offer: lotAmount(laptop),
    });

  tenderId = await world.publishedTender(buyer, P, { reverseAuction: true });
  for (const [i, s] of suppliers.entries()) {
    world.clock.set(at(S.questionsDeadline, DAY + i * 60_000));
    const submitted = await s.party.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(s.laptop)));
    expect(submitted.status).toBe(201);
  }
  world.clock.set(S.openingDate);
  const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
  expect(opened.status).toBe(200);
  world.clock.set(at(S.openingDate, DAY));
  await allCompliant(buyer, tenderId, opened.body.proposals);
  const completed = await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`);
  expect(completed.body.lots[0]).toMatchObject({ lotId: 'lot-1', goesToAuction: true });

  startsAt = at(S.openingDate, DAY + HOUR);
  const scheduled = await buyer.post(`/api/tenders/${tenderId}/lots/lot-1/auction`, {
    startsAt,
    durationSeconds: 600,
    minimumDecrement: { kind: 'percent', basisPoints: 50 },
    antiSniping: null,
  });
  expect(scheduled.status).toBe(201);
  auctionId = scheduled.body.auctionId;

  world.clock.set(at(startsAt, 60_000));
  for (const s of suppliers.filter((s) => BIDS[s.name] !== undefined)) {
    const client = await connect(s.party);
    await client.join(auctionId);
    expect(await client.bid(auctionId, BIDS[s.name])).toMatchObject({ status: 'accepted' });
  }
  world.clock.set(at(startsAt, 120_000));
  await world.api.caughtUp();
}, 180_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await world?.close();
});

async function connect(party?: Party): Promise<AuctionClient> {
  const client = await AuctionClient.connect(world.api.api, party && (await world.api.login(party.email)));
  clients.push(client);
  return client;
}

const anonymous = async (path: string): Promise<unknown> => {
  const reply = await world.anonymous('GET', path);
  expect({ path, status: reply.status }).toEqual({ path, status: 200 });
  return reply.body;
};

/** What the auction itself tells the public: labels with prices. */
async function auctionSurfaces(): Promise<Array<[string, unknown]>> {
  const watcher = await connect();
  const socketSnapshot = await watcher.join(auctionId, 0);
  await watcher.untilSequence(2);
  return [
    ['REST snapshot', await anonymous(`/api/auctions/${auctionId}`)],
    ['REST bids mirror', await anonymous(`/api/auctions/${auctionId}/bids?after=0`)],
    ['Socket.IO snapshot', socketSnapshot],
    ['Socket.IO messages', watcher.messages],
    ['ledger, auction stream', await anonymous(`/api/ledger/events?stream=auction-${auctionId}`)],
  ];
}

/** Every public place that names suppliers. */
async function namedSurfaces(): Promise<Array<[string, unknown]>> {
  const surfaces: Array<[string, unknown]> = [
    ['tender view', await anonymous(`/api/tenders/${tenderId}`)],
    ['tender view as of now', await anonymous(`/api/tenders/${tenderId}?asOf=${world.clock.now().toISOString()}`)],
    ['transparency record', await anonymous(`/api/transparency/tenders/${tenderId}`)],
    ['transparency search', await anonymous('/api/transparency/tenders?limit=100')],
    ['ledger, tender stream', await anonymous(`/api/ledger/events?stream=tender-${tenderId}`)],
  ];
  for (const s of suppliers)
    surfaces.push([`supplier profile ${s.name}`, await anonymous(`/api/transparency/suppliers/${s.party.supplierId}`)]);
  let cursor = '';
  for (let page = 0; page < 20; page++) {
    const feed = (await anonymous(`/api/feed?limit=1000${cursor && `&after=${cursor}`}`)) as {
      items: unknown[];
      nextCursor: string;
    };
    if (feed.items.length === 0) break;
    surfaces.push([`change feed page ${page}`, feed]);
    cursor = encodeURIComponent(feed.nextCursor);
  }
  const { texts } = await new OcdsReader(world).validEverything();
  // The bulk downloads are JSON Lines: each line is a document of its own.
  texts.forEach((text, i) =>
    text
      .split('\n')
      .filter((line) => line.trim())
      .forEach((line, j) => surfaces.push([`OCDS output ${i}.${j}`, JSON.parse(line)])),
  );
  for (let after = '0'; ;) {
    const page = (await anonymous(`/api/ledger/export?after=${after}&limit=200`)) as {
      entries: unknown[];
      next: string | null;
    };
    surfaces.push([`ledger export after ${after}`, page]);
    if (page.next === null) break;
    after = page.next;
  }
  for (const path of [`/licitaciones/${tenderId}`, `/subastas/${auctionId}`, '/']) {
    const html = await fetch(`${world.api.api.url}${path}`, { headers: { Accept: 'text/html' } });
    surfaces.push([`HTML ${path}`, await html.text()]);
  }
  return surfaces;
}

type Link = { surface: string; supplier: string; label: string; by: string };

/**
 * The attacker's reading of one public document: every object that concerns exactly one supplier (by id or
 * name) and holds a label, a label's opening price (or the laptop price it is made of), or the rank a label
 * starts the auction with, links that supplier to that label.
 */
function linksIn(surface: string, doc: unknown, clues: Clues): Link[] {
  const links = new Map<string, Link>();
  const walk = (node: unknown): { who: Set<string>; found: Array<[string, string]> } => {
    const who = new Set<string>();
    const found: Array<[string, string]> = [];
    if (typeof node === 'string') {
      for (const [identity, supplier] of clues.identities) if (node.includes(identity)) who.add(supplier);
      for (const label of clues.labels) if (node.includes(label)) found.push([label, 'its label']);
      for (const [price, label] of clues.prices)
        if (new RegExp(`\\b${price}\\b`).test(node)) found.push([label, `${price}`]);
    } else if (typeof node === 'number') {
      const label = clues.prices.get(node);
      if (label) found.push([label, `${node}`]);
    } else if (node && typeof node === 'object') {
      for (const child of Object.values(node)) {
        const inner = walk(child);
        inner.who.forEach((s) => who.add(s));
        found.push(...inner.found);
      }
      const rank = (node as { rank?: unknown }).rank;
      if (typeof rank === 'number' && clues.startingRanks.has(rank))
        found.push([clues.startingRanks.get(rank)!, `rank ${rank}`]);
      if (who.size === 1 && !Array.isArray(node))
        for (const [label, by] of found) {
          const supplier = [...who][0];
          links.set(`${supplier}|${label}|${by}`, { surface, supplier, label, by });
        }
    }
    return { who, found };
  };
  walk(typeof doc === 'string' && doc.trimStart().startsWith('{') ? JSON.parse(doc) : doc);
  return [...links.values()];
}

type Clues = {
  identities: Map<string, string>;
  labels: string[];
  prices: Map<number, string>;
  startingRanks: Map<number, string>;
};

/** What the auction's public surfaces tell about the labels: their opening prices and starting order. */
function cluesFrom(snapshot: AuctionSnapshot): Clues {
  const identities = new Map<string, string>();
  for (const s of suppliers) {
    identities.set(s.party.supplierId, s.name);
    identities.set(s.name, s.name);
  }
  const prices = new Map<number, string>();
  for (const line of snapshot.ranking) {
    prices.set(line.openingPrice, line.label);
    prices.set((line.openingPrice - DOCKS) / 10, line.label);
  }
  // The auction starts in the evaluation's order: a tied pair's order is not a price clue, so only strict ranks.
  const byOpening = [...snapshot.ranking].sort((a, b) => a.openingPrice - b.openingPrice);
  const startingRanks = new Map<number, string>();
  byOpening.forEach((line, i) => {
    const tied = byOpening.filter((other) => other.openingPrice === line.openingPrice).length > 1;
    if (!tied) startingRanks.set(i + 1, line.label);
  });
  return { identities, labels: snapshot.ranking.map((line) => line.label), prices, startingRanks };
}

describe('while the auction runs', () => {
  it('no public surface links a label to a supplier by price, rank, label, name or timing', async () => {
    const snapshot = (await anonymous(`/api/auctions/${auctionId}`)) as AuctionSnapshot;
    expect(snapshot.phase).toBe('running');
    expect(snapshot.ranking).toHaveLength(4);
    const clues = cluesFrom(snapshot);

    const links: Link[] = [];
    for (const [surface, doc] of await namedSurfaces()) links.push(...linksIn(surface, doc, clues));

    // Names or supplier ids on the auction's own surfaces link them to whatever line they sit on.
    for (const [surface, doc] of await auctionSurfaces()) {
      const text = JSON.stringify(doc);
      for (const [identity, supplier] of clues.identities)
        if (text.includes(identity)) links.push({ surface, supplier, label: '?', by: 'named on the auction' });
    }

    // Timing: participants tied at an unchanged opening price, shown in different ranks, are in submission order,
    // which the opening act publishes by name (Centli submitted before Dzul).
    const tied = snapshot.ranking.filter(
      (line) => line.bids === 0 && snapshot.ranking.filter((o) => o.amount === line.amount && o.bids === 0).length > 1,
    );
    expect(tied).toHaveLength(2);
    if (new Set(tied.map((line) => line.rank)).size > 1) {
      const [earlier, later] = [...tied].sort((a, b) => a.rank - b.rank);
      links.push({ surface: 'REST snapshot', supplier: suppliers[2].name, label: earlier.label, by: 'tie order' });
      links.push({ surface: 'REST snapshot', supplier: suppliers[3].name, label: later.label, by: 'tie order' });
    }

    expect(links).toEqual([]);
  }, 120_000);

  it('still shows the buyer of the unit the offers it must evaluate', async () => {
    const view = (await buyer.get(`/api/tenders/${tenderId}`)).body;
    expect(
      view.opening.proposals.map((p: { offers: Array<{ amount: { amount: number } }> }) => p.offers[0].amount.amount),
    ).toEqual(suppliers.map((s) => s.offer));
  });
});

describe('after the close', () => {
  beforeAll(async () => {
    world.clock.set(at(startsAt, 600_000));
    await world.api.api.app.get(AuctionClosingScheduler).closeDue();
    const awarded = await world.award(buyer, tenderId, at(startsAt, DAY));
    expect(awarded.status).toBe(200);
    await world.api.caughtUp();
  }, 60_000);

  const final = (s: Supplier) => BIDS[s.name] ?? s.offer;
  /** Lowest final price first; at equal price, earlier bid, then earlier submission. */
  const expectedRanking = () =>
    [...suppliers].sort((a, b) => final(a) - final(b) || suppliers.indexOf(a) - suppliers.indexOf(b));

  it('the auction names everyone, with the opening and final prices they offered and bid', async () => {
    const snapshot = (await anonymous(`/api/auctions/${auctionId}`)) as AuctionSnapshot;
    expect(snapshot.phase).toBe('closed');
    expect(snapshot.ranking.map((l) => [l.rank, l.name, l.openingPrice, l.amount])).toEqual(
      expectedRanking().map((s, i) => [i + 1, s.name, s.offer, final(s)]),
    );
  });

  it('the tender view shows the opened offers and the auction’s ranking, consistent with it', async () => {
    const view = (await anonymous(`/api/tenders/${tenderId}`)) as any;
    const offerOf = (supplierId: string) =>
      view.opening.proposals.find((p: { supplierId: string }) => p.supplierId === supplierId);
    for (const s of suppliers) {
      expect(offerOf(s.party.supplierId).offers).toEqual([
        { lotId: 'lot-1', amount: { amount: s.offer, currency: 'MXN' } },
      ]);
      expect(offerOf(s.party.supplierId).content.salt).toMatch(/^[0-9a-f]{32,}$/);
    }
    const lot = view.lotResults.find((l: { lotId: string }) => l.lotId === 'lot-1');
    expect(
      lot.ranking.map((r: { supplierId: string; amount: { amount: number } }) => [r.supplierId, r.amount.amount]),
    ).toEqual(expectedRanking().map((s) => [s.party.supplierId, final(s)]));
    expect(lot.award).toMatchObject({ supplierId: expectedRanking()[0].party.supplierId, basis: 'auction' });
  });

  it('the transparency record and OCDS agree with the auction’s result', async () => {
    const record = (await anonymous(`/api/transparency/tenders/${tenderId}`)) as any;
    expect(
      record.auctions[0].ranking.map((r: any) => [r.supplier.name, r.openingPrice.amount, r.finalPrice.amount]),
    ).toEqual(expectedRanking().map((s) => [s.name, s.offer, final(s)]));
    const winner = expectedRanking()[0];
    const ocds = new OcdsReader(world);
    await ocds.validEverything();
    const latest = await ocds.latest(tenderId);
    expect(latest.awards[0]).toMatchObject({ value: { amount: final(winner) / 100, currency: 'MXN' } });
  });

  it('the ledger reveals the sealed opening and evaluation, each matching the commitment it published', async () => {
    const { entries } = (await anonymous(`/api/ledger/events?stream=tender-${tenderId}`)) as {
      entries: Array<{ event: { type: string; withheld?: string }; revealed?: { data: any } }>;
    };
    for (const type of ['ProposalsOpened', 'EvaluationCompleted']) {
      const entry = entries.find((e) => e.event.type === type)!;
      expect(entry.event.withheld).toBeDefined();
      expect(entry.revealed).toBeDefined();
      const hash = createHash('sha256').update(independentCanonicalJson(entry.revealed), 'utf8').digest('hex');
      expect(hash).toBe(entry.event.withheld);
    }
    const opened = entries.find((e) => e.event.type === 'ProposalsOpened')!.revealed!.data;
    expect(opened.proposals.map((p: any) => [p.supplierId, p.offers[0].amount.amount])).toEqual(
      suppliers.map((s) => [s.party.supplierId, s.offer]),
    );
  });
});
