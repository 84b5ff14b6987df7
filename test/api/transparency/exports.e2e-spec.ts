import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { pesos } from '@licita/platform';
import { copyPublicTender } from '../../../bench/seed/tender-copies';
import { eventually } from '../../support/time';
import { TenderingApi } from '../tendering/tendering-api';

/**
 * Exports of the public procedures' search (GET /api/transparency/tenders/export) over the real API and
 * PostgreSQL: one procedure driven through the tendering API and 3,000 copies of its public row, so that
 * files of thousands of rows are read back. CSV (BOM, headers, accents, decimal pesos), XLSX read back with
 * exceljs, the search's filters and order, bad filters, the row limit and the rate limit; and the supplier
 * directory's export (GET /api/suppliers/export); the buying units' and the sanctions' lists' exports
 * (GET /api/buying-units/export, /api/sanctions/export) and the profiles' awards and contracts
 * (GET /api/transparency/{suppliers,buying-units}/{id}/{awards,contracts}/export): the list's own rows,
 * filters and languages; a statistics table and the red-flags report per unit.
 */
const P = '2026-03-02T16:00:00.000Z';
const TITLE = 'Adquisición de señalética y cómputo para el Área Jurídica';
const COPIES = 3_000;
const MAX_ROWS = 2_500;
const EXPORTS_PER_MINUTE = 40;

let world: TenderingApi;
let tenderId: string;
let unitId: string;

type File = { status: number; headers: Headers; bytes: Buffer };

