import { OcdsReader } from '../ocds/ocds-reader';
import { aContract, aDirectAward, type Party, type Reply, TenderingApi } from '../tendering/tendering-api';

/**
 * Annual procurement plans over HTTP, one app for every case: a buyer publishes, revises and links; the public
 * reads the plan, its revisions and differences, the totals and planned vs executed; the OCDS feed carries the
 * planning releases (a linked line's under its tender's ocid).
 */
let world: TenderingApi;
let unitId: string;
let otherUnitId: string;
let buyer: Party;
let otherBuyer: Party;
let supplier: Party;
let ocds: OcdsReader;
const YEAR = 2026;
const plan = () => `/api/plans/${unitId}/${YEAR}`;

const line = (lineId: string, overrides: Record<string, unknown> = {}) => ({
  lineId,
  classifierCode: '21100001',
  description: `Línea ${lineId}`,
  estimate: { amount: 50_000_000, currency: 'MXN' },
  quarter: 1,
  procedureType: 'direct_award',
  legalBasis: 'LAASSP art. 41',
  ...overrides,
});

/** A public read once the projections have reached the command's position. */
const publicRead = (path: string, after: Reply) =>
  world.anonymous('GET', `${path}?minPosition=${after.headers.get('licita-position')}`);

beforeAll(async () => {
  world = await TenderingApi.start('2026-01-20T16:00:00.000Z');
  unitId = await world.buyingUnit();
  otherUnitId = await world.buyingUnit();
  buyer = await world.buyer(unitId);
  otherBuyer = await world.buyer(otherUnitId);
  supplier = await world.supplier('Papelera del Centro');
  ocds = new OcdsReader(world);
}, 120_000);

afterAll(() => world?.close());

