import { createHash } from 'node:crypto';
import { AuctionClosingScheduler } from '@licita/auctions/application/auction-closing.scheduler';
import type { AuctionSnapshot } from '@licita/auctions';
import { evaluationBlind, rankLot, type AwardCriterion, type CompliantBid } from '@licita/tendering';
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
import { mapConcurrently } from '../support/map-concurrently';
import { ensureWebBuilt, launchBrowser } from '../web/browser';
import { LEDGER_ENV, operations } from './security-world';

/**
 * The auction anonymity attack (issue #16, point 3). A tender goes to a reverse auction among four suppliers;
 * while it runs, an attacker without an account reads every public surface and tries to tell who is behind
 * each "Participant n":
 * - by price: the auction shows each label's opening price; any public place that shows a supplier with its
 *   offer (opening act, evaluation, transparency record, OCDS, change feed, ledger, HTML) gives it away;
 * - by rank: the evaluation's price ranking is the auction's starting order;
 * - by timing: two suppliers tied at the same opening price are ranked by submission order, and the opening
 *   act says by name when each submitted; and each label's bid time, looked for next to a name anywhere;
 * - by names or ids on the auction's own surfaces (snapshot, REST mirror, Socket.IO, the auction's ledger);
 * - by the ledger's commitments: hashing every assignment of the opening prices to the named bidders;
 * - on every other GET of the OpenAPI document, with this world's ids in its parameters.
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

  for (const [i, s] of suppliers.filter((s) => BIDS[s.name] !== undefined).entries()) {
    world.clock.set(at(startsAt, 60_000 + i * 7_000)); // each bid at a time of its own, a timing clue
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

/**
 * Every other GET the OpenAPI document lists, read anonymously with each id of this world in its path
 * parameters (and query parameters of the same names): whatever answers 200 is a public surface too, so an
 * endpoint added later is searched without being named here.
 */
async function everyDocumentedGet(): Promise<Array<[string, unknown]>> {
  const releases = await new OcdsReader(world).releasesOf(tenderId);
  const ids = [
    tenderId,
    auctionId,
    releases[0].ocid,
    ...releases.map((release: { id: string }) => release.id),
    buyer.ids.buyingUnitId!,
    'lot-1',
    ...suppliers.map((s) => s.party.supplierId),
  ];
  const streams = [
    `tender-${tenderId}`,
    `auction-${auctionId}`,
    ...suppliers.map((s) => `supplier-${s.party.supplierId}`),
  ];
  const urls = new Set<string>();
  for (const { method, path, operation } of await operations(world.api.api.url)) {
    if (method !== 'GET') continue;
    const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const queryIds = (operation.parameters ?? [])
      .filter((p) => p.in === 'query' && /id$|^stream$/i.test(p.name))
      .map((p) => p.name);
    if (pathParams.length === 0) urls.add(path);
    if (pathParams.length === 0 && queryIds.length === 0) continue;
    ids.forEach((id, i) => {
      const concrete = pathParams.reduce((p, name) => p.replace(`{${name}}`, encodeURIComponent(id)), path);
      urls.add(concrete);
      const query = queryIds.map(
        (name) => `${name}=${encodeURIComponent(name === 'stream' ? streams[i % streams.length] : id)}`,
      );
      if (query.length > 0) urls.add(`${concrete}?${query.join('&')}`);
    });
  }
  // Reads write nothing: sent 6 at a time (one at a time, the two sweeps' hundreds of GETs were a good part of
  // this file), the surfaces kept in the order of `urls`.
  return (await mapConcurrently([...urls], surfacesAt, 6)).flat();
}