async function download(path: string, headers: Record<string, string> = {}): Promise<File> {
  const response = await fetch(`${world.api.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const csvRows = (file: File): string[][] => parse(file.bytes.subarray(3).toString('utf8'));

/** The ids the search lists for `query`, following every page. */
async function searched(query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor = '';
  do {
    const reply = await world.anonymous('GET', `/api/transparency/tenders?${query}&limit=100${cursor}`);
    expect(reply.status).toBe(200);
    ids.push(...reply.body.items.map((item: { tenderId: string }) => item.tenderId));
    cursor = reply.body.nextCursor ? `&cursor=${reply.body.nextCursor}` : '';
  } while (cursor);
  return ids;
}

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z', undefined, {
    env: { EXPORT_MAX_ROWS: String(MAX_ROWS), RATE_LIMIT_EXPORTS_PER_IP: String(EXPORTS_PER_MINUTE) },
  });
  unitId = await world.buyingUnit();
  const buyer = await world.buyer(unitId);
  tenderId = await world.publishedTender(buyer, P, { title: TITLE });
  await eventually('the procedure is public', async () => {
    const reply = await world.anonymous('GET', `/api/transparency/tenders/${tenderId}`);
    return reply.status === 200;
  });
  await copyPublicTender(world.api.api.app.get(DataSource), tenderId, COPIES, 'copia-');
}, 120_000);

afterAll(() => world?.close());

describe('CSV', () => {
  it('is UTF-8 with a BOM, Spanish headers, accents intact and amounts in pesos, named by the date', async () => {
    const file = await download(`/api/transparency/tenders/export?format=csv&buyingUnitId=${unitId}&maxValue=300000`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="licita-procedimientos-2026-03-02.csv"');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvRows(file);
    expect(header.slice(0, 9)).toEqual([
      'Número',
      'Título',
      'Estado',
      'Tipo de procedimiento',
      'Categoría',
      'Unidad compradora',
      'Moneda',
      'Valor estimado',
      'Monto adjudicado',
    ]);
    const id = header.indexOf('Clave del procedimiento');
    // 100,000 + g × 12,345 ≤ 300,000 centavos: copies 1 to 16, newest first.
    expect(rows.map((row) => row[id])).toEqual(Array.from({ length: 16 }, (_, i) => `copia-${i + 1}`));
    const [first] = rows;
    expect(first.slice(1, 9)).toEqual([
      `${TITLE} · copia 1`,
      'Adjudicada',
      'Licitación pública nacional',
      'Bienes',
      expect.stringMatching(/^Unidad UC-/),
      'MXN',
      '1123.45',
      '1.07',
    ]);
    expect(first[header.indexOf('Publicada (hora de la Ciudad de México)')]).toBe('2026-03-02 09:00:00');
  });

  it('has the rows of the search, in its order, with every filter applied', async () => {
    const query = `buyingUnitId=${unitId}&status=contracted&minValue=1000000&maxValue=5000000&redFlag=single_bidder&sort=-estimatedValue`;
    const ids = await searched(query);
    expect(ids.length).toBeGreaterThan(5);
    const [header, ...rows] = csvRows(await download(`/api/transparency/tenders/export?${query}`));
    expect(rows.map((row) => row[header.indexOf('Clave del procedimiento')])).toEqual(ids);
  });

  it('speaks English when asked, by lang= or Accept-Language', async () => {
    const byParam = await download(`/api/transparency/tenders/export?lang=en&q=senaletica&maxValue=120000`);
    const byHeader = await download(`/api/transparency/tenders/export?q=senaletica&maxValue=120000`, {
      'Accept-Language': 'en-US,en;q=0.9',
    });
    for (const file of [byParam, byHeader]) {
      expect(file.headers.get('content-disposition')).toBe('attachment; filename="licita-procedures-2026-03-02.csv"');
      const [header, row] = csvRows(file);
      expect(header.slice(0, 3)).toEqual(['Number', 'Title', 'Status']);
      expect(row.slice(2, 4)).toEqual(['Awarded', 'Public national tender']);
    }
  });

  it('streams a file of thousands of rows to the end', async () => {
    const file = await download(`/api/transparency/tenders/export?status=awarded`);
    expect(file.status).toBe(200);
    const rows = csvRows(file);
    // Copies 1, 5, 9… are awarded (g % 4 = 1): 750 of 3,000.
    expect(rows.length - 1).toBe(750);
    // 100,000 + g × 12,345 ≤ 25,000,000 centavos: copies 1 to 2,017.
    const many = csvRows(await download(`/api/transparency/tenders/export?minValue=100000&maxValue=25000000`));
    expect(many.length - 1).toBe(2_017);
  });
});

describe('XLSX', () => {
  it('reads back with exceljs: headers, text, numbers with the pesos format, dates in Mexico City time', async () => {
    const file = await download(`/api/transparency/tenders/export?format=xlsx&buyingUnitId=${unitId}&maxValue=300000`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers.get('content-disposition')).toBe(
      'attachment; filename="licita-procedimientos-2026-03-02.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('procedimientos');
    expect(sheet.rowCount).toBe(1 + 16);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header[1]).toBe('Título');
    const column = (name: string) => header.indexOf(name) + 1;
    const row = sheet.getRow(2);
    expect(row.getCell(column('Título')).value).toBe(`${TITLE} · copia 1`);
    expect(row.getCell(column('Valor estimado')).value).toBe(1123.45);
    expect(row.getCell(column('Valor estimado')).numFmt).toBe('#,##0.00');
    expect(row.getCell(column('Publicada (hora de la Ciudad de México)')).value).toEqual(
      new Date('2026-03-02T09:00:00.000Z'),
    );
    expect(row.getCell(column('Propuestas')).value).toBe(0);
    expect(
      Array.from({ length: 16 }, (_, i) => sheet.getRow(i + 2).getCell(column('Clave del procedimiento')).value),
    ).toEqual(Array.from({ length: 16 }, (_, i) => `copia-${i + 1}`));
  });
});

describe('the supplier directory', () => {
  it('exports what the directory shows the caller: the public never gets a pending supplier', async () => {
    await world.supplier('Cómputo del Bajío');
    await world.supplier('Señales Tapatías');
    await world.supplier('Ñandú Pendiente', { verified: false });
    const listed = await eventually('the register lists both', async () => {
      const reply = await world.anonymous('GET', '/api/suppliers?state=MX-JAL&limit=100');
      return reply.body.items.length === 2 && reply.body.items;
    });
    const file = await download('/api/suppliers/export?state=MX-JAL');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="licita-proveedores-2026-03-02.csv"');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvRows(file);
    expect(header.slice(0, 4)).toEqual(['RFC', 'Nombre o razón social', 'Tipo de persona', 'Tamaño']);
    expect(rows.map((row) => row[1])).toEqual(['Cómputo del Bajío, S.A. de C.V.', 'Señales Tapatías, S.A. de C.V.']);
    expect(rows.map((row) => row[0])).toEqual(listed.map((supplier: { rfc: string }) => supplier.rfc));
    expect(rows[0].slice(2, 7)).toEqual(['Persona moral', 'Pequeña', 'Jalisco', 'Guadalajara', 'Verificado']);

    const xlsx = await download('/api/suppliers/export?state=MX-JAL&format=xlsx&lang=en&q=bajio');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('suppliers');
    expect(sheet.getRow(1).getCell(2).value).toBe('Name');
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(2).value).toBe('Cómputo del Bajío, S.A. de C.V.');
  });

  it('refuses a bad filter with a 400 problem', async () => {
    const reply = await world.anonymous('GET', '/api/suppliers/export?state=Jalisco');
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('request.invalid');
  });
});

describe('the buying units', () => {
  it('exports the rows the list finds, with its filters (stateCode), in Spanish or English', async () => {
    const registrar = await world.registrar();
    const jalisco = [await world.buyingUnit(), await world.buyingUnit()];
    for (const [index, id] of jalisco.entries()) {
      const reply = await registrar.call('PUT', `/api/buying-units/${id}/location`, {
        stateCode: '14',
        ...(index === 0 ? { municipalityCode: '039' } : {}),
      });
      expect(reply.status).toBe(200);
    }
    const listed = await eventually('the list places both in Jalisco', async () => {
      const reply = await world.anonymous('GET', '/api/buying-units?stateCode=14&limit=100');
      return reply.body.items.length === 2 && reply.body.items;
    });
    const file = await download('/api/buying-units/export?stateCode=14');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe(
      'attachment; filename="licita-unidades-compradoras-2026-03-02.csv"',
    );
    expect(file.headers.get('cache-control')).toContain('public');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvRows(file);
    expect(header.slice(0, 7)).toEqual([
      'Clave',
      'Nombre',
      'Orden de gobierno',
      'Institución',
      'Clave INEGI de la entidad',
      'Entidad federativa',
      'Clave INEGI del municipio',
    ]);
    const id = header.indexOf('Clave de la unidad');
    expect(rows.map((row) => row[id])).toEqual(listed.map((unit: { buyingUnitId: string }) => unit.buyingUnitId));
    expect(rows.map((row) => row[0])).toEqual(listed.map((unit: { code: string }) => unit.code));
    const first = rows.find((row) => row[id] === jalisco[0])!;
    expect(first.slice(2, 7)).toEqual(['Federal', 'Secretaría de Salud', '14', 'Jalisco', '039']);

    // Every unit (the test's own and the procedures' one) without the filter; one by its code's words.
    const all = csvRows(await download('/api/buying-units/export'));
    expect(all.length - 1).toBe(3);
    const code = listed[1].code as string;
    const xlsx = await download(`/api/buying-units/export?format=xlsx&lang=en&q=${code}`);
    expect(xlsx.headers.get('content-disposition')).toBe('attachment; filename="licita-buying-units-2026-03-02.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('buying-units');
    expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['Code', 'Name', 'Government level']);
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe(code);
    expect(sheet.getRow(2).getCell(6).value).toBe('Jalisco');
  });

  it.each(['stateCode=99', 'level=galactic', 'cursor=abc'])('refuses ?%s with a 400 problem', async (query) => {
    const reply = await world.anonymous('GET', `/api/buying-units/export?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('request.invalid');
  });
});

