import { aProposal, laptopsAt, twoLots, type Party, TenderingApi } from '../tendering/tendering-api';
import { at, DAY, eventually, HOUR } from '../../support/time';
import { scheduleFrom } from '../tendering/tendering-api';

/**
 * Every filter of the public search over HTTP (real API, PostgreSQL, projections, scheduler, ManualClock), on
 * three procedures of two buying units placed by INEGI keys: each filter finds what it should and nothing else;
 * a supplier is found by name, RFC or id where it was awarded or, after the opening act, where it bid, never by a
 * sealed proposal; each bad filter is a 400 problem+json with its catalogue code; totals are exact up to the bound
 * (2 here, through LIST_TOTAL_EXACT_BOUND) and PostgreSQL's estimate past it.
 */
const P = '2026-03-02T16:00:00.000Z';
const P2 = at(P, DAY);
const P3 = at(P, 2 * DAY);
const S1 = scheduleFrom(P);

let world: TenderingApi;
let registrar: Party;
let unitA: string;
let unitB: string;
let winner: Party;
let loser: Party;
let sealed: Party;
let t1: string;
let t2: string;
let t3: string;
let t1Number: string;

const get = (path: string) => world.anonymous('GET', path);
/** The ids a search finds (the whole first page), and its total. */
async function found(query: string): Promise<{ ids: string[]; total: { value: number; exact: boolean } }> {
  const reply = await get(`/api/transparency/tenders?${query}&limit=100`);
  if (reply.status !== 200) throw new Error(`${query}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return { ids: reply.body.items.map((item: { tenderId: string }) => item.tenderId).sort(), total: reply.body.total };
}
const ids = async (query: string) => (await found(query)).ids;
const sorted = (...list: string[]) => [...list].sort();

beforeAll(async () => {
  world = await TenderingApi.start(at(P, -DAY), undefined, { env: { LIST_TOTAL_EXACT_BOUND: '2' } });
  registrar = await world.registrar();
  const registered = await registrar.post('/api/buying-units', {
    code: 'HCG-0001',
    name: 'Hospital Civil de Guadalajara',
    level: 'state',
    parentInstitution: 'Gobierno del Estado de Jalisco',
    location: { stateCode: '14', municipalityCode: '039' },
  });
  expect(registered.status).toBe(201);
  unitA = registered.body.buyingUnitId;
  unitB = await world.buyingUnit();
  const buyerA = await world.buyer(unitA);
  const buyerB = await world.buyer(unitB);
  winner = await world.supplier('Proveedora Ganadora');
  loser = await world.supplier('Proveedora Perdedora');
  sealed = await world.supplier('Proveedora Sellada');

  t1 = await world.publishedTender(buyerA, P);
  t2 = await world.publishedTender(buyerB, P2, { title: 'Servicio de limpieza de oficinas', ...twoLots() });
  t3 = await world.publishedTender(buyerA, P3);

  world.clock.set(at(P2, 7 * DAY + HOUR));
  for (const [who, tender] of [
    [winner, t1],
    [loser, t1],
    [sealed, t2],
  ] as const) {
    const price = who === winner ? 2_000_000 : 2_400_000;
    expect((await who.post(`/api/tenders/${tender}/proposals`, aProposal(laptopsAt(price)))).status).toBe(201);
  }
  // t1 opened, evaluated and awarded to the cheaper; t2's proposal stays sealed (its deadline is a day later).
  world.clock.set(S1.submissionDeadline);
  await eventually('t1 submission period ended', async () =>
    (await world.events(`tender-${t1}`)).some((e) => e.type === 'SubmissionPeriodEnded'),
  );
  world.clock.set(S1.openingDate);
  const opened = await buyerA.post(`/api/tenders/${t1}/open`);
  expect(opened.status).toBe(200);
  world.clock.set(at(S1.openingDate, HOUR));
  for (const { proposalId } of opened.body.proposals)
    await buyerA.post(`/api/tenders/${t1}/evaluations`, { proposalId, lotId: 'lot-1', compliant: true });
  expect((await buyerA.post(`/api/tenders/${t1}/evaluations/complete`)).status).toBe(200);
  world.clock.set(at(S1.openingDate, DAY));
  expect((await buyerA.post(`/api/tenders/${t1}/award`)).status).toBe(200);

  // Unit B, registered before locations, is placed afterwards (Ciudad de México, no municipality).
  expect((await registrar.call('PUT', `/api/buying-units/${unitB}/location`, { stateCode: '09' })).body).toEqual({
    changed: true,
  });

  const detail = await eventually('t1 awarded in the public record', async () => {
    const reply = await get(`/api/transparency/tenders/${t1}`);
    return reply.status === 200 && reply.body.awards.length === 1 && reply.body;
  });
  t1Number = detail.number;
  await eventually('every projection caught up', async () =>
    (await world.api.projections.status()).every((p) => p.lag === 0),
  );
}, 120_000);

afterAll(() => world?.close());

describe('each filter', () => {
  it('by procedure number: exact or its beginning, case ignored', async () => {
    expect(t1Number).toMatch(/^LA-/);
    expect(await ids(`number=${encodeURIComponent(t1Number)}`)).toEqual([t1]);
    expect(await ids(`number=${encodeURIComponent(t1Number.toLowerCase())}`)).toEqual([t1]);
    // `LA-<unit code>-<sequence>-<year>`: the unit's prefix finds both of its procedures.
    const unitPrefix = t1Number.split('-').slice(0, -2).join('-').toLowerCase();
    expect(unitPrefix).toContain('hcg');
    expect(await ids(`number=${encodeURIComponent(unitPrefix)}`)).toEqual(sorted(t1, t3));
    expect(await ids('number=IA-')).toEqual([]);
  });

  it('by words of the title', async () => {
    expect(await ids('q=limpieza')).toEqual([t2]);
  });

  it("by buying unit id, and by words of the unit's name", async () => {
    expect(await ids(`buyingUnitId=${unitA}`)).toEqual(sorted(t1, t3));
    expect(await ids(`buyingUnit=${encodeURIComponent('hospital CIVIL')}`)).toEqual(sorted(t1, t3));
    expect(await ids('buyingUnit=inexistente')).toEqual([]);
  });

  it("by the unit's state and municipality (INEGI keys)", async () => {
    expect(await ids('stateCode=14')).toEqual(sorted(t1, t3));
    expect(await ids('stateCode=14&municipalityCode=039')).toEqual(sorted(t1, t3));
    expect(await ids('stateCode=14&municipalityCode=040')).toEqual([]);
    expect(await ids('stateCode=09')).toEqual([t2]);
    expect((await get(`/api/buying-units/${unitB}`)).body.location).toEqual({
      stateCode: '09',
      municipalityCode: null,
    });
  });

  it('by supplier name, RFC or id: awarded, or a bidder after the opening act; never a sealed proposal', async () => {
    const register = (await get(`/api/transparency/suppliers/${winner.supplierId}`)).body;
    expect(await ids('supplier=ganadora')).toEqual([t1]);
    expect(await ids(`supplier=${register.rfc}`)).toEqual([t1]);
    expect(await ids(`supplierId=${winner.supplierId}`)).toEqual([t1]);
    expect(await ids('supplier=perdedora')).toEqual([t1]);
    expect(await ids('supplier=sellada')).toEqual([]);
    expect(await ids(`supplierId=${sealed.supplierId}`)).toEqual([]);
  });

  it('by classifier code, its ancestors included', async () => {
    const codes: string[] = (await get(`/api/transparency/tenders/${t1}`)).body.classifierCodes;
    const leaf = codes.find((code) => !/^\d{2}000000/.test(code)) as string;
    expect(await ids(`classifierCode=${leaf}`)).toEqual(sorted(t1, t2, t3));
    expect(await ids('classifierCode=30000000-9')).toEqual(sorted(t1, t2, t3));
    expect(await ids('classifierCode=45000000-7')).toEqual([]);
  });

  it('by procedure type and status', async () => {
    expect(await ids('procedureType=public_national')).toEqual(sorted(t1, t2, t3));
    expect(await ids('procedureType=invitation')).toEqual([]);
    const tendering = await ids('status=active.tendering');
    expect(tendering).toContain(t3);
    expect(tendering).not.toContain(t1);
    const t1Status = (await get(`/api/transparency/tenders/${t1}`)).body.status;
    expect(await ids(`status=${t1Status}`)).toEqual([t1]);
  });

  it('by estimated and awarded amount ranges', async () => {
    expect(await ids('minValue=27000000')).toEqual([t2]);
    expect(await ids('maxValue=27000000')).toEqual(sorted(t1, t3));
    expect(await ids('minAwardedValue=1')).toEqual([t1]);
    expect(await ids('minAwardedValue=1&maxAwardedValue=1000')).toEqual([]);
  });

  it('by publication and deadline ranges', async () => {
    expect(await ids(`publishedFrom=${at(P, HOUR)}&publishedTo=${at(P3, -HOUR)}`)).toEqual([t2]);
    expect(await ids(`deadlineFrom=${at(S1.submissionDeadline, HOUR)}`)).toEqual(sorted(t2, t3));
    expect(await ids(`deadlineTo=${S1.submissionDeadline}`)).toEqual([t1]);
  });

  it('by a window of deadlines (read by its own index, then sorted): the same procedures in the same order, page by page', async () => {
    const window = `deadlineFrom=${at(S1.submissionDeadline, HOUR)}&deadlineTo=${at(P3, 90 * DAY)}`;
    const inOrder = async (query: string) => {
      const reply = await get(`/api/transparency/tenders?${query}`);
      expect(reply.status).toBe(200);
      return reply.body as { items: Array<{ tenderId: string }>; nextCursor: string | null };
    };
    for (const sort of ['-publishedAt', 'publishedAt', '-estimatedValue']) {
      // The open-ended range is walked in the sort's order; the window is sorted from its matches.
      const walked = (await inOrder(`deadlineFrom=${at(S1.submissionDeadline, HOUR)}&sort=${sort}`)).items;
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await inOrder(
          `${window}&sort=${sort}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        paged.push(...page.items.map((item) => item.tenderId));
        cursor = page.nextCursor;
      } while (cursor && paged.length < 10);
      expect(sorted(...paged)).toEqual(sorted(t2, t3));
      expect(paged).toEqual(walked.map((item) => item.tenderId));
    }
  });
});

