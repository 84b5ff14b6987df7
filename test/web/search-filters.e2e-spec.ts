/**
 * The portal's search in headless Chromium against the real API: a filter set in the form lives in the address
 * (a reload keeps it and its results, going back drops it), and the page says how many procedures the search
 * found ("1 procedimiento"), not how many it has loaded.
 */
import type { Browser } from 'playwright-core';
import { closeWithBrowser, startWithBrowser } from './browser';
import { DAY, eventually, TenderingApi } from './scenarios';

let world: TenderingApi;
let browser: Browser;

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T15:00:00.000Z'));
  const registrar = await world.registrar();
  const jalisco = await world.buyingUnit();
  expect((await registrar.call('PUT', `/api/buying-units/${jalisco}/location`, { stateCode: '14' })).status).toBe(200);
  // The Jalisco unit joins the state government's organisation: its level becomes `state` (the other stays federal).
  const state = await registrar.post('/api/organisations', {
    level: 'state',
    name: 'Gobierno del Estado de Jalisco',
    stateCode: '14',
    reason: 'Alta en el padrón de entes públicos',
  });
  const organisationId = state.body.organisationId;
  const placed = await registrar.call('PUT', `/api/buying-units/${jalisco}/organisation`, {
    organisationId,
    reason: 'Es del estado',
  });
  expect(placed.status).toBe(200);
  const elsewhere = await world.buyingUnit();
  await world.publishedTender(await world.buyer(jalisco), '2026-03-02T16:00:00.000Z');
  const later = new Date(Date.parse('2026-03-02T16:00:00.000Z') + DAY).toISOString();
  await world.publishedTender(await world.buyer(elsewhere), later, { title: 'Servicio de limpieza de oficinas' });
  await eventually(
    'both procedures are public, and the units placed',
    async () =>
      (await world.anonymous('GET', '/api/transparency/tenders?stateCode=14&level=state')).body?.total?.value === 1 &&
      (await world.anonymous('GET', '/api/transparency/tenders')).body?.total?.value === 2,
    20_000,
  );
}, 120_000);

jest.setTimeout(60_000);

afterAll(() => closeWithBrowser(world, browser));

it('keeps the filters in the address through a reload and back, and shows the total', async () => {
  const context = await browser.newContext({ locale: 'es-MX', timezoneId: 'America/Mexico_City' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const total = page.getByTestId('list-total');
  await page.goto(`${world.api.url}/`);
  await eventually('the total of every procedure', async () => (await total.textContent()) === '2 procedimientos');

  await page.getByLabel('Entidad federativa').selectOption('14');
  await page.getByLabel('Fecha límite desde').fill('2026-03-01');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await page.waitForURL(/stateCode=14/);
  expect(new URL(page.url()).searchParams.get('deadlineFrom')).toBe('2026-03-01');
  await eventually('the total of the filtered search', async () => (await total.textContent()) === '1 procedimiento');
  expect(await page.getByTestId('tender-result').count()).toBe(1);

  await page.reload();
  await eventually('the same search after a reload', async () => (await total.textContent()) === '1 procedimiento');
  expect(await page.getByLabel('Entidad federativa').inputValue()).toBe('14');
  expect(await page.getByLabel('Fecha límite desde').inputValue()).toBe('2026-03-01');
  expect(await page.getByTestId('tender-result').count()).toBe(1);

  await page.goBack();
  await eventually('every procedure again', async () => (await total.textContent()) === '2 procedimientos');
  expect(await page.getByLabel('Entidad federativa').inputValue()).toBe('');
  await context.close();
});

it('filters by level of government and shows the statistics by level and state', async () => {
  const context = await browser.newContext({ locale: 'es-MX', timezoneId: 'America/Mexico_City' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const total = page.getByTestId('list-total');
  await page.goto(`${world.api.url}/`);
  await eventually('the total of every procedure', async () => (await total.textContent()) === '2 procedimientos');
  await page.getByLabel('Orden de gobierno').selectOption('state');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await page.waitForURL(/level=state/);
  await eventually('only the state procedure', async () => (await total.textContent()) === '1 procedimiento');

  await page.goto(`${world.api.url}/estadisticas`);
  const table = page.getByTestId('level-table');
  await eventually('a row per level and per state', async () => (await table.locator('tbody tr').count()) === 3);
  expect(await table.locator('tr[data-level="state"] td').first().textContent()).toBe('Estatal');
  expect(await table.locator('tr[data-level="14-state"] td').first().textContent()).toBe('Jalisco · Estatal');
  await page.getByLabel('Orden de gobierno').selectOption('federal');
  await eventually('only the federal rows', async () => (await table.locator('tbody tr').count()) === 1);
  expect(await table.locator('tr[data-level="federal"] td').nth(1).textContent()).toBe('1');
  await context.close();
});
