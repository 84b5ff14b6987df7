import { at, DAY, eventually, HOUR } from '../../support/time';
import {
  aDirectAward,
  aProposal,
  laptopsAt,
  type Party,
  type Reply,
  scheduleFrom,
  TenderingApi,
} from '../tendering/tendering-api';

/**
 * The public transparency API over HTTP, on a procedure driven end to end through the tendering API (real
 * application, PostgreSQL, projections, scheduler, ManualClock): nothing sealed is shown before the opening
 * act through any endpoint, everything is after it, bad parameters get problem+json, the endpoints are in
 * the OpenAPI document, readiness reports the projection, and a rebuild gives the same rows.
 */
const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);
const MARKER_PRICE = 2_345_671; // lot-1: 10 × 2,345,671 + 10 × 100,000 = 24,456,710

let world: TenderingApi;
let unitId: string;
let buyer: Party;
let winner: Party;
let rival: Party;
let asker: Party;
let tenderId: string;
let contractId: string;

const get = (path: string) => world.anonymous('GET', path);

/** The projections these endpoints read have applied the whole log (others' may lag: not this test's business). */
const caughtUp = () =>
  eventually('the transparency, register and buying-unit projections caught up', async () =>
    (await world.api.projections.status())
      .filter((p) => ['transparency', 'supplier-register', 'buying-units'].includes(p.name))
      .every((p) => p.lag === 0),
  );

/** A public GET, once `ready` holds (the projection applies commands within moments). */
const when = (path: string, ready: (body: any) => boolean) =>
  eventually(`GET ${path}`, async () => {
    const reply = await get(path);
    return reply.status === 200 && ready(reply.body) && reply.body;
  });

/** Every public transparency answer about this procedure, its unit and its bidders, as text. */
async function everythingPublic(): Promise<string> {
  const paths = [
    '/api/transparency/tenders',
    `/api/transparency/tenders?buyingUnitId=${unitId}`,
    `/api/transparency/tenders/${tenderId}`,
    '/api/transparency/statistics',
    '/api/transparency/red-flags',
    `/api/transparency/buying-units/${unitId}`,
    '/api/feed',
  ];
  const replies = await Promise.all(paths.map(get));
  for (const [i, reply] of replies.entries())
    expect({ path: paths[i], status: reply.status }).toEqual({ path: paths[i], status: 200 });
  return JSON.stringify(replies.map((reply) => reply.body));
}

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z');
  unitId = await world.buyingUnit();
  buyer = await world.buyer(unitId);
  winner = await world.supplier('Proveedora Ganadora');
  rival = await world.supplier('Proveedora Rival');
  asker = await world.supplier('Proveedora Curiosa');
  tenderId = await world.publishedTender(buyer, P);
}, 120_000);

afterAll(() => world?.close());