describe('totals', () => {
  it('exact up to the bound', async () => {
    expect((await found(`buyingUnitId=${unitA}`)).total).toEqual({ value: 2, exact: true });
    expect((await found('q=limpieza')).total).toEqual({ value: 1, exact: true });
    expect((await found('procedureType=invitation')).total).toEqual({ value: 0, exact: true });
  });

  it("past it, PostgreSQL's estimate, marked as one (never under the bound)", async () => {
    const { ids: all, total } = await found('sort=-publishedAt');
    expect(all).toHaveLength(3);
    expect(total.exact).toBe(false);
    expect(total.value).toBeGreaterThanOrEqual(3);
  });

  it('on the supplier register and the sanctions directory too', async () => {
    expect((await get('/api/suppliers?q=ganadora')).body.total).toEqual({ value: 1, exact: true });
    const all = (await get('/api/suppliers?limit=1')).body;
    expect(all.items).toHaveLength(1);
    expect(all.total).toMatchObject({ exact: false });
    expect((await get('/api/sanctions')).body.total).toEqual({ value: 0, exact: true });
  });

  it('on the buying units list too', async () => {
    const units = (await get('/api/buying-units?stateCode=14')).body;
    expect(units.items.map((unit: { buyingUnitId: string }) => unit.buyingUnitId)).toEqual([unitA]);
    expect(units.total).toEqual({ value: 1, exact: true });
  });
});