describe('an annual plan', () => {
  let revised: Reply;

  it('is published by a buyer of the unit, and only by one', async () => {
    const lines = [
      line('L1'),
      line('L2', { classifierCode: '33900001', quarter: 3, estimate: { amount: 1_000_000, currency: 'USD' } }),
    ];
    expect(await world.anonymous('PUT', plan(), { lines })).toMatchObject({ status: 401 });
    expect(await otherBuyer.call('PUT', plan(), { lines })).toMatchObject({
      status: 403,
      body: { code: 'auth.forbidden' },
    });
    const published = await buyer.call('PUT', plan(), { lines });
    expect(published).toMatchObject({ status: 200, body: { revision: 1, fiscalYear: YEAR } });
    expect(published.headers.get('licita-position')).toMatch(/^\d+$/);

    const view = await publicRead(plan(), published);
    expect(view).toMatchObject({
      status: 200,
      body: {
        revision: 1,
        lines: [{ lineId: 'L1', tenderId: null }, { lineId: 'L2' }],
        byQuarter: [
          { quarter: 1, currency: 'MXN', amount: 50_000_000, lines: 1 },
          { quarter: 3, currency: 'USD', amount: 1_000_000, lines: 1 },
        ],
        byClassifier: [
          { classifierCode: '21100001', currency: 'MXN', amount: 50_000_000 },
          { classifierCode: '33900001', currency: 'USD', amount: 1_000_000 },
        ],
      },
    });
    expect((await world.anonymous('GET', `/api/plans?buyingUnitId=${unitId}`)).body).toMatchObject([
      { fiscalYear: YEAR, revision: 1, lineCount: 2 },
    ]);
  });

  it('refuses bad lines with their codes, in problem+json', async () => {
    const refused = async (lines: unknown[], code: string, status = 422) => {
      const reply = await buyer.call('PUT', plan(), { lines, reason: 'corrección' });
      expect(reply).toMatchObject({ status, body: { code } });
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
    };
    await refused([line('L1', { classifierCode: '99999999' })], 'classifier.unknown_code');
    await refused([line('L1', { quarter: 5 })], 'plan.invalid_quarter');
    await refused([line('L1', { estimate: { amount: 10.5, currency: 'MXN' } })], 'request.invalid', 400);
    await refused([line('L1', { procedureType: 'auction' })], 'plan.invalid_procedure_type');
    await refused([line('L1'), line('L1')], 'plan.duplicate_line');
    expect(await buyer.call('PUT', plan(), { lines: [line('L1')] })).toMatchObject({
      status: 422,
      body: { code: 'plan.reason_required' },
    });
    expect(await buyer.call('PUT', `/api/plans/${unitId}/1999`, { lines: [line('L1')] })).toMatchObject({
      status: 422,
      body: { code: 'plan.invalid_fiscal_year' },
    });
  });

  it('is revised with a reason; the public sees lines added, removed and changed (old → new)', async () => {
    revised = await buyer.call('PUT', plan(), {
      lines: [line('L1', { quarter: 2, estimate: { amount: 60_000_000, currency: 'MXN' } }), line('L3')],
      reason: 'Ajuste presupuestal',
      basedOnRevision: 1,
    });
    expect(revised).toMatchObject({ status: 200, body: { revision: 2 } });
    const stale = await buyer.call('PUT', plan(), { lines: [line('L1')], reason: 'otra', basedOnRevision: 1 });
    expect(stale).toMatchObject({ status: 409, body: { code: 'plan.stale_revision', details: { revision: 2 } } });
    const view = (await publicRead(plan(), revised)).body;
    expect(view.revisions).toEqual([
      expect.objectContaining({ revision: 1, reason: null }),
      {
        revision: 2,
        publishedAt: '2026-01-20T16:00:00.000Z',
        reason: 'Ajuste presupuestal',
        changes: {
          added: [{ lineId: 'L3', description: 'Línea L3' }],
          removed: [{ lineId: 'L2', description: 'Línea L2' }],
          changed: [
            {
              lineId: 'L1',
              description: 'Línea L1',
              changes: [
                {
                  path: 'estimate',
                  before: { amount: 50_000_000, currency: 'MXN' },
                  after: { amount: 60_000_000, currency: 'MXN' },
                },
                { path: 'quarter', before: 1, after: 2 },
              ],
            },
          ],
        },
      },
    ]);
    const first = await world.anonymous('GET', `${plan()}/revisions/1`);
    expect(first.body.lines.map((l: { lineId: string }) => l.lineId)).toEqual(['L1', 'L2']);
    expect((await world.anonymous('GET', `${plan()}/revisions/9`)).body.code).toBe('plan.revision_not_found');
    expect(await buyer.call('PUT', plan(), { lines: view.lines.map(withoutTender), reason: 'otra vez' })).toMatchObject(
      {
        status: 409,
        body: { code: 'plan.unchanged' },
      },
    );
  });

  it('links a procedure of the unit and year to the line it executes; others are refused', async () => {
    const now = world.clock.now().toISOString();
    const draft = await buyer.post('/api/tenders', aDirectAward(unitId, now, supplier.supplierId));
    const tenderId = draft.body.tenderId;
    const foreign = (await otherBuyer.post('/api/tenders', aDirectAward(otherUnitId, now, supplier.supplierId))).body
      .tenderId;
    const link = (lineId: string, id: string) => buyer.post(`${plan()}/lines/${lineId}/link`, { tenderId: id });

    expect(await link('L1', foreign)).toMatchObject({ status: 422, body: { code: 'plan.tender_of_other_unit' } });
    expect(await otherBuyer.post(`${plan()}/lines/L1/link`, { tenderId: foreign })).toMatchObject({ status: 403 });
    expect(await link('L9', tenderId)).toMatchObject({ status: 404, body: { code: 'plan.line_not_found' } });
    expect(await link('L1', 'no-such-tender')).toMatchObject({ status: 404, body: { code: 'tender.not_found' } });
    const linked = await link('L1', tenderId);
    expect(linked).toMatchObject({ status: 200, body: { links: { L1: tenderId } } });
    expect(await link('L1', tenderId)).toMatchObject({ status: 200 });
    expect(await buyer.call('PUT', plan(), { lines: [line('L3')], reason: 'quitar L1' })).toMatchObject({
      status: 409,
      body: { code: 'plan.linked_line_removed' },
    });

    world.clock.set('2027-01-10T16:00:00.000Z');
    const nextYear = (
      await buyer.post('/api/tenders', aDirectAward(unitId, world.clock.now().toISOString(), supplier.supplierId))
    ).body.tenderId;
    expect(await link('L3', nextYear)).toMatchObject({ status: 422, body: { code: 'plan.tender_of_other_year' } });
    world.clock.set(now);

    // The award and the contract of the linked procedure: planned vs executed, per currency.
    await buyer.post(`/api/tenders/${tenderId}/direct-award`, { lots: [{ lotId: 'lot-1', amount: 26_000_000 }] });
    const signed = await buyer.post('/api/contracts', aContract(tenderId, now));
    expect(signed.status).toBe(201);
    const view = (await publicRead(plan(), signed)).body;
    expect(view.lines.find((l: { lineId: string }) => l.lineId === 'L1').tenderId).toBe(tenderId);
    expect(view.execution.totals).toEqual([
      { currency: 'MXN', planned: 110_000_000, awarded: 26_000_000, contracted: 26_000_000 },
    ]);
    expect(view.execution.lines[0]).toEqual({
      lineId: 'L1',
      tenderId,
      planned: { amount: 60_000_000, currency: 'MXN' },
      awarded: [{ amount: 26_000_000, currency: 'MXN' }],
      contracted: [{ amount: 26_000_000, currency: 'MXN' }],
    });
    linkedTender = tenderId;
  });

  it('counts no award that no longer holds: a procedure cancelled after its award executes nothing', async () => {
    const now = world.clock.now().toISOString();
    const tenderId = (await buyer.post('/api/tenders', aDirectAward(unitId, now, supplier.supplierId))).body.tenderId;
    expect(await buyer.post(`${plan()}/lines/L3/link`, { tenderId })).toMatchObject({ status: 200 });
    await buyer.post(`/api/tenders/${tenderId}/direct-award`, { lots: [{ lotId: 'lot-1', amount: 9_000_000 }] });
    const awarded = (
      await publicRead(
        plan(),
        await buyer.post(`/api/tenders/${tenderId}/cancel`, { reason: 'Sin suficiencia presupuestal' }),
      )
    ).body;
    expect(awarded.execution.totals).toEqual([
      { currency: 'MXN', planned: 110_000_000, awarded: 26_000_000, contracted: 26_000_000 },
    ]);
    expect(awarded.execution.lines.find((l: { lineId: string }) => l.lineId === 'L3')).toMatchObject({
      tenderId,
      awarded: [],
    });
  });

  it("sums every unit's plan for the year: by code and quarter, and each unit's planned vs executed", async () => {
    const other = await otherBuyer.call('PUT', `/api/plans/${otherUnitId}/${YEAR}`, {
      lines: [line('X1', { estimate: { amount: 5_000_000, currency: 'MXN' } })],
    });
    expect(other.status).toBe(200);
    const summary = await world.anonymous(
      'GET',
      `/api/plans/summary?fiscalYear=${YEAR}&minPosition=${other.headers.get('licita-position')}`,
    );
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      fiscalYear: YEAR,
      planCount: 2,
      byClassifier: [{ classifierCode: '21100001', currency: 'MXN', amount: 115_000_000, lines: 3, units: 2 }],
      byQuarter: [
        { quarter: 1, currency: 'MXN', amount: 55_000_000, lines: 2 },
        { quarter: 2, currency: 'MXN', amount: 60_000_000, lines: 1 },
      ],
    });
    const unitTotals = (id: string) =>
      summary.body.units.find((unit: { buyingUnitId: string }) => unit.buyingUnitId === id);
    expect(unitTotals(unitId)).toMatchObject({
      name: expect.any(String),
      lineCount: 2,
      totals: [{ currency: 'MXN', planned: 110_000_000, awarded: 26_000_000, contracted: 26_000_000 }],
    });
    expect(unitTotals(otherUnitId)).toMatchObject({
      revision: 1,
      totals: [{ currency: 'MXN', planned: 5_000_000, awarded: 0, contracted: 0 }],
    });
    expect(await world.anonymous('GET', '/api/plans/summary?fiscalYear=1999')).toMatchObject({
      status: 422,
      body: { code: 'plan.invalid_fiscal_year' },
    });
    expect((await world.anonymous('GET', '/api/plans/summary')).status).toBe(400);
  });

  it('publishes planning releases: a linked line under its tender ocid, an unlinked line under its own', async () => {
    const { releases } = await ocds.validEverything();
    const planning = releases.filter(
      (release) => release.tag.includes('planning') || release.tag.includes('planningUpdate'),
    );
    expect(planning.length).toBeGreaterThan(0);

    const record = (await ocds.record(linkedTender)).records[0];
    const linkedRelease = record.releases.find((release: any) => release.tag.includes('planning'));
    expect(linkedRelease).toMatchObject({
      ocid: ocds.ocid(linkedTender),
      planning: { budget: { amount: { amount: 600_000, currency: 'MXN' } } },
    });
    expect(record.compiledRelease.planning.budget.amount).toEqual({ amount: 600_000, currency: 'MXN' });
    expect(record.compiledRelease.tender.status).not.toBe('planned');

    const own = planning.filter((release) => release.ocid.endsWith(`plan-${unitId}-${YEAR}-L3`));
    expect(own.at(-1)).toMatchObject({
      tag: ['planning'],
      tender: { status: 'planned', items: [{ classification: { id: '21100001' } }] },
    });
    const removed = planning.filter((release) => release.ocid.endsWith(`plan-${unitId}-${YEAR}-L2`)).at(-1);
    expect(removed).toMatchObject({ tag: ['planningUpdate'], tender: { status: 'withdrawn' } });
  });
});

