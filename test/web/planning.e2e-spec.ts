/**
 * The annual plan in headless Chromium: a buyer writes the plan of its unit with the classifier picker,
 * publishes it, revises it with a reason and links one of its procedures to a line; the public page of the plan
 * shows the revisions with what changed (old → new), the totals and planned vs executed, in Spanish and English;
 * the year's page sums every unit's plan.
 */
import type { Browser, Page } from 'playwright-core';
import { aDirectAward } from '../api/tendering/tendering-api';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { signedIn } from './sessions';
import { TenderingApi, type Party } from './scenarios';

const NOW = '2026-02-02T16:00:00.000Z';

let world: TenderingApi;
let browser: Browser;
let buyerParty: Party;
let unitId: string;
let tenderTitle: string;
let buyer: Page;

jest.setTimeout(90_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start(NOW));
  unitId = await world.buyingUnit();
  buyerParty = await world.buyer(unitId);
  const supplier = await world.supplier('Papelera del Bajío');
  const draft = aDirectAward(unitId, NOW, supplier.supplierId);
  tenderTitle = draft.title;
  expect((await buyerParty.post('/api/tenders', draft)).status).toBe(201);
  buyer = await signedIn(browser, world, buyerParty, '**/comprador');
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

const line = (n: number) => buyer.getByTestId('plan-line').nth(n);

it('a buyer writes the plan with the classifier picker, revises it with a reason and links a procedure', async () => {
  await buyer.getByRole('link', { name: 'Programa anual de adquisiciones' }).click();
  await buyer.waitForURL('**/comprador/programa');
  await buyer.getByLabel('Ejercicio fiscal').fill('2026');
  await buyer.getByLabel('Ejercicio fiscal').dispatchEvent('change');
  await buyer.getByText('Aún no hay programa publicado para este ejercicio.').waitFor();

  await buyer.getByRole('button', { name: 'Agregar línea' }).click();
  await line(0).getByLabel('Buscar en el clasificador').fill('Abrecartas');
  await line(0)
    .getByRole('button', { name: /21100001/ })
    .click();
  expect(await line(0).getByLabel('Clave del clasificador').inputValue()).toBe('21100001');
  await line(0).getByLabel('Descripción').fill('Abrecartas para oficialía de partes');
  await line(0).getByLabel('Monto estimado').fill('125000.00');
  await line(0).getByLabel('Trimestre previsto').selectOption('2');
  await line(0).getByLabel('Procedimiento previsto').selectOption('direct_award');
  await buyer.getByRole('button', { name: 'Publicar programa' }).click();
  await buyer.getByText('Revisión vigente: 1').waitFor();

  await line(0).getByLabel('Monto estimado').fill('150000');
  await buyer.getByRole('button', { name: 'Agregar línea' }).click();
  await line(1).getByLabel('Clave del clasificador').fill('33900001');
  await line(1).getByLabel('Descripción').fill('Estudios de mercado');
  await line(1).getByLabel('Monto estimado').fill('80000');
  await buyer.getByLabel('Motivo de la revisión').fill('Ajuste del presupuesto autorizado');
  await buyer.getByRole('button', { name: 'Publicar revisión' }).click();
  await buyer.getByText('Revisión vigente: 2').waitFor();

  await buyer.getByLabel('Procedimiento que ejecuta la línea L1').selectOption({ label: tenderTitle });
  await buyer.getByRole('button', { name: 'Vincular' }).first().click();
  await buyer.getByTestId('plan-link').filter({ hasText: tenderTitle }).waitFor();
  await screenshot(buyer, 'plan-desk');
});

it('the public page shows the revisions with their differences, the totals and planned vs executed', async () => {
  const context = await browser.newContext({ locale: 'es-MX', timezoneId: 'America/Mexico_City' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${world.api.url}/unidades/${unitId}`);
  await page.getByRole('link', { name: 'Programa anual 2026' }).click();
  await page.getByRole('heading', { name: 'Programa anual de adquisiciones 2026' }).waitFor();

  const latest = page.getByTestId('plan-revision').first();
  await latest.getByText('Motivo: Ajuste del presupuesto autorizado').waitFor();
  expect(await latest.getByText('Línea agregada').count()).toBe(1);
  const changes = await latest.getByTestId('amendment-changes').innerText();
  expect(changes.replace(/\s+/g, ' ')).toContain('Monto estimado: $125,000.00 → $150,000.00');
  expect(await page.locator('table.plan-execution tbody tr').innerText()).toMatch(
    /MXN\s+\$230,000\.00\s+\$0\.00\s+\$0\.00/,
  );
  expect(await page.locator('ul.plan-quarters').innerText()).toContain('2.º trimestre: $150,000.00');
  expect(await page.locator('table.plan-lines').innerText()).toContain('Adjudicación directa');
  expect(await page.locator('table.plan-lines').innerText()).not.toContain('direct_award');
  await screenshot(page, 'plan-public');

  await page.getByRole('link', { name: 'Todos los programas del año' }).click();
  await page.getByRole('heading', { name: 'Programas anuales de adquisiciones 2026' }).waitFor();
  expect(await page.locator('table.plans-units tbody tr').innerText()).toMatch(
    /MXN\s+\$230,000\.00\s+\$0\.00\s+\$0\.00/,
  );
  expect(await page.locator('ul.plan-classifier').innerText()).toContain(
    '21100001: $150,000.00 (1 unidades, 1 líneas)',
  );
  await page.getByRole('link', { name: 'Año anterior' }).click();
  await page.getByText('Ninguna unidad ha publicado su programa de este año.').waitFor();
  await page.goBack();
  await page.getByRole('heading', { name: 'Programas anuales de adquisiciones 2026' }).waitFor();
  await page.goBack();

  await page.evaluate(() => localStorage.setItem('licita.language', 'en'));
  await page.reload();
  await page.getByRole('heading', { name: 'Planned vs executed' }).waitFor();
  expect(await page.getByTestId('plan-revision').first().innerText()).toContain(
    'Reason: Ajuste del presupuesto autorizado',
  );
  await context.close();
});