describe('before the opening act', () => {
  beforeAll(async () => {
    world.clock.set(at(P, DAY));
    expect(
      (await asker.post(`/api/tenders/${tenderId}/questions`, { text: '¿Se aceptan equipos reacondicionados?' }))
        .status,
    ).toBe(201);
    world.clock.set(at(S.questionsDeadline, HOUR));
    expect(
      (
        await winner.post(
          `/api/tenders/${tenderId}/proposals`,
          aProposal(laptopsAt(MARKER_PRICE), 'Propuesta MARCADOR-9d2e'),
        )
      ).status,
    ).toBe(201);
    expect((await rival.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_500_000)))).status).toBe(201);
    await caughtUp();
  });

  it('lists the procedure without login, with its count of sealed proposals', async () => {
    const list = await when('/api/transparency/tenders', (body) => body.items[0]?.proposals === 2);
    expect(list.items).toEqual([
      expect.objectContaining({
        tenderId,
        status: 'active.tendering',
        procedureType: 'public_national',
        value: { amount: 26_500_000, currency: 'MXN' },
        proposals: 2,
        bidders: null,
      }),
    ]);
  });

  it('names no bidder and no asker, and gives no amount or document of a proposal, through any endpoint', async () => {
    const text = await everythingPublic();
    const secrets = [
      winner.supplierId,
      rival.supplierId,
      asker.supplierId,
      'Ganadora',
      'Rival',
      'Curiosa',
      String(MARKER_PRICE),
      '24456710',
      'MARCADOR-9d2e',
      'tecnica.pdf',
    ];
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
    const detail = (await get(`/api/transparency/tenders/${tenderId}`)).body;
    expect(detail).toMatchObject({
      proposalsReceived: 2,
      opening: null,
      clarifications: [{ question: '¿Se aceptan equipos reacondicionados?', answer: null }],
    });
    expect(detail.sealedProposalIds).toBeUndefined();
  });

  it("a supplier's profile says nothing of the procedure it bid in", async () => {
    const profile = (await get(`/api/transparency/suppliers/${winner.supplierId}`)).body;
    expect(profile).toMatchObject({
      supplierId: winner.supplierId,
      legalName: 'Proveedora Ganadora, S.A. de C.V.',
      register: { status: 'verified' },
      awards: [],
      contracts: [],
    });
    expect(JSON.stringify(profile)).not.toContain(tenderId);
  });
});