describe('bad filters are 400 problem+json with a catalogue code', () => {
  it.each([
    ['stateCode=33', 'request.invalid'],
    ['stateCode=14&municipalityCode=39', 'request.invalid'],
    ['municipalityCode=039', 'transparency.municipality_without_state'],
    ['minValue=10&maxValue=1', 'transparency.invalid_range'],
    ['minAwardedValue=10&maxAwardedValue=1', 'transparency.invalid_range'],
    ['minAwardedValue=-1', 'request.invalid'],
    [`publishedFrom=${P3}&publishedTo=${P}`, 'transparency.invalid_range'],
    [`deadlineFrom=${P3}&deadlineTo=${P}`, 'transparency.invalid_range'],
    ['deadlineFrom=mañana', 'request.invalid'],
    [`number=${'X'.repeat(61)}`, 'request.invalid'],
    ['procedureType=subasta', 'request.invalid'],
    ['status=borrador', 'request.invalid'],
  ])('%s → %s', async (query, code) => {
    const reply = await get(`/api/transparency/tenders?${query}`);
    expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 400, code });
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('locating a unit', () => {
  it('is for registrars; bad keys are 422, an unknown unit 404', async () => {
    expect((await winner.call('PUT', `/api/buying-units/${unitA}/location`, { stateCode: '14' })).status).toBe(403);
    const bad = await registrar.call('PUT', `/api/buying-units/${unitA}/location`, { stateCode: '99' });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'request.invalid' });
    const unknown = await registrar.call('PUT', '/api/buying-units/no-such-unit/location', { stateCode: '14' });
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'buying_unit.not_found' });
    const same = await registrar.call('PUT', `/api/buying-units/${unitA}/location`, {
      stateCode: '14',
      municipalityCode: '039',
    });
    expect(same.body).toEqual({ changed: false });
  });
});

