import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { EventStore } from '@licita/event-store/event-store.port';
import { EVENT_STORE } from '@licita/event-store/event-store.port';
import {
  COMPRANET_COLUMNS,
  readCompranetCsv,
  runImport,
  SOURCE_READERS,
  type HistoricalPartyView,
  type HistoricalSourceKind,
  type ImportOutcome,
} from '@licita/history';
import {
  aHistoricalContract,
  aHistoricalProcedure,
  appendHistoricalProcedure,
  appendPartyReview,
} from '@licita/history/testing/historical-events';
import { sharedDir } from '../../support/shared-dir';
import { OcdsReader } from '../ocds/ocds-reader';
import { aBuyingUnit } from '../register/register-api';
import { TenderingApi, type Party } from '../tendering/tendering-api';

/**
 * Imported history end to end on ONE real API and PostgreSQL (the import's HTTP side and every public read model
 * of imported history, which were built apart against one event contract):
 * 1. historical events appended straight to the event store (as the runner appends them) are found by the search,
 *    counted per currency by the statistics and the profiles, raise no red flag the source cannot support,
 *    become valid OCDS releases and move under the register id a registrar's review links;
 * 2. an import run (as the command line makes it) is listed with its counts over /api/imports, its per-row report
 *    is a CSV with the rejection's Spanish and English message, and the registrar reviews the parties it met;
 * 3. the real files (../shared/compranet/contratos-2013-sample.csv, ../shared/ocds-import/*.json) imported
 *    through the real runner add exactly what a deliberately simple parse of them (csv-parse, a JSON walk)
 *    counts, per procedure type and currency, to the search, the statistics and the profiles; their OCDS is valid;
 *    importing them again changes nothing; a registrar's review moves their records; a rebuild gives the same rows.
 */
let world: TenderingApi;
let store: EventStore;
let registered: Party;
let registrar: string;
let outsider: string;
let unitId: string;
let importId: string;

const register = () => world.api;
const get = async (path: string) => {
  const reply = await world.anonymous('GET', path);
  expect(reply.status).toBe(200);
  return reply.body;
};
const ids = async (query: string) =>
  ((await get(`/api/transparency/tenders?${query}&limit=100`)).items as Array<{ tenderId: string }>)
    .map((i) => i.tenderId)
    .sort();
/** Every projection caught up (woken, not left to their next poll); when one cannot, which failed and why. */
const caughtUp = () =>
  world.api.caughtUp().catch(async (error: unknown) => {
    const failing = (await world.api.projections.status()).find((p) => p.failure);
    throw failing ? new Error(`${failing.name} failed: ${failing.failure?.message}`) : error;
  });

// ——————————————————————————————————— 1. historical events straight into the store ———————————————————————————————————
const unit = {
  partyId: 'f0000000-0000-5000-8000-000000000001',
  name: 'IMSS-Delegación Jalisco',
  code: '012M7B997',
  registeredId: null,
};
const bajio = {
  partyId: 'f0000000-0000-5000-8000-000000000002',
  name: 'EQUIPOS MEDICOS DEL BAJIO SA DE CV',
  rfc: null,
  registeredId: null,
};
const direct = aHistoricalProcedure({ procedureId: 'f0000000-0000-5000-8000-0000000000a1', buyer: unit });
const tender = aHistoricalProcedure({
  procedureId: 'f0000000-0000-5000-8000-0000000000b1',
  number: 'LA-012M7B997-N5-2013',
  ocid: 'ocds-87sd3t-LA-012M7B997-N5-2013',
  title: 'Adquisición de material de curación',
  buyer: unit,
  procedureType: 'public_national',
  procedureTypeOriginal: 'Licitación Pública Nacional',
  category: 'goods',
  publishedAt: '2013-02-01T17:00:00.000Z',
  // Two days to the opening act: the source's own dates, no "short period" judged on imported history.
  openingAt: '2013-02-03T17:00:00.000Z',
  awardedAt: '2013-03-01T17:00:00.000Z',
  // CompraNet's GOBIERNO (APF: the federal public administration); `direct` has none, as records imported before.
  government: { level: 'federal', federalFunds: true },
});
const paid = aHistoricalContract(direct.procedureId, {
  contractId: 'f0000000-0000-5000-8000-0000000000c1',
  supplier: bajio,
  // CompraNet's COMPRA_CONSOLIDADA = 1 and PLURIANUAL = 1, the portfolio key blank.
  consolidatedPurchase: true,
  multiYear: { portfolioKey: null },
});
let zero: ReturnType<typeof aHistoricalContract>;
const dollars = aHistoricalContract(tender.procedureId, {
  contractId: 'f0000000-0000-5000-8000-0000000000c3',
  supplier: bajio,
  value: { amount: 500_000, currency: 'USD' },
  signedAt: '2013-03-05T17:00:00.000Z',
});