describe('a multi-year contract in planned vs executed', () => {
  it("counts in the plan's fiscal year only that year's share, as last amended", async () => {
    const now = world.clock.now().toISOString();
    const revised = await otherBuyer.call('PUT', `/api/plans/${otherUnitId}/${YEAR}`, {
      lines: [line('X1', { estimate: { amount: 5_000_000, currency: 'MXN' } }), line('X2')],
      reason: 'Servicio plurianual',
    });
    expect(revised.status).toBe(200);
    const draft = await otherBuyer.post('/api/tenders', aDirectAward(otherUnitId, now, supplier.supplierId));
    const tenderId = draft.body.tenderId;
    expect((await otherBuyer.post(`/api/plans/${otherUnitId}/${YEAR}/lines/X2/link`, { tenderId })).status).toBe(200);
    await otherBuyer.post(`/api/tenders/${tenderId}/direct-award`, { lots: [{ lotId: 'lot-1', amount: 20_000_000 }] });
    const years = (first: number, second: number) => [
      { fiscalYear: YEAR, amount: first },
      { fiscalYear: YEAR + 1, amount: second },
    ];
    const signed = await otherBuyer.post('/api/contracts', {
      ...aContract(tenderId, now, 'lot-1', 400),
      multiYear: { fiscalYears: years(12_000_000, 8_000_000) },
    });
    expect(signed.status).toBe(201);
    const executed = async (after: Reply) =>
      (await publicRead(`/api/plans/${otherUnitId}/${YEAR}`, after)).body.execution.lines.find(
        (l: { lineId: string }) => l.lineId === 'X2',
      );
    expect(await executed(signed)).toMatchObject({
      awarded: [{ amount: 20_000_000, currency: 'MXN' }],
      contracted: [{ amount: 12_000_000, currency: 'MXN' }],
    });
    const moved = await otherBuyer.post(`/api/contracts/${signed.body.contractId}/amendments`, {
      fiscalYears: years(13_000_000, 7_000_000),
      reason: 'Reprogramación del gasto',
    });
    expect(moved.status).toBe(201);
    expect((await executed(moved)).contracted).toEqual([{ amount: 13_000_000, currency: 'MXN' }]);
    const position = moved.headers.get('licita-position');
    const summary = (await world.anonymous('GET', `/api/plans/summary?fiscalYear=${YEAR}&minPosition=${position}`))
      .body;
    expect(summary.units.find((u: { buyingUnitId: string }) => u.buyingUnitId === otherUnitId).totals).toEqual([
      { currency: 'MXN', planned: 55_000_000, awarded: 20_000_000, contracted: 13_000_000 },
    ]);
  });
});

let linkedTender: string;
const withoutTender = ({ tenderId: _t, ...rest }: Record<string, unknown>) => rest;
