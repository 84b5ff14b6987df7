/**
 * Exports from the public search page in headless Chromium: with the page's filters in its address, "Descargar
 * CSV" and "Descargar Excel" download files that hold exactly the procedures the search finds (the CSV parsed,
 * the XLSX read back with exceljs), with Spanish headers, and English ones once the page is in English; and
 * the registrar desk downloads its list of suppliers (a signed-in download, which includes pending ones); the
 * sanctions directory downloads what it lists, with its "current" filter; a supplier's profile downloads its
 * awards.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { copyPublicTender } from '../../bench/seed/tender-copies';
import { closeWithBrowser, startWithBrowser } from './browser';
import { Party } from '../api/tendering/tendering-api';
import { eventually, TenderingApi } from './scenarios';
import { signedIn, untilShown } from './sessions';

const TITLE = 'Adquisición de señalética para el Área Jurídica';
let world: TenderingApi;
let browser: Browser;
let tenderId: string;
let unitId: string;

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T15:00:00.000Z'));
  unitId = await world.buyingUnit();
  const buyer = await world.buyer(unitId);
  tenderId = await world.publishedTender(buyer, '2026-03-02T16:00:00.000Z', { title: TITLE });
  await eventually(
    'the procedure is public',
    async () => (await world.anonymous('GET', `/api/transparency/tenders/${tenderId}`)).status === 200,
  );
  // Copies 1, 5, 9… 117 are awarded: 30 rows, more than the page's first 20.
  await copyPublicTender(world.api.api.app.get(DataSource), tenderId, 120);
}, 120_000);

jest.setTimeout(60_000);

afterAll(() => closeWithBrowser(world, browser));

async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'es-MX',
    timezoneId: 'America/Mexico_City',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

/** Clicks the link and returns the downloaded file's name and bytes. */
async function download(page: Page, link: string, role: 'link' | 'button' = 'link') {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole(role, { name: link }).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** The ids the search API lists for the same filters, every page. */
async function searched(query: string): Promise<string[]> {
  const ids: string[] = [];
  for (let cursor = ''; ;) {
    const { body } = await world.anonymous('GET', `/api/transparency/tenders?${query}&limit=100${cursor}`);
    ids.push(...body.items.map((item: { tenderId: string }) => item.tenderId));
    if (!body.nextCursor) return ids;
    cursor = `&cursor=${body.nextCursor}`;
  }
}

describe('exports from the search page', () => {
  it('downloads the filtered search as CSV and as Excel, in Spanish, then in English', async () => {
    const filters = 'q=senaletica&status=awarded&sort=-estimatedValue';
    const expected = await searched(filters);
    expect(expected).toHaveLength(30);
    const page = await newPage();
    await page.goto(`${world.api.url}/?${filters}`);
    await page.getByTestId('tender-result').nth(19).waitFor();

    const csv = await download(page, 'Descargar CSV');
    expect(csv.name).toBe('licita-procedimientos-2026-03-02.csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(csv.bytes.subarray(3).toString('utf8'));
    expect(header[1]).toBe('Título');
    expect(rows.map((row) => row[header.indexOf('Clave del procedimiento')])).toEqual(expected);
    expect(rows[0][1]).toBe(`${TITLE} · copia 117`);
    expect(new Set(rows.map((row) => row[header.indexOf('Estado')]))).toEqual(new Set(['Adjudicada']));

    const xlsx = await download(page, 'Descargar Excel');
    expect(xlsx.name).toBe('licita-procedimientos-2026-03-02.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const idColumn = headers.indexOf('Clave del procedimiento') + 1;
    const ids = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(idColumn).value);
    expect(ids).toEqual(expected);
    // 100,000 + 117 × 12,345 centavos.
    expect(sheet.getRow(2).getCell(headers.indexOf('Valor estimado') + 1).value).toBe(15_443.65);

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    const english = await download(page, 'Download CSV');
    expect(english.name).toBe('licita-procedures-2026-03-02.csv');
    const [englishHeader, first] = parse(english.bytes.subarray(3).toString('utf8'));
    expect(englishHeader.slice(0, 3)).toEqual(['Number', 'Title', 'Status']);
    expect(first[2]).toBe('Awarded');
  });
});

describe("the registrar desk's download", () => {
  it('saves the suppliers of the chosen status, pending ones included for staff', async () => {
    await world.supplier('Ñandú Pendiente', { verified: false });
    const account = await world.api.account('registrar');
    const registrar = await signedIn(
      browser,
      world,
      new Party(world, account.email, { accountId: account.accountId }),
      '**/registrador',
    );
    await untilShown(registrar, 'Ñandú Pendiente');
    const csv = await download(registrar, 'Descargar CSV', 'button');
    expect(csv.name).toMatch(/^licita-proveedores-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = parse(csv.bytes.subarray(3).toString('utf8'));
    expect(header[1]).toBe('Nombre o razón social');
    expect(rows.map((row) => [row[1], row[header.indexOf('Estatus en el padrón')]])).toEqual([
      ['Ñandú Pendiente, S.A. de C.V.', 'Pendiente de verificación'],
    ]);
  });
});

describe("the sanctions directory's download", () => {
  it('saves the sanctions the page lists (current ones), as a plain link', async () => {
    const sanctioned = await world.supplier('Águila Inhabilitada');
    await world.sanction(sanctioned, '2026-02-20T16:00:00.000Z', null);
    const page = await newPage();
    await page.goto(`${world.api.url}/sancionados`);
    await untilShown(page, 'Águila Inhabilitada');
    const csv = await download(page, 'Descargar CSV');
    expect(csv.name).toBe('licita-sanciones-2026-03-02.csv');
    const [header, ...rows] = parse(csv.bytes.subarray(3).toString('utf8'));
    expect(rows.map((row) => [row[1], row[header.indexOf('Estado de la sanción')]])).toEqual([
      ['Águila Inhabilitada, S.A. de C.V.', 'Vigente'],
    ]);
  });
});

describe("a profile's download", () => {
  it("saves the supplier's awards from its profile page", async () => {
    const winner = await world.supplier('Ñandú Ganador');
    await world.api.api.app.get(DataSource).query(
      `INSERT INTO transparency_awards (tender_id, lot_id, supplier_id, buying_unit_id, procedure_type, basis, status, currency, amount, awarded_at)
       VALUES ($1, 'lote-1', $2, $3, 'public_national', 'lowest_price', 'active', 'MXN', 1234550, '2026-02-10T17:00:00Z')`,
      [tenderId, winner.supplierId, unitId],
    );
    const page = await newPage();
    await page.goto(`${world.api.url}/proveedores/${winner.supplierId}`);
    await untilShown(page, TITLE);
    const csv = await download(page, 'Descargar CSV');
    expect(csv.name).toBe('licita-adjudicaciones-del-proveedor-2026-03-02.csv');
    const [header, ...rows] = parse(csv.bytes.subarray(3).toString('utf8'));
    expect(rows.map((row) => [row[1], row[header.indexOf('Monto adjudicado')]])).toEqual([[TITLE, '12345.50']]);
  });
});
