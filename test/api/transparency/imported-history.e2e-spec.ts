import type { EventStore } from '@licita/event-store/event-store.port';
import { EVENT_STORE } from '@licita/event-store/event-store.port';
import {
  aHistoricalContract,
  aHistoricalProcedure,
  appendHistoricalProcedure,
  appendPartyReview,
} from '@licita/history/testing/historical-events';
import { OcdsReader } from '../ocds/ocds-reader';
import { eventually, TenderingApi, type Party } from '../tendering/tendering-api';

/**
 * Imported history in every public read model, over the real API and PostgreSQL: historical events appended
 * straight to the event store (as the import runner appends them) are found by the search (supplier, unit,
 * type, currency, origin), counted per currency by the statistics and the profiles, raise no red flag the
 * source cannot support, become valid OCDS releases, move under the register id a registrar's review links,
 * and a rebuild from zero gives the same rows.
 */
let world: TenderingApi;
let store: EventStore;
let registered: Party;

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
});
const paid = aHistoricalContract(direct.procedureId, {
  contractId: 'f0000000-0000-5000-8000-0000000000c1',
  supplier: bajio,
});
let zero: ReturnType<typeof aHistoricalContract>;
const dollars = aHistoricalContract(tender.procedureId, {
  contractId: 'f0000000-0000-5000-8000-0000000000c3',
  supplier: bajio,
  value: { amount: 500_000, currency: 'USD' },
  signedAt: '2013-03-05T17:00:00.000Z',
});

const get = async (path: string) => {
  const reply = await world.anonymous('GET', path);
  expect(reply.status).toBe(200);
  return reply.body;
};
const ids = async (query: string) =>
  ((await get(`/api/transparency/tenders?${query}`)).items as Array<{ tenderId: string }>)
    .map((i) => i.tenderId)
    .sort();
const caughtUp = () =>
  eventually('the transparency and ocds projections caught up', async () => {
    const statuses = (await world.api.projections.status()).filter((p) =>
      ['transparency', 'ocds', 'supplier-register', 'buying-units'].includes(p.name),
    );
    const failing = statuses.find((p) => p.failure);
    if (failing) throw new Error(`${failing.name} failed: ${failing.failure?.message}`);
    return statuses.every((p) => p.lag === 0);
  });

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z');
  store = world.api.api.app.get<EventStore>(EVENT_STORE);
  registered = await world.supplier('Servicios Integrales del Norte');
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
}, 120_000);

afterAll(() => world?.close());

it('the search finds imported records by origin, supplier, unit, type and currency, badge-ready', async () => {
  const both = [direct.procedureId, tender.procedureId].sort();
  expect(await ids('origin=imported')).toEqual(both);
  expect(await ids('origin=platform')).toEqual([]);
  expect(await ids('supplier=bajio')).toEqual(both);
  expect(await ids(`supplierId=${registered.supplierId}`)).toEqual([direct.procedureId]);
  expect(await ids(`buyingUnitId=${unit.partyId}`)).toEqual(both);
  expect(await ids('buyingUnit=delegacion%20jalisco')).toEqual(both);
  expect(await ids('procedureType=direct_award&origin=imported')).toEqual([direct.procedureId]);
  expect(await ids('currency=USD')).toEqual([tender.procedureId]);
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
  expect(releases.map((r) => [r.ocid, r.tag])).toEqual([
    [`${ocds.ocidPrefix}${direct.procedureId}`, ['tender']],
    [`${ocds.ocidPrefix}${direct.procedureId}`, ['award', 'contract']],
    [`${ocds.ocidPrefix}${direct.procedureId}`, ['award', 'contract']],
    [tender.ocid, ['tender']],
    [tender.ocid, ['award', 'contract']],
  ]);
  expect(releases[3]).toMatchObject({
    date: tender.publishedAt,
    licitaImport: { source: 'compranet', recordedAt: '2026-03-01T12:00:00.000Z' },
  });
});

it('a registrar’s review moves a supplier under its register id, and a rebuild from zero gives the same rows', async () => {
  await appendPartyReview(store, {
    partyId: bajio.partyId,
    decision: 'linked',
    registeredId: registered.supplierId,
    reviewedAt: '2026-03-02T12:00:00.000Z',
  });
  await caughtUp();
  expect(await ids(`supplierId=${registered.supplierId}`)).toEqual([direct.procedureId, tender.procedureId].sort());
  expect(await ids(`supplierId=${bajio.partyId}`)).toEqual([]);
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
