/**
 * Market research in the browser, against the real API: the buyer asks for indicative prices with an item from
 * the classifier; a supplier of that code finds the request on its desk, answers and revises; the buyer sees
 * the answers and the statistics, and after the deadline attaches the research to a draft of its unit; once
 * that tender is published its public page shows the statistics alone, labelled indicative. Every page that
 * shows a price says it is not an offer.
 */
import type { Browser, Page } from 'playwright-core';
import { aTender } from '../api/tendering/tendering-api';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { at, DAY, HOUR, TenderingApi, type Party } from './scenarios';
import { signedIn as sessionFor, untilShown } from './sessions';

const SENT = '2026-03-02T15:00:00.000Z';
const DEADLINE_LOCAL = '2026-03-05T09:00'; // Mexico City: 15:00 UTC
const PUBLISHED = '2026-03-06T16:00:00.000Z';
const NOT_AN_OFFER = 'no son ofertas';

let world: TenderingApi;
let browser: Browser;
let buyer: Page;
let supplier: Page;
let buyerParty: Party;
let bajio: Party;
let norte: Party;
let unitId: string;
let researchPath: string;

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start(SENT));
  unitId = await world.buyingUnit();
  [buyerParty, bajio, norte] = await Promise.all([
    world.buyer(unitId),
    world.supplier('Cómputo del Bajío'),
    world.supplier('Sistemas del Norte', { classifierCodes: ['30200000-1'] }),
  ]);
  await world.api.caughtUp();
  [buyer, supplier] = await Promise.all([
    sessionFor(browser, world, buyerParty, '**/comprador'),
    sessionFor(browser, world, bajio, '**/proveedor'),
  ]);
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

const mainText = async (page: Page) => (await page.textContent('main')) ?? '';

describe('market research from request to the public tender page', () => {
  it('is requested by the buyer with an item from the classifier', async () => {
    await buyer.getByRole('link', { name: 'Investigaciones de mercado' }).click();
    await buyer.getByRole('button', { name: 'Nueva investigación de mercado' }).click();
    await buyer.getByLabel('Título').fill('Precios de computadoras portátiles');
    await buyer.getByLabel('Fecha límite de respuestas').fill(DEADLINE_LOCAL);
    await buyer.getByLabel('Agregar concepto del clasificador').fill('ordenadores portátiles');
    await buyer.getByRole('button', { name: /30213100-6/ }).click();
    await buyer.getByLabel('Cantidad').fill('40');
    await buyer.getByRole('button', { name: 'Enviar solicitud de precios' }).click();
    await buyer.waitForURL('**/comprador/investigaciones/*');
    researchPath = new URL(buyer.url()).pathname;
    await untilShown(buyer, '0 de 2 proveedores respondieron');
  });

  it('is answered and revised by a supplier of the code, on its desk, as no offer', async () => {
    world.clock.set(at(SENT, HOUR));
    await supplier.reload();
    await supplier.getByRole('link', { name: 'Solicitudes de precios (investigación de mercado)' }).click();
    await supplier.getByRole('link', { name: 'Precios de computadoras portátiles' }).click();
    await supplier.getByText(NOT_AN_OFFER).waitFor();
    await supplier.getByLabel(/Precio unitario de/).fill('24,500.00');
    await supplier.getByRole('button', { name: 'Enviar respuesta' }).click();
    await supplier.getByTestId('own-answer').getByText('$24,500.00').waitFor();

    world.clock.set(at(SENT, DAY));
    await supplier.getByLabel(/Precio unitario de/).fill('23,999.50');
    await supplier.getByRole('button', { name: 'Enviar revisión' }).click();
    await supplier.getByTestId('own-answer').getByText('revisión 2').waitFor();
    expect(await supplier.getByTestId('own-answer').textContent()).toContain('$23,999.50');
    await screenshot(supplier, 'supplier-market-research');
  });

  it("shows the buyer every answer and the statistics, never mixing a supplier's price with another's", async () => {
    const [research] = (
      await world.api.call('GET', '/api/market-research', { token: await world.api.login(norte.email) })
    ).body as Array<{ researchId: string }>;
    expect(
      (
        await norte.call('PUT', `/api/market-research/${research.researchId}/answer`, {
          prices: [{ itemId: 'item-1', unitPrice: { amount: 2_500_000, currency: 'MXN' } }],
        })
      ).status,
    ).toBe(200);
    await untilShown(buyer, '2 de 2 proveedores respondieron');
    const statistic = buyer.getByTestId('research-statistic');
    // Median of 23,999.50 and 25,000.00; spread 1,000.50 / 24,499.75 = 4.08 %.
    for (const shown of ['$23,999.50', '$24,499.75', '$25,000.00', '4.08 %'])
      await statistic.getByText(shown).waitFor();
    expect(await buyer.getByTestId('research-answer').count()).toBe(2);
    expect(await mainText(buyer)).toContain('Cómputo del Bajío, S.A. de C.V.');
    expect(await mainText(buyer)).toContain(NOT_AN_OFFER);
    await screenshot(buyer, 'buyer-market-research');
    // The supplier still sees its own price only.
    await supplier.reload();
    await supplier.getByTestId('own-answer').waitFor();
    expect(await mainText(supplier)).not.toContain('25,000.00');
  });

  it('is attached by the buyer to a draft after the deadline; the public sees the statistics once published', async () => {
    world.clock.set('2026-03-05T16:00:00.000Z');
    const draft = await buyerParty.post('/api/tenders', {
      ...aTender(unitId, PUBLISHED),
      title: 'Computadoras portátiles para hospitales',
    });
    expect(draft.status).toBe(201);
    await buyer.goto(`${world.api.url}${researchPath}`); // the session refreshes its token: 3 days < 7
    await buyer
      .getByLabel('Procedimiento de mi unidad')
      .selectOption({ label: 'Computadoras portátiles para hospitales' });
    await buyer.getByRole('button', { name: 'Vincular investigación' }).click();
    await untilShown(buyer, 'Procedimiento vinculado');

    world.clock.set(PUBLISHED);
    expect((await buyerParty.post(`/api/tenders/${draft.body.tenderId}/publish`)).status).toBe(200);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${world.api.url}/licitaciones/${draft.body.tenderId}`);
    await untilShown(page, 'Investigación de mercado (precios indicativos)');
    const block = (await page.getByTestId('market-research').textContent()) ?? '';
    expect(block).toContain('2 proveedores respondieron');
    expect(block).toContain('$24,499.75');
    expect(block).toContain(NOT_AN_OFFER);
    for (const hidden of ['Cómputo del Bajío', 'Sistemas del Norte', bajio.supplierId])
      expect(block).not.toContain(hidden);
    await screenshot(page, 'tender-market-research');
  });
});
