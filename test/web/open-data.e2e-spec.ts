/**
 * The open-data page in headless Chromium: each month with procedures has its CSV tables, the links download
 * what the API serves (UTF-8 with BOM), and the data dictionary page shows every column of the exporter.
 */
import type { Browser } from 'playwright-core';
import { dataDictionary } from '@licita/transparency/ocds/domain/flat-tables';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { eventually, TenderingApi } from './scenarios';

const P = '2026-03-02T16:00:00.000Z';

let world: TenderingApi;
let browser: Browser;

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start(P));
  const buyer = await world.buyer(await world.buyingUnit());
  await world.publishedTender(buyer, P);
  await eventually('the month is listed', async () => {
    const reply = await world.anonymous('GET', '/api/bulk');
    return reply.body?.periods?.some((p: { period: string }) => p.period === '2026-03');
  });
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

it('lists the month with its CSV links, and leads to the dictionary of every column', async () => {
  const context = await browser.newContext({ locale: 'es-MX', timezoneId: 'America/Mexico_City' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${world.api.url}/datos-abiertos`);
  const row = page.locator('table.bulk-periods tbody tr').filter({ hasText: 'marzo de 2026' });
  await row.waitFor();
  expect(await row.locator('td.num').first().textContent()).toBe('1');
  const links = await row
    .locator('a[download]')
    .evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href')]));
  expect(links).toEqual([
    ['Todas (.zip)', '/api/bulk/csv/2026-03.zip'],
    ...dataDictionary().map((t) => [t.table, `/api/bulk/csv/2026-03/${t.file}`]),
    ['.json.gz', '/api/ocds/download?format=json.gz&period=2026-03'],
  ]);
  const items = await fetch(`${world.api.url}${links[3][1]}`);
  const text = Buffer.from(await items.arrayBuffer()).toString('utf8');
  expect(text.startsWith('\ufeffocid,id,tender/items/0/id,')).toBe(true);
  expect(text.trim().split('\r\n')).toHaveLength(3); // the header and the laptops tender's two items

  await page.getByRole('link', { name: 'Diccionario de datos' }).click();
  await page.getByRole('heading', { name: 'items.csv' }).waitFor();
  const shown = await page.locator('main table tbody td:first-child code').allTextContents();
  expect(shown).toEqual(dataDictionary().flatMap((t) => t.columns.map((c) => c.name)));
  await screenshot(page, 'data-dictionary');
  await context.close();
});