/**
 * Every level of government: the registrar roots Jalisco (GE 14) in the tree and names its administrator, who
 * registers Guadalajara (GM 14039), places unit A (a state hospital) under Jalisco and registers a municipal unit
 * and its buyer, never outside Jalisco (403 auth.forbidden). Unit B stays federal (CDMX). The search, statistics
 * and red flags then read by level and state.
 */
describe('every level of government', () => {
  const tree: { jalisco?: string; guadalajara?: string; admin?: string; municipalUnit?: string } = {};
  const asAdmin = (method: string, path: string, body?: unknown) =>
    world.api.call(method, path, { token: tree.admin, body });
  const reason = 'Alta en el padrón de entes públicos';

  beforeAll(async () => {
    const jalisco = await registrar.post('/api/organisations', {
      level: 'state',
      name: 'Gobierno del Estado de Jalisco',
      stateCode: '14',
      reason,
    });
    expect(jalisco.status).toBe(201);
    tree.jalisco = jalisco.body.organisationId;
    tree.admin = (await world.api.account('state_admin', { stateCode: '14' })).token;
  });

  it("lets a state's administrator build its municipalities, once per INEGI key, and nothing elsewhere", async () => {
    const guadalajara = await asAdmin('POST', '/api/organisations', {
      level: 'municipal',
      name: 'Municipio de Guadalajara',
      stateCode: '14',
      municipalityCode: '039',
      parentId: tree.jalisco,
      reason,
    });
    expect(guadalajara.status).toBe(201);
    tree.guadalajara = guadalajara.body.organisationId;
    const again = await asAdmin('POST', '/api/organisations', {
      level: 'municipal',
      name: 'Guadalajara',
      stateCode: '14',
      municipalityCode: '039',
      parentId: tree.jalisco,
      reason,
    });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'organisation.key_taken' });
    const elsewhere = await asAdmin('POST', '/api/organisations', {
      level: 'state',
      name: 'CDMX',
      stateCode: '09',
      reason,
    });
    expect({ status: elsewhere.status, code: elsewhere.body.code }).toEqual({ status: 403, code: 'auth.forbidden' });
    const federal = await asAdmin('POST', '/api/organisations', { level: 'federal', name: 'IMSS', reason });
    expect(federal.status).toBe(403);
    const badKey = await registrar.post('/api/organisations', { level: 'state', name: 'X', stateCode: '33', reason });
    expect({ status: badKey.status, code: badKey.body.code }).toEqual({
      status: 422,
      code: 'organisation.invalid_key',
    });
  });

  it('lets it place and register units, and their buyers, only inside its state', async () => {
    const placed = await asAdmin('PUT', `/api/buying-units/${unitA}/organisation`, {
      organisationId: tree.jalisco,
      reason: 'El hospital es un organismo del gobierno del estado',
    });
    expect(placed.body).toEqual({ changed: true });
    const federalUnit = await asAdmin('PUT', `/api/buying-units/${unitB}/organisation`, {
      organisationId: tree.jalisco,
      reason,
    });
    expect({ status: federalUnit.status, code: federalUnit.body.code }).toEqual({
      status: 403,
      code: 'auth.forbidden',
    });
    const moved = await asAdmin('PUT', `/api/buying-units/${unitB}/location`, { stateCode: '14' });
    expect(moved.status).toBe(403);

    const unit = await asAdmin('POST', '/api/buying-units', {
      code: 'GDL-ADQ-01',
      name: 'Dirección de Adquisiciones de Guadalajara',
      parentInstitution: 'Municipio de Guadalajara',
      organisationId: tree.guadalajara,
    });
    expect(unit.status).toBe(201);
    tree.municipalUnit = unit.body.buyingUnitId;
    const view = await eventually('the municipal unit listed', async () => {
      const reply = await get(`/api/buying-units/${tree.municipalUnit}`);
      return reply.status === 200 && reply.body;
    });
    expect(view).toMatchObject({
      level: 'municipal',
      location: { stateCode: '14', municipalityCode: '039' },
      organisationId: tree.guadalajara,
    });
    const mismatch = await registrar.post('/api/buying-units', {
      code: 'GDL-ADQ-02',
      name: 'Otra',
      parentInstitution: 'Municipio de Guadalajara',
      organisationId: tree.guadalajara,
      level: 'federal',
    });
    expect({ status: mismatch.status, code: mismatch.body.code }).toEqual({
      status: 422,
      code: 'buying_unit.level_mismatch',
    });

    const account = (buyingUnitId: string, role = 'buyer') => ({
      email: `compras-${buyingUnitId.slice(0, 8)}-${role}@jalisco.example.gob.mx`,
      role,
      buyingUnitId,
      temporaryPassword: 'una contraseña temporal larga',
    });
    expect((await asAdmin('POST', '/api/accounts', account(tree.municipalUnit as string))).status).toBe(201);
    const outside = await asAdmin('POST', '/api/accounts', account(unitB));
    expect({ status: outside.status, code: outside.body.code }).toEqual({ status: 403, code: 'auth.forbidden' });
    const registrarAccount = await asAdmin('POST', '/api/accounts', { ...account(unitA), role: 'registrar' });
    expect(registrarAccount.status).toBe(403);
  });

  it('shows the tree and the law that applies, federal when the money is', async () => {
    const detail = await eventually('Jalisco with its municipality and unit', async () => {
      const reply = await get(`/api/organisations/${tree.jalisco}`);
      return (
        reply.status === 200 && reply.body.buyingUnits.length === 1 && reply.body.children.length === 1 && reply.body
      );
    });
    expect(detail).toMatchObject({ level: 'state', inegiKey: '14', stateName: 'Jalisco', reason });
    expect(detail.children[0]).toMatchObject({ inegiKey: '14039', name: 'Municipio de Guadalajara' });
    const own = (await get(`/api/organisations/${tree.guadalajara}/applicable-law?category=goods`)).body;
    expect(own).toMatchObject({ jurisdiction: 'state', reason: 'state_law', stateCode: '14', verified: false });
    const federal = (await get(`/api/organisations/${tree.guadalajara}/applicable-law?federalFunds=true`)).body;
    expect(federal).toMatchObject({ jurisdiction: 'federal', reason: 'federal_funds', law: { code: 'LAASSP' } });
    expect((await get('/api/organisations/no-such/applicable-law')).status).toBe(404);
    // A procedure shows its law: unit A's (a state organisation of Jalisco), unit B's federal one.
    const stateTender = (await get(`/api/transparency/tenders/${t1}`)).body;
    expect(stateTender).toMatchObject({
      federalFunds: false,
      applicableLaw: { jurisdiction: 'state', reason: 'state_law' },
    });
    expect((await get(`/api/transparency/tenders/${t2}`)).body.applicableLaw).toMatchObject({
      jurisdiction: 'federal',
      reason: 'federal_organisation',
      law: { code: 'LAASSP' },
    });
  });

  it('searches, counts and flags by level and state (per currency)', async () => {
    await eventually('the transparency and buying-units projections caught up', async () =>
      (await world.api.projections.status())
        .filter((p) => ['transparency', 'buying-units'].includes(p.name))
        .every((p) => p.lag === 0),
    );
    expect(await ids('level=state')).toEqual(sorted(t1, t3));
    expect(await ids('level=federal')).toEqual([t2]);
    expect(await ids('level=municipal')).toEqual([]);
    expect(await ids('level=state&stateCode=09')).toEqual([]);

    const stats = (await get('/api/transparency/statistics')).body;
    const byLevel = Object.fromEntries(
      stats.byLevel.map((row: { level: string; currency: string; procedures: number }) => [
        `${row.level}/${row.currency}`,
        row.procedures,
      ]),
    );
    expect(byLevel).toEqual({ 'state/MXN': 2, 'federal/MXN': 1 });
    expect(
      stats.byState.map((row: { stateCode: string; level: string; procedures: number }) => [
        row.stateCode,
        row.level,
        row.procedures,
      ]),
    ).toEqual([
      ['09', 'federal', 1],
      ['14', 'state', 2],
    ]);
    const jalisco = (await get('/api/transparency/statistics?level=state&stateCode=14')).body;
    expect(jalisco.totals.procedures).toBe(2);
    expect(jalisco.place).toEqual({ level: 'state', stateCode: '14', municipalityCode: null });

    const flags = (await get('/api/transparency/red-flags?level=federal')).body;
    expect(flags.buyingUnits.map((unit: { buyingUnitId: string }) => unit.buyingUnitId)).toEqual([unitB]);
    expect((await get('/api/transparency/red-flags?stateCode=14')).body.totals.procedures).toBe(2);
    const bad = await get('/api/transparency/statistics?level=galactic');
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'request.invalid' });
  });
});