/** What an anonymous GET of `url` shows: nothing when it is refused or not text; a document per JSON line. */
async function surfacesAt(url: string): Promise<Array<[string, unknown]>> {
  const reply = await fetch(`${world.api.api.url}${url}`);
  const type = reply.headers.get('content-type') ?? '';
  // An overloaded or rate-limited answer would hide what the page holds: none may stand in for it.
  if (reply.status === 429 || reply.status >= 500) throw new Error(`GET ${url}: ${reply.status} ${await reply.text()}`);
  if (reply.status !== 200 || !/json|text/.test(type)) {
    await reply.arrayBuffer();
    return [];
  }
  // JSON, or JSON Lines (each line a document), or text.
  const text = await reply.text();
  try {
    return [[`GET ${url}`, JSON.parse(text)]];
  } catch {
    return text
      .split('\n')
      .filter((line) => line.trim())
      .map((line, i): [string, unknown] => [`GET ${url} line ${i}`, /^\s*[[{]/.test(line) ? JSON.parse(line) : line]);
  }
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
      for (const [time, label] of clues.bidTimes) if (node.includes(time)) found.push([label, `bid at ${time}`]);
      for (const [text, label] of clues.priceTexts) if (node.includes(text)) found.push([label, text]);
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
  /** When each label bid (to the second, as a timestamp anywhere else would show it). */
  bidTimes: Map<string, string>;
  /** The same prices as a page writes them in pesos ("251,238.90"). */
  priceTexts: Map<string, string>;
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
  const bidTimes = new Map<string, string>();
  for (const line of snapshot.ranking) if (line.lastBidAt) bidTimes.set(line.lastBidAt.slice(0, 19), line.label);
  const pesos = new Intl.NumberFormat('es-MX', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const priceTexts = new Map([...prices].map(([centavos, label]) => [pesos.format(centavos / 100), label]));
  return {
    identities,
    labels: snapshot.ranking.map((line) => line.label),
    prices,
    startingRanks,
    bidTimes,
    priceTexts,
  };
}

type LedgerEntry = {
  event: {
    type: string;
    stream: string | null;
    data: Record<string, any> | null;
    metadata: Record<string, unknown>;
    withheld?: string;
  };
};

/** Every ordering of `values` (4 opening prices: at most 24). */
const permutations = <T>(values: T[]): T[][] =>
  values.length <= 1
    ? [values]
    : values.flatMap((value, i) =>
        permutations([...values.slice(0, i), ...values.slice(i + 1)]).map((rest) => [value, ...rest]),
      );

/**
 * The commitment attack: the ledger publishes an event with fields left out and `withheld`, the SHA-256 of the
 * whole event. When all that is left out is which supplier offered which of the prices the auction shows, the
 * attacker tries every assignment of the labels' opening prices to the named bidders, rebuilds the event with
 * the platform's own (public) ranking code and hashes it: a match links every label to a name.
 */
function commitmentLinks(entries: LedgerEntry[], snapshot: AuctionSnapshot, criterion: AwardCriterion): Link[] {
  const opening = entries.find((e) => e.event.type === 'ProposalsOpened')?.event.data;
  const evaluation = entries.find((e) => e.event.type === 'EvaluationCompleted')?.event;
  if (!opening || !evaluation?.withheld || !evaluation.data) return [];
  const points = new Map<string, number | null>();
  for (const { event } of entries)
    if (event.type === 'ProposalEvaluated' && event.data)
      points.set(`${event.data.proposalId}|${event.data.lotId}`, event.data.technicalPoints ?? null);
  const lot = (evaluation.data.lots as Array<Record<string, any>>).find((l) => l.lotId === snapshot.lotId)!;
  const rejected = new Set((lot.nonCompliant as Array<{ proposalId: string }>).map((n) => n.proposalId));
  const bidders = (opening.proposals as Array<Record<string, any>>).filter(
    (p) => p.lotIds.includes(snapshot.lotId) && !rejected.has(p.proposalId),
  );
  // Tied opening prices link their bidders to the tied labels as a pair.
  const labelOf = (price: number) =>
    snapshot.ranking
      .filter((line) => line.openingPrice === price)
      .map((line) => line.label)
      .join(' or ');
  for (const prices of permutations(snapshot.ranking.map((line) => line.openingPrice))) {
    const bids: CompliantBid[] = bidders.map((p, i) => ({
      proposalId: p.proposalId,
      supplierId: p.supplierId,
      amount: prices[i],
      currency: snapshot.currency,
      submittedAt: p.submittedAt,
      technicalPoints: points.get(`${p.proposalId}|${snapshot.lotId}`) ?? null,
    }));
    const ranking = rankLot(bids, criterion);
    const data = {
      ...evaluation.data,
      lots: (evaluation.data.lots as Array<Record<string, unknown>>).map((l) =>
        l.lotId === snapshot.lotId ? { ...l, ranking } : l,
      ),
    };
    const candidate = { stream: evaluation.stream, data, metadata: evaluation.metadata };
    const hash = createHash('sha256').update(independentCanonicalJson(candidate), 'utf8').digest('hex');
    if (hash === evaluation.withheld)
      return bids.map((bid) => ({
        surface: 'ledger, EvaluationCompleted commitment',
        supplier: suppliers.find((s) => s.party.supplierId === bid.supplierId)!.name,
        label: labelOf(bid.amount),
        by: 'brute-forced commitment',
      }));
  }
  return [];
}

/**
 * The same attack on the auction's own commitment: `AuctionScheduled` is published without its participants
 * (bidder, name, label, opening price) and with `withheld` over the whole event. The labels and their opening
 * prices are on the snapshot and the bidders' ids and names on the opening act, so the attacker hashes every
 * order of the labels against every order of the bidders (24 × 24 tries): a match is the whole mapping.
 */
function scheduledCommitmentLinks(entries: LedgerEntry[], snapshot: AuctionSnapshot): Link[] {
  const scheduled = entries.find((e) => e.event.type === 'AuctionScheduled')?.event;
  if (!scheduled?.withheld || !scheduled.data) return [];
  const lines = snapshot.ranking.map(({ label, openingPrice }) => ({ label, openingPrice }));
  for (const order of permutations(lines))
    for (const bidders of permutations(suppliers)) {
      const participants = order.map((line, i) => ({
        bidderId: bidders[i].party.supplierId,
        name: bidders[i].name,
        label: line.label,
        openingPrice: line.openingPrice,
      }));
      const candidate = {
        stream: scheduled.stream,
        data: { ...scheduled.data, participants },
        metadata: scheduled.metadata,
      };
      const hash = createHash('sha256').update(independentCanonicalJson(candidate), 'utf8').digest('hex');
      if (hash === scheduled.withheld)
        return participants.map((p) => ({
          surface: 'ledger, AuctionScheduled commitment',
          supplier: p.name,
          label: p.label,
          by: 'brute-forced commitment',
        }));
    }
  return [];
}

describe('while the auction runs', () => {
  it('no public surface links a label to a supplier by price, rank, label, name or timing', async () => {
    const snapshot = (await anonymous(`/api/auctions/${auctionId}`)) as AuctionSnapshot;
    expect(snapshot.phase).toBe('running');
    expect(snapshot.ranking).toHaveLength(4);
    const clues = cluesFrom(snapshot);
    expect(clues.bidTimes.size).toBe(2);

    const links: Link[] = [];
    const named = await namedSurfaces();
    const swept = await everyDocumentedGet();
    expect(swept.length).toBeGreaterThan(20);
    for (const [surface, doc] of [...named, ...swept]) links.push(...linksIn(surface, doc, clues));

    // Names or supplier ids on the auction's own surfaces link them to whatever line they sit on.
    for (const [surface, doc] of await auctionSurfaces()) {
      const text = JSON.stringify(doc);
      for (const [identity, supplier] of clues.identities)
        if (text.includes(identity)) links.push({ surface, supplier, label: '?', by: 'named on the auction' });
    }

    // A participant is an attacker too: Centli (tied, no bid) reads the auction and the tender as itself; it
    // may see its own name and label, nobody else's.
    const insider = suppliers[2];
    const asInsider = async (path: string) => {
      const reply = await insider.party.get(path);
      expect({ path, status: reply.status }).toEqual({ path, status: 200 });
      return reply.body;
    };
    const insiderClient = await connect(insider.party);
    const insiderSurfaces: Array<[string, unknown]> = [
      ['participant: Socket.IO snapshot', await insiderClient.join(auctionId, 0)],
      ['participant: REST snapshot', await asInsider(`/api/auctions/${auctionId}`)],
      ['participant: tender view', await asInsider(`/api/tenders/${tenderId}`)],
    ];
    await insiderClient.untilSequence(2);
    insiderSurfaces.push(['participant: Socket.IO messages', insiderClient.messages]);
    for (const [surface, doc] of insiderSurfaces) {
      links.push(...linksIn(surface, doc, clues).filter((link) => link.supplier !== insider.name));
      const text = JSON.stringify(doc);
      if (surface.includes('auction') || surface.includes('Socket') || surface.includes('snapshot'))
        for (const s of suppliers.filter((other) => other !== insider))
          if (text.includes(s.name) || text.includes(s.party.supplierId))
            links.push({ surface, supplier: s.name, label: '?', by: 'named to a rival' });
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

    // The ledger's commitments to what it leaves out, tried against every assignment of the opening prices.
    const tenderStream = (await anonymous(`/api/ledger/events?stream=tender-${tenderId}`)) as {
      entries: LedgerEntry[];
    };
    const { awardCriterion } = (await anonymous(`/api/tenders/${tenderId}`)) as { awardCriterion: AwardCriterion };
    links.push(...commitmentLinks(tenderStream.entries, snapshot, awardCriterion));
    const auctionStream = (await anonymous(`/api/ledger/events?stream=auction-${auctionId}`)) as {
      entries: LedgerEntry[];
    };
    links.push(...scheduledCommitmentLinks(auctionStream.entries, snapshot));

    expect(links).toEqual([]);
  }, 120_000);

  it('the opening act shows that each supplier made an offer for the lot and its commitment, not the amount', async () => {
    const receipts = suppliers.map((s) => s.party.supplierId);
    const view = (await anonymous(`/api/tenders/${tenderId}`)) as any;
    expect(
      view.opening.proposals.map((p: any) => [p.supplierId, p.lotIds, p.sealedLotIds, p.offers, p.content]),
    ).toEqual(receipts.map((id) => [id, ['lot-1'], ['lot-1'], [], null]));
    const commitments = view.opening.proposals.map((p: any) => p.commitment);
    expect(commitments).toEqual(view.receipts.map((r: { commitment: string }) => r.commitment));
    for (const commitment of commitments) expect(commitment).toMatch(/^[0-9a-f]{64}$/);

    const record = (await anonymous(`/api/transparency/tenders/${tenderId}`)) as any;
    expect(
      record.opening.proposals.map((p: any) => [p.supplier.id, p.commitment, p.sealedUntilAuction, p.offers]),
    ).toEqual(receipts.map((id, i) => [id, commitments[i], ['lot-1'], []]));

    const { entries } = (await anonymous(`/api/ledger/events?stream=tender-${tenderId}`)) as { entries: LedgerEntry[] };
    const opened = entries.find((e) => e.event.type === 'ProposalsOpened')!.event.data!;
    expect(opened.proposals.map((p: any) => [p.supplierId, p.lotIds, p.commitment, p.offers])).toEqual(
      receipts.map((id, i) => [id, ['lot-1'], commitments[i], undefined]),
    );

    const ocds = new OcdsReader(world);
    await ocds.validEverything();
    const bids = (await ocds.latest(tenderId)).bids.details as Array<Record<string, any>>;
    expect(bids.map((b) => [b.tenderers[0].name, b.relatedLots, b.value])).toEqual(
      suppliers.map((s) => [s.name, ['lot-1'], undefined]),
    );
  });

  it('the portal, rendered in a browser, shows each supplier’s sealed offer and commitment but links no label', async () => {
    ensureWebBuilt();
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext({ locale: 'es-MX' })).newPage();
      page.setDefaultTimeout(20_000);
      const rendered: Array<[string, unknown]> = [];
      await page.goto(`${world.api.api.url}/licitaciones/${tenderId}`);
      await page.getByRole('heading', { name: 'Acto de apertura' }).waitFor();
      await page.locator('tr', { hasText: suppliers[3].name }).first().waitFor();
      rendered.push(['portal tender page', await page.locator('tr, li, p, h1, h2, h3').allInnerTexts()]);
      await page.goto(`${world.api.api.url}/subastas/${auctionId}`);
      await page.locator('[data-testid=ranking] tbody tr').nth(3).waitFor();
      rendered.push(['portal auction room', await page.locator('tr, li, p, h1, h2, h3').allInnerTexts()]);

      const clues = cluesFrom((await anonymous(`/api/auctions/${auctionId}`)) as AuctionSnapshot);
      // Each row or paragraph is one reading: a row naming one supplier next to a price, rank or label links them.
      const links = rendered.flatMap(([surface, texts]) =>
        linksIn(
          surface,
          (texts as string[]).map((text) => ({ text })),
          clues,
        ),
      );
      expect(links).toEqual([]);
      const room = JSON.stringify(rendered[1][1]);
      for (const s of suppliers) expect(room).not.toContain(s.name);

      // The opening act: one row per supplier, its offer sealed, its commitment shown.
      const sealedRows = (rendered[0][1] as string[]).filter((text) =>
        text.includes('Sellado hasta el cierre de la subasta'),
      );
      const { receipts } = (await anonymous(`/api/tenders/${tenderId}`)) as { receipts: Array<{ commitment: string }> };
      expect(sealedRows).toHaveLength(suppliers.length);
      suppliers.forEach((s, i) => {
        expect(sealedRows[i]).toContain(s.name);
        expect(sealedRows[i]).toContain(receipts[i].commitment.slice(0, 16));
      });
    } finally {
      await browser.close();
    }
  }, 240_000);

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

  it('the same search now links each label to its supplier: the attack finds a link when there is one', async () => {
    const snapshot = (await anonymous(`/api/auctions/${auctionId}`)) as AuctionSnapshot;
    const clues = cluesFrom(snapshot);
    const links: Link[] = [];
    for (const [surface, doc] of [...(await namedSurfaces()), ...(await everyDocumentedGet())])
      links.push(...linksIn(surface, doc, clues));
    const untied = snapshot.ranking.filter(
      (line) => snapshot.ranking.filter((other) => other.openingPrice === line.openingPrice).length === 1,
    );
    expect(untied).toHaveLength(2);
    for (const line of untied)
      expect(links).toContainEqual(expect.objectContaining({ supplier: line.name, label: line.label }));
    // No false link: whatever the search pins on a supplier is a label at its own opening price.
    for (const link of links) {
      const line = snapshot.ranking.find((l) => l.label === link.label)!;
      const own = snapshot.ranking.find((l) => l.name === link.supplier)!;
      expect([link, line.openingPrice]).toEqual([link, own.openingPrice]);
    }
  }, 120_000);

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
    // The bids sealed at the opening are published with the award: each its own opening offer.
    expect(latest.bids.details.map((b: any) => [b.tenderers[0].name, b.value])).toEqual(
      suppliers.map((s) => [s.name, { amount: s.offer / 100, currency: 'MXN' }]),
    );
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
    // The evaluation's blind is the one the revealed salts give: anyone can check it now, nobody could before.
    const evaluation = entries.find((e) => e.event.type === 'EvaluationCompleted')!;
    expect(evaluation.event).not.toHaveProperty('data.blind');
    expect(evaluation.revealed!.data.blind).toBe(
      evaluationBlind(opened.proposals.map((p: { content: { salt: string } }) => p.content.salt)),
    );
  });
});