// ——————————————————————————————————— 2. a small import over HTTP ———————————————————————————————————
const SMALL_FILE = (code: string) => {
  const row = (contract: string, supplierName: string, currency: string) =>
    COMPRANET_COLUMNS.map(
      (column) =>
        ({
          CLAVEUC: code,
          NOMBRE_DE_LA_UC: 'Unidad compradora',
          NUMERO_PROCEDIMIENTO: `LA-${code}-1`,
          CARACTER: 'Nacional',
          TIPO_CONTRATACION: 'Obra Pública',
          TIPO_PROCEDIMIENTO: 'Licitación Pública',
          CODIGO_CONTRATO: contract,
          IMPORTE_CONTRATO: '1500.50',
          MONEDA: currency,
          PROVEEDOR_CONTRATISTA: supplierName,
        })[column as string] ?? '',
    ).join(',');
  return Buffer.from(
    [COMPRANET_COLUMNS.join(','), row('1', 'Constructora Uno SA de CV', 'MXN'), row('2', 'Prueba', 'TEST')].join('\n'),
  );
};

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z');
  store = world.api.api.app.get<EventStore>(EVENT_STORE);
  registered = await world.supplier('Servicios Integrales del Norte');
  registrar = (await register().account('registrar')).token;
  const small = aBuyingUnit();
  unitId = (await register().call('POST', '/api/buying-units', { token: registrar, body: small })).body.buyingUnitId;
  outsider = (await register().account('buyer', { buyingUnitId: unitId })).token;

  zero = aHistoricalContract(direct.procedureId, {
    contractId: 'f0000000-0000-5000-8000-0000000000c2',
    value: { amount: 0, currency: 'MXN' },
    status: 'Activo',
    supplier: {
      partyId: 'f0000000-0000-5000-8000-000000000003',
      name: 'SERVICIOS INTEGRALES DEL NORTE',
      rfc: null,
      registeredId: registered.supplierId,
    },
  });
  await appendHistoricalProcedure(store, direct, [paid, zero]);
  await appendHistoricalProcedure(store, tender, [dollars]);
  await caughtUp();
  importId = (
    await runImport(store, {
      kind: 'compranet',
      reader: readCompranetCsv,
      fileName: 'contratos.csv',
      bytes: SMALL_FILE(small.code),
      actor: 'system',
      now: () => new Date('2026-01-15T16:00:00.000Z'),
      ocidPrefix: 'ocds-test-',
    })
  ).importId;
  await caughtUp();
}, 120_000);

afterAll(() => world?.close());