describe('the sanctions', () => {
  it('exports the directory of sanctions as the list shows it, newest first, filtered by current', async () => {
    const ended = await world.supplier('Ölmeca Sancionada');
    const inForce = await world.supplier('Águila Inhabilitada');
    await world.sanction(ended, '2026-01-10T16:00:00.000Z', '2026-03-02T17:00:00.000Z');
    await world.sanction(inForce, '2026-02-20T16:00:00.000Z', null);
    world.clock.set('2026-03-02T18:00:00.000Z'); // past the first one's end: the lists say it ended
    const listed = await eventually('the sanctions directory lists both', async () => {
      const reply = await world.anonymous('GET', '/api/sanctions?limit=100');
      return reply.body.items.length === 2 && reply.body.items;
    });
    const file = await download('/api/sanctions/export');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="licita-sanciones-2026-03-02.csv"');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvRows(file);
    expect(header.slice(0, 4)).toEqual([
      'RFC',
      'Nombre o razón social',
      'Estado de la sanción',
      'Inicio (hora de la Ciudad de México)',
    ]);
    expect(rows.map((row) => row[header.indexOf('Clave de la sanción')])).toEqual(
      listed.map((sanction: { sanctionId: string }) => sanction.sanctionId),
    );
    expect(listed.map((sanction: { status: string }) => sanction.status)).toEqual(['in_force', 'ended']);
    expect(rows.map((row) => row.slice(1, 5))).toEqual([
      ['Águila Inhabilitada, S.A. de C.V.', 'Vigente', '2026-02-20 10:00:00', ''],
      ['Ölmeca Sancionada, S.A. de C.V.', 'Concluida', '2026-01-10 10:00:00', '2026-03-02 11:00:00'],
    ]);
    expect(rows[0][header.indexOf('Número de resolución')]).toBe('SFP/RS/1/2026');

    const current = await download('/api/sanctions/export?current=true&format=xlsx', { 'Accept-Language': 'en' });
    expect(current.headers.get('content-disposition')).toBe('attachment; filename="licita-sanctions-2026-03-02.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(current.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('sanctions');
    expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['RFC (tax id)', 'Name', 'Sanction status']);
    expect(sheet.rowCount).toBe(2);
    expect((sheet.getRow(2).values as unknown[]).slice(2, 5)).toEqual([
      'Águila Inhabilitada, S.A. de C.V.',
      'In force',
      new Date('2026-02-20T10:00:00.000Z'),
    ]);
  });

  it('refuses a bad filter with a 400 problem', async () => {
    const reply = await world.anonymous('GET', '/api/sanctions/export?current=maybe');
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('request.invalid');
  });
});

