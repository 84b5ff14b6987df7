import { COMPRANET_COLUMNS, readCompranetCsv, runImport, type HistoricalPartyView } from '@licita/history';
import { aBuyingUnit, RegisterApi } from '../register/register-api';

/**
 * The imports over HTTP on one real API: an import run (as the command line makes it) is listed with its counts,
 * its per-row report is a CSV with the rejection's Spanish and English message, and the registrar reviews the
 * parties it met; suppliers, buyers and the public are refused.
 */
const register = RegisterApi.use();
let registrar: string;
let outsider: string;
let unitId: string;
let importId: string;

const FILE = (code: string) => {
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
  registrar = (await register().account('registrar')).token;
  const unit = aBuyingUnit();
  unitId = (await register().call('POST', '/api/buying-units', { token: registrar, body: unit })).body.buyingUnitId;
  outsider = (await register().account('buyer', { buyingUnitId: unitId })).token;
  const outcome = await runImport(register().store, {
    kind: 'compranet',
    reader: readCompranetCsv,
    fileName: 'contratos.csv',
    bytes: FILE(unit.code),
    actor: 'system',
    now: () => new Date('2026-01-15T16:00:00.000Z'),
    ocidPrefix: 'ocds-test-',
  });
  importId = outcome.importId;
}, 120_000);

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
    const buyer = parties.find((p) => p.role === 'buyer')!;
    const contractor = parties.find((p) => p.role === 'supplier')!;
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
    expect(reviewed.body).toEqual([
      expect.objectContaining({
        partyId: contractor.partyId,
        review: expect.objectContaining({ decision: 'unregistered' }),
      }),
    ]);
  });
});