describe('historical events in the public read models', () => {
  const smallProcedure = async () => (await ids(`buyingUnitId=${unitId}`))[0];

  it('the search finds imported records by origin, supplier, unit, type and currency, badge-ready', async () => {
    const both = [direct.procedureId, tender.procedureId].sort();
    expect(await ids('origin=imported')).toEqual([...both, await smallProcedure()].sort());
    expect(await ids('origin=platform')).toEqual([]);
    expect(await ids('supplier=bajio')).toEqual(both);
    expect(await ids(`supplierId=${registered.supplierId}`)).toEqual([direct.procedureId]);
    expect(await ids(`buyingUnitId=${unit.partyId}`)).toEqual(both);
    expect(await ids('buyingUnit=delegacion%20jalisco')).toEqual(both);
    expect(await ids('procedureType=direct_award&origin=imported')).toEqual([direct.procedureId]);
    expect(await ids('currency=USD')).toEqual([tender.procedureId]);
    expect(await ids('feature=multi_year')).toEqual([direct.procedureId]);
    expect(await ids('feature=consolidated_purchase&origin=imported')).toEqual([direct.procedureId]);
    expect((await world.anonymous('GET', '/api/transparency/tenders?feature=plurianual')).status).toBe(400);
    expect(await ids('publishedFrom=2013-04-01T00:00:00Z&publishedTo=2013-04-30T23:59:59Z')).toEqual([
      direct.procedureId,
    ]);
    const [item] = (await get(`/api/transparency/tenders?currency=USD`)).items;
    expect(item).toMatchObject({
      origin: 'imported',
      status: 'contracted',
      buyingUnit: { id: unit.partyId, name: unit.name },
      redFlags: [],
    });
    expect((await world.anonymous('GET', '/api/transparency/tenders?origin=both')).status).toBe(400);
  });

  it('reads the level of government CompraNet states (GOBIERNO) into the search and the statistics', async () => {
    const both = [direct.procedureId, tender.procedureId].sort();
    // The unit is known from the records only: the level its records state; the small file's unit is registered.
    expect(await ids('level=federal')).toEqual([...both, await smallProcedure()].sort());
    expect(await ids('level=state')).toEqual([]);
    expect((await get(`/api/transparency/tenders/${tender.procedureId}`)).origin.government).toEqual({
      level: 'federal',
      federalFunds: true,
    });
    expect((await get(`/api/transparency/tenders/${direct.procedureId}`)).origin.government).toBeNull();
    const byLevel = (await get('/api/transparency/statistics')).byLevel.map(
      (row: { level: string; currency: string; procedures: number }) =>
        `${row.level} ${row.currency} ${row.procedures}`,
    );
    expect(byLevel.sort()).toEqual(['federal MXN 2', 'federal USD 1']);
  });

  it('the detail shows the source, the repairs, the original values and the zero-amount contract', async () => {
    const detail = await get(`/api/transparency/tenders/${direct.procedureId}`);
    expect(detail).toMatchObject({
      number: direct.number,
      buyingUnit: { id: unit.partyId, name: unit.name },
      publishedAt: direct.awardedAt,
      origin: { kind: 'compranet', fileName: 'Contratos2013.csv', row: '17', original: direct.source.original },
      redFlags: [expect.objectContaining({ code: 'zero_amount_contract' })],
    });
    expect(detail.contracts.map((c: any) => [c.supplier.id, c.value.amount])).toEqual([
      [bajio.partyId, 11_600_000],
      [registered.supplierId, 0],
    ]);
    expect(detail.contracts.map((c: any) => [c.consolidatedPurchase ?? false, c.multiYear ?? null])).toEqual([
      [true, { fiscalYears: null, portfolioKey: null }],
      [false, null],
    ]);
    expect(detail.timeline.map((s: any) => s.key)).toEqual(['imported']);
  });

  it('statistics and profiles count them per currency', async () => {
    const year = await get('/api/transparency/statistics?from=2013-01-01T00:00:00Z&to=2013-12-31T23:59:59Z');
    expect(year.totals.procedures).toBe(2);
    const totals = (currency: string) => year.totals.byCurrency.find((row: any) => row.currency === currency);
    expect(totals('MXN')).toMatchObject({
      procedures: 1,
      awardedAmount: { amount: 11_600_000, currency: 'MXN' },
      contractedAmount: { amount: 11_600_000, currency: 'MXN' },
    });
    expect(totals('USD')).toMatchObject({ procedures: 1, awardedAmount: { amount: 500_000, currency: 'USD' } });
    expect(year.byBuyingUnit.map((row: any) => [row.buyingUnitId, row.name, row.currency]).sort()).toEqual([
      [unit.partyId, unit.name, 'MXN'],
      [unit.partyId, unit.name, 'USD'],
    ]);
    const supplier = await get(`/api/transparency/suppliers/${bajio.partyId}`);
    expect(supplier).toMatchObject({ legalName: bajio.name, register: null, totals: { awards: 2, contracts: 2 } });
    expect(supplier.totals.byCurrency).toEqual([
      expect.objectContaining({
        currency: 'MXN',
        awardedAmount: { amount: 11_600_000, currency: 'MXN' },
        contractedAmount: { amount: 11_600_000, currency: 'MXN' },
      }),
      expect.objectContaining({
        currency: 'USD',
        awardedAmount: { amount: 500_000, currency: 'USD' },
        contractedAmount: { amount: 500_000, currency: 'USD' },
      }),
    ]);

    const buyer = await get(`/api/transparency/buying-units/${unit.partyId}`);
    expect(buyer).toMatchObject({ name: unit.name, code: unit.code, historical: true, procedures: { total: 2 } });
    expect((await get(`/api/transparency/suppliers/${registered.supplierId}`)).contracts).toEqual([
      expect.objectContaining({ tenderId: direct.procedureId, value: { amount: 0, currency: 'MXN' } }),
    ]);
  });

  it('every OCDS output is valid, with the source’s ocid and the import noted', async () => {
    const ocds = new OcdsReader(world);
    await ocds.caughtUp();
    const { releases } = await ocds.validEverything();
    const smallOcid = `ocds-test-${await smallProcedure()}`;
    expect(releases.filter((r) => r.ocid !== smallOcid).map((r) => [r.ocid, r.tag])).toEqual([
      [`${ocds.ocidPrefix}${direct.procedureId}`, ['tender']],
      [`${ocds.ocidPrefix}${direct.procedureId}`, ['award', 'contract']],
      [`${ocds.ocidPrefix}${direct.procedureId}`, ['award', 'contract']],
      [tender.ocid, ['tender']],
      [tender.ocid, ['award', 'contract']],
    ]);
    expect(releases.find((r) => r.ocid === tender.ocid)).toMatchObject({
      date: tender.publishedAt,
      licitaImport: { source: 'compranet', recordedAt: '2026-03-01T12:00:00.000Z' },
    });
  });

  it('a registrar’s review moves a supplier under its register id', async () => {
    await appendPartyReview(store, {
      partyId: bajio.partyId,
      decision: 'linked',
      registeredId: registered.supplierId,
      reviewedAt: '2026-03-02T12:00:00.000Z',
    });
    await caughtUp();
    expect(await ids(`supplierId=${registered.supplierId}`)).toEqual([direct.procedureId, tender.procedureId].sort());
    expect(await ids(`supplierId=${bajio.partyId}`)).toEqual([]);
  });
});