describe("the profiles' awards and contracts", () => {
  it("exports every award and contract of a supplier and a unit, as the profile's lists show them", async () => {
    const winner = await world.supplier('Ñandú Ganador');
    const db = world.api.api.app.get(DataSource);
    // Read-model rows of the procedure above (as the projection writes them): two awards, one contract.
    for (const [lot, amount, at, status] of [
      ['lote-1', 1234550, '2026-02-10T17:00:00.000Z', 'active'],
      ['lote-2', 99, '2026-02-11T17:00:00.000Z', 'annulled'],
    ] as const)
      await db.query(
        `INSERT INTO transparency_awards (tender_id, lot_id, supplier_id, buying_unit_id, procedure_type, basis, status, currency, amount, awarded_at)
         VALUES ($1, $2, $3, $4, 'public_national', 'lowest_price', $5, 'MXN', $6, $7)`,
        [tenderId, lot, winner.supplierId, unitId, status, amount, at],
      );
    await db.query(
      `INSERT INTO transparency_contracts (contract_id, tender_id, lot_id, supplier_id, buying_unit_id, procedure_type, direct_award, status, currency, original_amount, amount, signed_at, start_date, end_date)
       VALUES ('contrato-1', $1, 'lote-1', $2, $3, 'public_national', false, 'active', 'MXN', 1234550, 1300000, '2026-02-15T17:00:00Z', '2026-02-16T06:00:00Z', NULL)`,
      [tenderId, winner.supplierId, unitId],
    );
    const profile = await eventually('the profile lists them', async () => {
      const reply = await world.anonymous('GET', `/api/transparency/suppliers/${winner.supplierId}`);
      return reply.status === 200 && reply.body.awards.length === 2 && reply.body;
    });

    const awards = await download(`/api/transparency/suppliers/${winner.supplierId}/awards/export`);
    expect(awards.status).toBe(200);
    expect(awards.headers.get('content-disposition')).toBe(
      'attachment; filename="licita-adjudicaciones-del-proveedor-2026-03-02.csv"',
    );
    expect([...awards.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvRows(awards);
    expect(header.slice(0, 8)).toEqual([
      'Adjudicada (hora de la Ciudad de México)',
      'Procedimiento',
      'Partida',
      'Unidad compradora',
      'Proveedor',
      'Moneda',
      'Monto adjudicado',
      'Estado',
    ]);
    expect(rows.map((row) => row[2])).toEqual(profile.awards.map((award: { lotId: string }) => award.lotId));
    expect(rows.map((row) => [row[0], row[4], row[6], row[7]])).toEqual([
      ['2026-02-11 11:00:00', 'Ñandú Ganador, S.A. de C.V.', '0.99', 'Anulada'],
      ['2026-02-10 11:00:00', 'Ñandú Ganador, S.A. de C.V.', '12345.50', 'Vigente'],
    ]);
    expect(rows[0][1]).toBe(TITLE);

    const contracts = await download(`/api/transparency/buying-units/${unitId}/contracts/export?format=xlsx&lang=en`);
    expect(contracts.headers.get('content-disposition')).toBe(
      'attachment; filename="licita-buying-unit-contracts-2026-03-02.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(contracts.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('buying-unit-contracts');
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 2)).toEqual(['Signed (Mexico City time)', 'Procedure']);
    expect(sheet.rowCount).toBe(2);
    const row = sheet.getRow(2);
    expect(row.getCell(headers.indexOf('Contract id') + 1).value).toBe('contrato-1');
    expect(row.getCell(headers.indexOf('Current amount') + 1).value).toBe(13000);
    expect(row.getCell(headers.indexOf('Status') + 1).value).toBe('Active');

    const unitAwards = csvRows(await download(`/api/transparency/buying-units/${unitId}/awards/export`));
    expect(unitAwards.length - 1).toBe(2);
    const supplierContracts = csvRows(
      await download(`/api/transparency/suppliers/${winner.supplierId}/contracts/export?lang=en`),
    );
    expect(supplierContracts[0][0]).toBe('Signed (Mexico City time)');
    expect(supplierContracts.length - 1).toBe(1);
  });

  it('refuses a bad format with a 400 problem', async () => {
    const reply = await world.anonymous('GET', `/api/transparency/buying-units/${unitId}/awards/export?format=pdf`);
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('request.invalid');
  });
});

describe('the statistics and the red flags', () => {
  it("exports a statistics table with the statistics' own rows and filters, and the red flags per unit", async () => {
    const filter = `buyingUnitId=${unitId}`;
    const stats = (await world.anonymous('GET', `/api/transparency/statistics?${filter}`)).body;
    const byMonth = await download(`/api/transparency/statistics/export?${filter}&table=byMonth`);
    expect(byMonth.status).toBe(200);
    expect(byMonth.headers.get('content-disposition')).toBe(
      'attachment; filename="licita-estadisticas-por-mes-2026-03-02.csv"',
    );
    expect([...byMonth.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...months] = csvRows(byMonth);
    expect(header).toEqual(['Mes de publicación', 'Procedimientos', 'Moneda', 'Valor estimado', 'Monto adjudicado']);
    expect(months).toEqual(
      stats.byMonth.map((month: { month: string; procedures: number; estimatedAmount: { amount: number } }) => [
        month.month,
        String(month.procedures),
        'MXN',
        pesos(month.estimatedAmount.amount),
        expect.any(String),
      ]),
    );
    expect(months.length).toBeGreaterThan(0);

    const byType = await download(`/api/transparency/statistics/export?${filter}&format=xlsx&lang=en`);
    expect(byType.headers.get('content-disposition')).toBe(
      'attachment; filename="licita-statistics-by-type-2026-03-02.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(byType.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1, 3)).toEqual(['Procedure type', 'Procedures']);
    expect(sheet.rowCount - 1).toBe(stats.byProcedureType.length);
    expect(sheet.getRow(2).getCell(2).value).toBe(stats.byProcedureType[0].procedures);

    const report = (await world.anonymous('GET', '/api/transparency/red-flags')).body;
    const [flagHeader, ...units] = csvRows(await download('/api/transparency/red-flags/export'));
    expect(flagHeader.slice(0, 4)).toEqual([
      'Unidad compradora',
      'Procedimientos',
      'Con alguna bandera roja',
      'Un solo licitante',
    ]);
    expect(units.map((row) => row[flagHeader.length - 1])).toEqual(
      report.buyingUnits.map((unit: { buyingUnitId: string }) => unit.buyingUnitId),
    );
    expect(units.length).toBeGreaterThan(0);
    expect(units.map((row) => row[1])).toEqual(
      report.buyingUnits.map((unit: { procedures: number }) => String(unit.procedures)),
    );
  });

  it.each(['table=byYear', 'from=ayer', 'currency=pesos'])('refuses ?%s with a 400 problem', async (query) => {
    const reply = await world.anonymous('GET', `/api/transparency/statistics/export?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('request.invalid');
  });
});

describe('refusals', () => {
  it.each([
    ['minValue=500&maxValue=100', 'transparency.invalid_range'],
    ['format=pdf', 'request.invalid'],
    ['status=draft', 'request.invalid'],
    ['limit=5', 'request.invalid'],
    ['publishedFrom=ayer', 'request.invalid'],
  ])('?%s is a 400 problem (%s)', async (query, code) => {
    const reply = await world.anonymous('GET', `/api/transparency/tenders/export?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body.code).toBe(code);
  });

  it(`refuses more than EXPORT_MAX_ROWS (${MAX_ROWS}) rows before sending any`, async () => {
    const reply = await world.anonymous('GET', '/api/transparency/tenders/export?format=xlsx');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'export.too_many_rows', details: { maxRows: MAX_ROWS } });
  });

  it('counts exports per client IP: past the limit, 429 with Retry-After', async () => {
    let reply = await world.anonymous('GET', '/api/transparency/tenders/export?q=nada-coincide');
    for (let i = 0; reply.status === 200 && i < EXPORTS_PER_MINUTE; i++)
      reply = await world.anonymous('GET', '/api/transparency/tenders/export?q=nada-coincide');
    expect(reply.status).toBe(429);
    expect(reply.body.code).toBe('rate_limit.exceeded');
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    // The search itself is not counted.
    expect((await world.anonymous('GET', '/api/transparency/tenders?q=nada-coincide')).status).toBe(200);
  });
});