describe('after the opening act', () => {
  beforeAll(async () => {
    // The submission deadline passes first: the scheduler records the end of the submission period.
    world.clock.set(S.submissionDeadline);
    await eventually('the submission period ended', async () =>
      (await world.events(`tender-${tenderId}`)).some((e) => e.type === 'SubmissionPeriodEnded'),
    );
    world.clock.set(S.openingDate);
    const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
    expect(opened.status).toBe(200);
    world.clock.set(at(S.openingDate, HOUR));
    for (const proposal of opened.body.proposals) {
      expect(
        (
          await buyer.post(`/api/tenders/${tenderId}/evaluations`, {
            proposalId: proposal.proposalId,
            lotId: 'lot-1',
            compliant: true,
          })
        ).status,
      ).toBe(201);
    }
    expect((await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`)).status).toBe(200);
    world.clock.set(at(S.openingDate, DAY));
    expect((await buyer.post(`/api/tenders/${tenderId}/award`)).status).toBe(200);
    const ends = at(S.openingDate, 9 * DAY);
    world.clock.set(ends);
    await eventually('the objection period recorded', async () =>
      (await world.events(`tender-${tenderId}`)).some((event) => event.type === 'ObjectionPeriodEnded'),
    );
    const signed = await buyer.post('/api/contracts', {
      tenderId,
      lotId: 'lot-1',
      startDate: at(ends, DAY),
      endDate: at(ends, 90 * DAY),
    });
    expect(signed.status).toBe(201);
    contractId = signed.body.contractId;
    world.clock.set(at(ends, 10 * DAY));
    expect(
      (
        await buyer.post(`/api/contracts/${contractId}/amendments`, {
          amount: 28_000_000,
          reason: 'Ampliación por demanda',
        })
      ).status,
    ).toBe(201);
    await caughtUp();
  });

  it('shows the opening act, the award, the contract and its amendment, and the whole timeline in plain Spanish', async () => {
    const detail = await when(
      `/api/transparency/tenders/${tenderId}`,
      (body) => body.contracts[0]?.amendments.length === 1,
    );
    expect(detail.buyingUnit).toEqual({ id: unitId, name: expect.stringMatching(/^Unidad UC-/) });
    // Both were submitted at the same instant: the act lists them by proposal id, so compare in price order.
    expect(
      detail.opening.proposals
        .map((p: any) => [p.supplier.id, p.offers[0].value.amount])
        .sort((a: any, b: any) => a[1] - b[1]),
    ).toEqual([
      [winner.supplierId, 24_456_710],
      [rival.supplierId, 26_000_000],
    ]);
    expect(detail.awards).toEqual([
      expect.objectContaining({
        supplier: { id: winner.supplierId, name: 'Proveedora Ganadora, S.A. de C.V.' },
        value: { amount: 24_456_710, currency: 'MXN' },
        status: 'active',
      }),
    ]);
    expect(detail.contracts).toEqual([
      expect.objectContaining({
        contractId,
        originalValue: { amount: 24_456_710, currency: 'MXN' },
        value: { amount: 28_000_000, currency: 'MXN' },
      }),
    ]);
    expect(detail.timeline.map((entry: any) => entry.key)).toEqual([
      'tender.created',
      'tender.published',
      'question.asked',
      'tender.enquiry_period_ended',
      'proposal.submitted',
      'proposal.submitted',
      'tender.submission_period_ended',
      'proposals.opened',
      'proposal.evaluated',
      'proposal.evaluated',
      'evaluation.completed',
      'lot.awarded',
      'award.objection_period_ended',
      'lot.contracted',
      'tender.contracted',
      'contract.amended',
    ]);
    expect(
      detail.timeline.every(
        (entry: any) =>
          typeof entry.text === 'string' && entry.text.length > 10 && !entry.text.includes(asker.supplierId),
      ),
    ).toBe(true);
  });

  it('raises the red flags the procedure earned, and counts them for the unit', async () => {
    // The contract grew 14.49 % (below the 15 % threshold); the winner registered 19 days before its award.
    const detail = (await get(`/api/transparency/tenders/${tenderId}`)).body;
    expect(detail.redFlags.map((flag: any) => flag.code)).toEqual(['supplier_recently_registered']);
    const flags = (await get(`/api/transparency/red-flags?buyingUnitId=${unitId}`)).body;
    expect(flags.buyingUnits).toEqual([
      expect.objectContaining({ buyingUnitId: unitId, procedures: 1, flaggedProcedures: 1, unitFlags: [] }),
    ]);
    expect(flags.definitions.map((definition: any) => definition.code)).toEqual([
      'single_bidder',
      'short_submission_period',
      'late_amendment',
      'contract_amendment_near_limit',
      'supplier_recently_registered',
      'zero_amount_contract',
      'direct_award_share',
      'winner_concentration',
      'split_purchase',
      'missing_delivery',
      'late_delivery',
      'late_payment',
    ]);
    expect(
      (await get('/api/transparency/tenders?redFlag=supplier_recently_registered')).body.items.map(
        (item: any) => item.tenderId,
      ),
    ).toEqual([tenderId]);
  });

  it('profiles the winner and the buying unit, with amounts by year', async () => {
    const profile = (await get(`/api/transparency/suppliers/${winner.supplierId}`)).body;
    expect(profile.byYear).toEqual([
      {
        year: 2026,
        currency: 'MXN',
        awards: 1,
        awardedAmount: { amount: 24_456_710, currency: 'MXN' },
        contracts: 1,
        contractedAmount: { amount: 28_000_000, currency: 'MXN' },
      },
    ]);
    expect(profile.awards.map((award: any) => award.tenderId)).toEqual([tenderId]);
    const unit = (await get(`/api/transparency/buying-units/${unitId}`)).body;
    expect(unit).toMatchObject({
      buyingUnitId: unitId,
      procedures: { total: 1, byStatus: { contracted: 1 } },
      topSuppliers: { currency: 'MXN', suppliers: [{ supplier: { id: winner.supplierId }, awards: 1 }] },
    });
  });

  it('counts the procedure in the statistics and gives it in the feed', async () => {
    const stats = (await get('/api/transparency/statistics')).body;
    expect(stats).toMatchObject({
      currencies: ['MXN'],
      currency: null,
      totals: {
        procedures: 1,
        byCurrency: [
          {
            currency: 'MXN',
            awardedAmount: { amount: 24_456_710, currency: 'MXN' },
            contractedAmount: { amount: 28_000_000, currency: 'MXN' },
          },
        ],
      },
    });
    expect(stats.proposals).toEqual({ openedProcedures: 1, proposals: 2, averagePerProcedure: 2 });
    const feed = (await get('/api/feed?limit=10')).body;
    expect(feed.items).toEqual([
      expect.objectContaining({ tenderId, status: 'contracted', href: `/api/transparency/tenders/${tenderId}` }),
    ]);
    expect((await get(`/api/feed?after=${feed.nextCursor}`)).body).toEqual({ items: [], nextCursor: feed.nextCursor });
  });
});

describe('the API', () => {
  it('answers bad parameters with 400 problem+json and a stable code', async () => {
    const cases: Array<[string, string]> = [
      ['/api/transparency/tenders?limit=0', 'request.invalid'],
      ['/api/transparency/tenders?sort=price', 'request.invalid'],
      ['/api/transparency/tenders?status=open', 'request.invalid'],
      ['/api/transparency/tenders?minValue=-1', 'request.invalid'],
      ['/api/transparency/tenders?publishedFrom=yesterday', 'request.invalid'],
      ['/api/transparency/tenders?unknown=1', 'request.invalid'],
      ['/api/transparency/tenders?cursor=bm90LWEtY3Vyc29y', 'transparency.invalid_cursor'],
      ['/api/transparency/tenders?minValue=5&maxValue=1', 'transparency.invalid_range'],
      ['/api/transparency/statistics?from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z', 'transparency.invalid_range'],
      ['/api/transparency/statistics?currency=pesos', 'request.invalid'],
      ['/api/transparency/buying-units/any?currency=pesos', 'request.invalid'],
      ['/api/feed?after=abc', 'feed.invalid_cursor'],
      ['/api/feed?limit=5000', 'request.invalid'],
    ];
    for (const [path, code] of cases) {
      const response = await fetch(`${world.api.url}${path}`);
      expect({
        path,
        status: response.status,
        type: response.headers.get('content-type'),
        code: ((await response.json()) as { code: string }).code,
      }).toEqual({
        path,
        status: 400,
        type: 'application/problem+json; charset=utf-8',
        code,
      });
    }
  });

  it('answers 404 with a code for what is not public', async () => {
    for (const [path, code] of [
      ['/api/transparency/tenders/no-such-tender', 'tender.not_found'],
      ['/api/transparency/suppliers/no-such-supplier', 'supplier.not_found'],
      ['/api/transparency/buying-units/no-such-unit', 'buying_unit.not_found'],
    ])
      expect(await get(path)).toMatchObject({ status: 404, body: { code } });
  });

  it('documents every endpoint in OpenAPI', async () => {
    const document = (await get('/docs-json')).body;
    for (const path of [
      '/api/transparency/tenders',
      '/api/transparency/tenders/{id}',
      '/api/transparency/suppliers/{id}',
      '/api/transparency/buying-units/{id}',
      '/api/transparency/statistics',
      '/api/transparency/red-flags',
      '/api/feed',
    ]) {
      expect({ path, tags: document.paths[path]?.get?.tags }).toEqual({ path, tags: ['transparency'] });
    }
    expect(document.paths['/api/transparency/tenders'].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining([
        'status',
        'procedureType',
        'buyingUnitId',
        'classifierCode',
        'minValue',
        'maxValue',
        'publishedFrom',
        'publishedTo',
        'q',
        'sort',
        'cursor',
        'limit',
      ]),
    );
  });

  it("reports the projection's lag in readiness", async () => {
    const ready: Reply = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.projector.projections).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'transparency', lag: expect.any(Number) })]),
    );
  });

  it('rebuilds to the same rows the live projection wrote', async () => {
    await caughtUp();
    const dump = () =>
      Promise.all(
        [
          'transparency_tenders ORDER BY tender_id',
          'transparency_timeline ORDER BY tender_id, position',
          'transparency_openings ORDER BY tender_id',
          'transparency_awards ORDER BY tender_id, lot_id, supplier_id',
          'transparency_contracts ORDER BY contract_id',
          'transparency_items ORDER BY tender_id, lot_id, item_id',
          'transparency_suppliers ORDER BY supplier_id',
        ].map((from) => world.api.db.query(`SELECT * FROM ${from}`)),
      );
    const live = await dump();
    await world.api.projections.rebuildProjection('transparency');
    await caughtUp();
    expect(await dump()).toEqual(live);
  });
});

describe('amounts in two currencies', () => {
  /** Direct awards in dollars by the same unit: [supplier, amount in cents]. */
  let dollars: Array<[Party, number]>;

  beforeAll(async () => {
    dollars = [
      [winner, 3_000_000],
      [winner, 2_000_000],
      [rival, 1_000_000],
    ];
    const now = '2026-11-02T16:00:00.000Z';
    world.clock.set(now);
    for (const [supplier, amount] of dollars) {
      const body = aDirectAward(unitId, now, supplier.supplierId);
      const lots = body.lots.map((lot: any) => ({
        ...lot,
        estimatedValue: { ...lot.estimatedValue, currency: 'USD' },
      }));
      const created = await buyer.post('/api/tenders', {
        ...body,
        currency: 'USD',
        lots,
        estimatedTotal: { ...body.estimatedTotal, currency: 'USD' },
      });
      expect(created.status).toBe(201);
      const awarded = await buyer.post(`/api/tenders/${created.body.tenderId}/direct-award`, {
        lots: [{ lotId: 'lot-1', amount }],
      });
      expect(awarded.status).toBe(200);
    }
    await caughtUp();
  });

  it('keeps pesos and dollars apart in the statistics, a row per currency', async () => {
    const stats = (await get('/api/transparency/statistics')).body;
    const awardedIn = (currency: string) =>
      stats.totals.byCurrency.find((row: any) => row.currency === currency)?.awardedAmount;
    expect(stats.currencies).toEqual(['USD', 'MXN']);
    expect(awardedIn('MXN')).toEqual({ amount: 24_456_710, currency: 'MXN' });
    expect(awardedIn('USD')).toEqual({
      amount: dollars.reduce((sum, [, amount]) => sum + amount, 0),
      currency: 'USD',
    });
    expect(stats.byBuyingUnit.map((row: any) => [row.currency, row.procedures])).toEqual([
      ['MXN', 1],
      ['USD', 3],
    ]);
  });

  it("ranks the unit's suppliers per currency and flags the dollar winner's share of the unit's dollars", async () => {
    const profile = (await get(`/api/transparency/buying-units/${unitId}?currency=USD`)).body;
    expect(profile.topSuppliers.currencies).toEqual([
      { currency: 'USD', awards: 3 },
      { currency: 'MXN', awards: 1 },
    ]);
    expect(profile.topSuppliers.suppliers.map((s: any) => [s.supplier.id, s.awards, s.awardedAmount.amount])).toEqual([
      [winner.supplierId, 2, 5_000_000],
      [rival.supplierId, 1, 1_000_000],
    ]);
    const toWinner = dollars.filter(([s]) => s === winner).reduce((sum, [, amount]) => sum + amount, 0);
    const total = dollars.reduce((sum, [, amount]) => sum + amount, 0);
    const share = Math.round((toWinner / total) * 10_000) / 100;
    const flags = (await get(`/api/transparency/red-flags?buyingUnitId=${unitId}`)).body.buyingUnits[0].unitFlags;
    expect(flags.find((f: any) => f.code === 'winner_concentration')).toMatchObject({
      currency: 'USD',
      year: 2026,
      value: share,
      threshold: 50,
    });
    expect(flags.some((f: any) => f.code === 'winner_concentration' && f.currency === 'MXN')).toBe(false);
  });
});