describe('GET /api/imports', () => {
  it('lists the run with its counts for a registrar, refuses a buyer and the public', async () => {
    const list = await register().call('GET', '/api/imports', { token: registrar });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        importId,
        kind: 'compranet',
        fileName: 'contratos.csv',
        status: 'completed',
        startedBy: 'system',
        counts: expect.objectContaining({
          rows: 2,
          imported: 1,
          rejected: 1,
          totals: [{ currency: 'MXN', amount: 150050, contracts: 1 }],
          rejections: [{ code: 'import.currency_invalid', rows: 1 }],
        }),
      }),
    ]);
    expect((await register().call('GET', '/api/imports', { token: outsider })).body.code).toBe('auth.forbidden');
    expect((await register().call('GET', '/api/imports')).status).toBe(401);
  });

  it('serves the per-row report as CSV, with the reason of the rejected row in Spanish and English', async () => {
    const response = await fetch(`${register().api.url}/api/imports/${importId}/report.csv`, {
      headers: { Authorization: `Bearer ${registrar}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^1,1,imported,,,,[0-9a-f-]{36},[0-9a-f-]{36},public_national,MXN,1500\.50,/);
    expect(lines[2]).toContain('2,2,rejected,import.currency_invalid,La moneda no es un código ISO 4217');
    expect(lines[2]).toContain('The currency is not an ISO 4217 code');
    const unknown = await register().call('GET', '/api/imports/import-nope/report.csv', { token: registrar });
    expect(unknown.body.code).toBe('import.not_found');
  });
});

describe('the review of imported parties', () => {
  it('lists the parties met, the unit matched by its key; a registrar reviews one and it leaves the pending list', async () => {
    const pending = await register().call('GET', '/api/imports/parties', { token: registrar });
    expect(pending.status).toBe(200);
    const parties = pending.body as HistoricalPartyView[];
    const buyer = parties.find((p) => p.role === 'buyer' && p.registeredId === unitId)!;
    const contractor = parties.find((p) => p.role === 'supplier' && p.name === 'Constructora Uno SA de CV')!;
    expect(buyer).toMatchObject({ registeredId: unitId, matchedBy: 'code', status: 'pending' });
    expect(contractor).toMatchObject({ name: 'Constructora Uno SA de CV', registeredId: null, matchedBy: null });

    const confirmNothing = await register().call('POST', `/api/imports/parties/${contractor.partyId}/review`, {
      token: registrar,
      body: { decision: 'confirmed' },
    });
    expect(confirmNothing).toMatchObject({ status: 422, body: { code: 'import.review_invalid' } });

    const review = (body: object, token = registrar) =>
      register().call('POST', `/api/imports/parties/${contractor.partyId}/review`, { token, body });
    expect((await review({ decision: 'unregistered' })).body).toEqual({ changed: true });
    expect((await review({ decision: 'unregistered' })).body).toEqual({ changed: false });
    expect((await review({ decision: 'unregistered' }, outsider)).body.code).toBe('auth.forbidden');

    const stream = await register().store.readStream(`historical-party-${contractor.partyId}`);
    expect(stream.map((e) => e.type)).toEqual(['HistoricalPartyRecorded', 'HistoricalPartyReviewed']);
    expect(stream[1].metadata.actor).toMatch(/^account-/);

    const after = await register().call('GET', '/api/imports/parties?status=pending', { token: registrar });
    expect((after.body as HistoricalPartyView[]).map((p) => p.partyId)).not.toContain(contractor.partyId);
    const reviewed = await register().call('GET', '/api/imports/parties?status=reviewed', { token: registrar });
    expect((reviewed.body as HistoricalPartyView[]).filter((p) => p.partyId === contractor.partyId)).toEqual([
      expect.objectContaining({
        partyId: contractor.partyId,
        review: expect.objectContaining({ decision: 'unregistered' }),
      }),
    ]);
  });
});

// ——————————————————————————————————— 3. the real files through the real runner ———————————————————————————————————
type Tally = Map<string, { procedures: Set<string>; contracts: number; amount: number }>;
const key = (procedureType: string, currency: string) => `${procedureType} ${currency}`;
const add = (tally: Tally, type: string, currency: string, procedure: string, amount: number) => {
  const entry = tally.get(key(type, currency)) ?? { procedures: new Set<string>(), contracts: 0, amount: 0 };
  entry.procedures.add(procedure);
  entry.contracts++;
  entry.amount += amount;
  tally.set(key(type, currency), entry);
};
/** "5216380.89" → 521638089 by its digits (the file's amounts have at most two decimals). */
const centavos = (text: string) => {
  const [whole, fraction = ''] = String(text).trim().split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
};

/** The CompraNet sample as a spreadsheet would read it: one contract per row, grouped by procedure number. */
function compranetTally(rows: Array<Record<string, string>>): Tally {
  const tally: Tally = new Map();
  for (const row of rows) {
    const type = /adjudicaci/i.test(row.TIPO_PROCEDIMIENTO)
      ? 'direct_award'
      : /invitaci/i.test(row.TIPO_PROCEDIMIENTO)
        ? 'invitation'
        : /internacional/i.test(`${row.CARACTER} ${row.PLANTILLA_EXPEDIENTE}`)
          ? 'public_international'
          : 'public_national';
    add(tally, type, row.MONEDA, `compranet ${row.NUMERO_PROCEDIMIENTO}`, centavos(row.IMPORTE_CONTRATO));
  }
  return tally;
}

/** The OCDS files walked by hand: each ocid once (its latest release or compiled record), one contract per entry. */
function ocdsTally(packages: any[]): Tally {
  const latest = new Map<string, any>();
  for (const pkg of packages) {
    for (const release of pkg.releases ?? [])
      if (!latest.has(release.ocid) || latest.get(release.ocid).date <= release.date) latest.set(release.ocid, release);
    for (const record of pkg.records ?? []) latest.set(record.ocid, record.compiledRelease);
  }
  const tally: Tally = new Map();
  const methods: Record<string, string> = { selective: 'invitation', direct: 'direct_award', limited: 'direct_award' };
  for (const [ocid, release] of latest)
    for (const contract of release.contracts ?? [])
      add(
        tally,
        methods[release.tender.procurementMethod] ?? 'public_national',
        contract.value.currency,
        `ocds ${ocid}`,
        Math.round(contract.value.amount * 100),
      );
  return tally;
}

describe('the real files imported through the runner', () => {
  const csvPath = sharedDir('compranet', 'contratos-2013-sample.csv');
  const ocdsPaths = ['record-package_package.json', 'release-package-1.json'].map((f) => sharedDir('ocds-import', f));
  const rows: Array<Record<string, string>> = parse(readFileSync(csvPath), { columns: true, bom: true });
  const expected = new Map([...compranetTally(rows)]);
  const ocdsExpected = ocdsTally(ocdsPaths.map((p) => JSON.parse(readFileSync(p, 'utf8'))));
  for (const [k, v] of ocdsExpected) {
    const mine = expected.get(k);
    if (!mine) expected.set(k, v);
    else {
      v.procedures.forEach((p) => mine.procedures.add(p));
      mine.contracts += v.contracts;
      mine.amount += v.amount;
    }
  }
  const importAll = async (): Promise<ImportOutcome[]> => {
    const files: Array<[HistoricalSourceKind, string]> = [
      ['compranet', csvPath],
      ...ocdsPaths.map((p) => ['ocds', p] as [HistoricalSourceKind, string]),
    ];
    const outcomes: ImportOutcome[] = [];
    for (const [kind, path] of files)
      outcomes.push(
        await runImport(store, {
          kind,
          reader: SOURCE_READERS[kind],
          fileName: path.split('/').at(-1)!,
          bytes: readFileSync(path),
          actor: 'system',
          now: () => new Date('2026-03-02T16:00:00.000Z'),
          ocidPrefix: world.api.api.config.ocidPrefix,
        }),
      );
    return outcomes;
  };
  const statistics = () => get('/api/transparency/statistics');
  const figures = (stats: any, type: string, currency: string) =>
    stats.byProcedureType.find((row: any) => row.procedureType === type && row.currency === currency) ?? {
      procedures: 0,
      awardedAmount: { amount: 0 },
      contractedAmount: { amount: 0 },
    };
  const searchTotal = async (query: string) =>
    ((await get(`/api/transparency/tenders?origin=imported&${query}&limit=1`)).total as { value: number }).value;
  let before: any;
  const searchBefore = new Map<string, number>();
  let position: bigint;

  it('imports every row of the CompraNet sample and each OCDS procedure, as a simple parse counts them', async () => {
    before = await statistics();
    for (const k of expected.keys()) {
      const [type, currency] = k.split(' ');
      searchBefore.set(k, await searchTotal(`procedureType=${type}&currency=${currency}`));
    }
    const [compranet, ...ocds] = await importAll();
    expect(compranet.counts).toMatchObject({ rows: rows.length, imported: rows.length, rejected: 0 });
    expect(ocds.every((o) => o.status === 'completed' && o.counts.rejected === 0)).toBe(true);
    await caughtUp();
    const after = await statistics();
    for (const [k, want] of expected) {
      const [type, currency] = k.split(' ');
      const was = figures(before, type, currency);
      const now = figures(after, type, currency);
      expect([k, now.procedures - was.procedures]).toEqual([k, want.procedures.size]);
      expect([k, now.contractedAmount.amount - was.contractedAmount.amount]).toEqual([k, want.amount]);
      expect([k, now.awardedAmount.amount - was.awardedAmount.amount]).toEqual([k, want.amount]);
      expect([k, (await searchTotal(`procedureType=${type}&currency=${currency}`)) - searchBefore.get(k)!]).toEqual([
        k,
        want.procedures.size,
      ]);
    }
  });

  it('a unit’s and a supplier’s profiles hold their rows of the file', async () => {
    const unitRows = rows.filter((row) => row.CLAVEUC === '011C00999');
    const parties = (await register().call('GET', '/api/imports/parties?status=all', { token: registrar }))
      .body as HistoricalPartyView[];
    const fileUnit = parties.find((p) => p.role === 'buyer' && p.code === '011C00999')!;
    const profile = await get(`/api/transparency/buying-units/${fileUnit.partyId}`);
    expect(profile.procedures.total).toBe(new Set(unitRows.map((row) => row.NUMERO_PROCEDIMIENTO)).size);
    const unitTally = compranetTally(unitRows);
    expect(profile.procedures.byProcedureType).toEqual(
      Object.fromEntries([...unitTally].map(([k, v]) => [k.split(' ')[0], v.procedures.size])),
    );

    // Eight of its nine contracts are dated only by their start (no publication, award or signature date).
    const name = 'COMERCIALIZADORA Y DISTRIBUCIONES DEL VALLE DE MEXICO SA DE CV';
    const supplierRows = rows.filter((row) => row.PROVEEDOR_CONTRATISTA === name);
    const amount = supplierRows.reduce((sum, row) => sum + centavos(row.IMPORTE_CONTRATO), 0);
    const fileSupplier = parties.find((p) => p.role === 'supplier' && p.name === name)!;
    const supplier = await get(`/api/transparency/suppliers/${fileSupplier.partyId}`);
    expect(supplier.contracts).toHaveLength(supplierRows.length);
    expect(supplier.contracts.reduce((sum: number, c: any) => sum + c.value.amount, 0)).toBe(amount);
    expect(supplier.totals).toMatchObject({ awards: supplierRows.length, contracts: supplierRows.length });
    expect(supplier.totals.byCurrency).toEqual([
      expect.objectContaining({
        currency: 'MXN',
        awardedAmount: { amount, currency: 'MXN' },
        contractedAmount: { amount, currency: 'MXN' },
      }),
    ]);
  });

  it('the OCDS of every imported record is valid', async () => {
    const ocds = new OcdsReader(world);
    await ocds.caughtUp();
    const bulk = JSON.parse((await ocds.raw('/api/ocds/download')).text);
    expect(OcdsReader.validator.validateReleasePackage(bulk).errors).toEqual([]);
    const ocids = new Set(bulk.releases.map((r: any) => r.ocid));
    for (const ocid of ['OCDS-87SD3T-AD-SF-DRM-063-2015', 'OCDS-87SD3T-AD-SF-DRM-065-2015']) {
      expect(ocids).toContain(ocid);
      const record = await ocds.json(`/api/ocds/records/${encodeURIComponent(ocid)}`);
      expect(OcdsReader.validator.validateRecordPackage(record).errors).toEqual([]);
    }
  });

  it('every procedure stream opens with its procedure, then its contracts, each contract once', async () => {
    const events = await store.readAll({ maxCount: 100_000, filter: { streamPrefixes: ['historical-procedure-'] } });
    const streams = new Map<string, string[]>();
    for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event.type]);
    for (const [streamId, types] of streams)
      expect([streamId, types]).toEqual([
        streamId,
        ['HistoricalProcedureImported', ...types.slice(1).map(() => 'HistoricalContractImported')],
      ]);
    const contractIds = events.filter((e) => e.type === 'HistoricalContractImported').map((e) => e.data.contractId);
    expect(new Set(contractIds).size).toBe(contractIds.length);
    // The synthetic three, the small file's one, the CompraNet sample's rows and one per OCDS contract.
    const ocdsContracts = [...ocdsExpected.values()].reduce((sum, v) => sum + v.contracts, 0);
    expect(contractIds).toHaveLength(3 + 1 + rows.length + ocdsContracts);
  });

  it('importing the files again changes nothing', async () => {
    position = await store.headPosition();
    const again = await importAll();
    expect(again.map((o) => o.status)).toEqual(['already_completed', 'already_completed', 'already_completed']);
    expect(await store.headPosition()).toBe(position);
  });

  it('a registrar’s review of a party of the file moves its records, and a rebuild from zero gives the same rows', async () => {
    const name = 'Viajes Premier, S.A.';
    const parties = (await register().call('GET', '/api/imports/parties', { token: registrar }))
      .body as HistoricalPartyView[];
    const premier = parties.find((p) => p.role === 'supplier' && p.name === name)!;
    const theirs = await ids(`supplierId=${premier.partyId}`);
    expect(theirs.length).toBeGreaterThan(0);
    const reviewed = await register().call('POST', `/api/imports/parties/${premier.partyId}/review`, {
      token: registrar,
      body: { decision: 'linked', registeredId: registered.supplierId },
    });
    expect(reviewed.body).toEqual({ changed: true });
    await caughtUp();
    expect(await ids(`supplierId=${premier.partyId}`)).toEqual([]);
    expect(await ids(`supplierId=${registered.supplierId}`)).toEqual(
      [...new Set([direct.procedureId, tender.procedureId, ...theirs])].sort(),
    );

    const dump = () =>
      Promise.all(
        [
          'transparency_tenders ORDER BY tender_id',
          'transparency_timeline ORDER BY tender_id, position',
          'transparency_awards ORDER BY tender_id, lot_id, supplier_id',
          'transparency_contracts ORDER BY contract_id',
          'transparency_suppliers ORDER BY supplier_id',
          'transparency_party_links ORDER BY party_id',
          'transparency_historical_units ORDER BY party_id',
          'ocds_releases ORDER BY release_id',
        ].map((from) => world.api.db.query(`SELECT * FROM ${from}`)),
      );
    const live = await dump();
    await world.api.projections.rebuildProjection('transparency');
    await world.api.projections.rebuildProjection('ocds');
    await caughtUp();
    expect(await dump()).toEqual(live);
  });
});
