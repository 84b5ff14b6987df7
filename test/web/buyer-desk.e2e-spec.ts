/**
 * The buyer desk in the browser, two buyers of one unit: a draft saved on the server by one is found by the
 * other; the published call offers the opening act only from its date (and says so); the unit's calendar lists
 * the dates; an amendment shows its changes field by field, on the desk and on the public page; a cancellation
 * carries its reason to the public page. The server's clock is moved between the steps (the browsers' stays real: the desk goes by the server's).
 */
import type { Browser, Page } from 'playwright-core';
import { dateTime } from '../../apps/web/src/format';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { draftLaptopTender } from './buyer-forms';
import { eventually, TenderingApi, type Party } from './scenarios';
import { signedIn, signIn, untilShown } from './sessions';

let world: TenderingApi;
let browser: Browser;
let first: Page;
let second: Page;
let firstParty: Party;
let secondParty: Party;
let tenderId: string;

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T15:00:00.000Z'));
  const unit = await world.buyingUnit();
  [firstParty, secondParty] = await Promise.all([world.buyer(unit), world.buyer(unit)]);
  [first, second] = await Promise.all([
    signedIn(browser, world, firstParty, '**/comprador'),
    signedIn(browser, world, secondParty, '**/comprador'),
  ]);
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

const TITLE = 'Computadoras portátiles para clínicas rurales';
const tenderPage = () => `/comprador/licitaciones/${tenderId}`;

/** Moves the server's clock and signs in again (the jump outlives the tokens). */
async function at(page: Page, party: Party, instant: string, returnTo = tenderPage()) {
  world.clock.set(instant);
  await signIn(page, world, party, returnTo);
}

describe('the buyer desk of a unit with two buyers', () => {
  it("shows a second buyer of the unit the first's draft, saved on the server", async () => {
    tenderId = await draftLaptopTender(first, TITLE);
    await second.reload();
    await untilShown(second, TITLE);
    const drafts = second.locator('section', { has: second.getByRole('heading', { name: 'Borradores de mi unidad' }) });
    await drafts.getByRole('link', { name: TITLE }).click();
    await second.waitForURL(`**${tenderPage()}`);
    await second.getByRole('button', { name: 'Publicar convocatoria' }).waitFor();
    await screenshot(second, 'buyer-shared-draft');
  });

  it('offers the opening act only from its date, saying when, and lists the dates in the calendar', async () => {
    await at(first, firstParty, '2026-03-02T16:00:00.000Z');
    await first.getByRole('button', { name: 'Publicar convocatoria' }).click();
    await untilShown(first, 'Periodo de aclaraciones');
    const notYet = `El acto de apertura es posible a partir del ${dateTime('2026-03-20T17:00:00.000Z')}.`;
    await first.getByText(notYet).waitFor();
    expect(await first.getByRole('button', { name: 'Abrir propuestas' }).count()).toBe(0);

    await first.goto(`${world.api.url}/comprador`);
    const calendar = first.getByTestId('unit-calendar');
    await calendar.waitFor();
    const rows = await calendar.locator('tbody tr').allTextContents();
    expect(rows.filter((row) => row.includes(TITLE))).toEqual([
      expect.stringContaining('Límite para preguntas'),
      expect.stringContaining('Límite para propuestas'),
      expect.stringContaining('Acto de apertura'),
      expect.stringContaining('Fallo'),
    ]);
    expect(rows[2]).toContain(dateTime('2026-03-20T17:00:00.000Z'));
  });

  it('amends the call showing the changes before sending, and the public page shows the diff', async () => {
    await at(first, firstParty, '2026-03-04T16:00:00.000Z');
    await first.getByLabel('Límite para propuestas (nueva fecha)').fill('2026-03-23T10:00');
    await first.getByLabel('Acto de apertura (nueva fecha)').fill('2026-03-23T11:00');
    await first.getByLabel('Título de la convocatoria').fill(`${TITLE} (segunda edición)`);
    const preview = first.getByTestId('amendment-changes');
    expect(await preview.textContent()).toContain(
      `Límite para propuestas: ${dateTime('2026-03-20T16:00:00.000Z')} → ${dateTime('2026-03-23T16:00:00.000Z')}`,
    );
    await first.getByLabel('Motivo de la modificación').fill('Se amplía el plazo a petición de los interesados.');
    await first.getByRole('button', { name: 'Publicar la modificación' }).click();
    await untilShown(first, 'Se amplía el plazo a petición de los interesados.');

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${world.api.url}/licitaciones/${tenderId}`);
    await untilShown(page, 'Se amplía el plazo a petición de los interesados.');
    const diff = (await page.getByTestId('amendment-changes').textContent())!;
    expect(diff).toContain(`Título: ${TITLE} → ${TITLE} (segunda edición)`);
    expect(diff).toContain(
      `Límite para propuestas: ${dateTime('2026-03-20T16:00:00.000Z')} → ${dateTime('2026-03-23T16:00:00.000Z')}`,
    );
    expect(diff).toContain(
      `Acto de apertura: ${dateTime('2026-03-20T17:00:00.000Z')} → ${dateTime('2026-03-23T17:00:00.000Z')}`,
    );
    const amendments = page.locator('section', {
      has: page.getByRole('heading', { name: 'Modificaciones a la convocatoria' }),
    });
    expect(await amendments.textContent()).not.toMatch(/\d+ cambios/);
    await screenshot(page, 'public-amendment-diff');
    await page.context().close();
  });

  it('is cancelled by the other buyer with a reason the public reads, and then offers nothing more', async () => {
    await at(second, secondParty, '2026-03-10T16:00:00.000Z');
    await second.getByLabel('Motivo de la cancelación').fill('No se recibieron propuestas y cambió la necesidad.');
    await second.getByRole('button', { name: 'Cancelar la licitación' }).click();
    await untilShown(second, 'No se recibieron propuestas y cambió la necesidad.');
    expect(await second.getByRole('button', { name: 'Cancelar la licitación' }).count()).toBe(0);
    expect(await second.getByRole('button', { name: 'Publicar la modificación' }).count()).toBe(0);

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${world.api.url}/licitaciones/${tenderId}`);
    await untilShown(page, 'No se recibieron propuestas y cambió la necesidad.');
    await page.context().close();
  });
});

describe('a direct award on the buyer desk (LAASSP art. 41/42)', () => {
  it('awards each lot to the supplier picked for it, one lot an open contract (art. 47) for 0.00; the public page names both', async () => {
    const [laptops, printers] = [await world.supplier('Cómputo del Bajío'), await world.supplier('Impresos del Norte')];
    await at(first, firstParty, '2026-03-11T16:00:00.000Z', '/comprador');
    await first.getByRole('button', { name: 'Nueva licitación' }).click();
    await first.getByLabel('Título', { exact: true }).fill('Adjudicación directa de equipo y consumibles');
    await first.getByLabel('Descripción', { exact: true }).fill('Abasto urgente por caso fortuito.');
    await first.getByLabel('Tipo de procedimiento').selectOption('direct_award');
    await first.getByLabel('Justificación', { exact: true }).fill('Caso fortuito que impide una licitación.');
    const lot = async (index: number, title: string, quantity: string, price: string) => {
      await first.getByLabel('Nombre de la partida').nth(index).fill(title);
      await first.getByLabel('Agregar concepto del clasificador').nth(index).fill('ordenadores portátiles');
      await first.getByRole('button', { name: /30213100-6/ }).click();
      await first.getByLabel('Cantidad').nth(index).fill(quantity);
      await first.getByLabel('Precio unitario estimado (MXN)').nth(index).fill(price);
    };
    await lot(0, 'Computadoras portátiles', '20', '24,000.00');
    await first.getByRole('button', { name: 'Agregar partida' }).click();
    await lot(1, 'Computadoras bajo pedido', '10', '20,000.00');
    await first.locator('input[name="lot-1-open"]').check();
    await first.locator('input[name="lot-1-minimum"]').fill('100,000.00');
    await first.locator('input[name="lot-1-maximum"]').fill('250,000.00');
    await first.getByRole('button', { name: 'Guardar borrador' }).click();
    await first.waitForURL('**/comprador/licitaciones/*');
    const directId = first.url().split('/').at(-1)!;

    const supplierOf = (index: number) => first.locator(`select[name="direct-supplier-${index}"]`);
    await supplierOf(1).locator(`option[value="${printers.supplierId}"]`).waitFor({ state: 'attached' });
    await supplierOf(0).selectOption(laptops.supplierId);
    await supplierOf(1).selectOption(printers.supplierId);
    expect(await first.locator('input[name="direct-amount-1"]').inputValue()).toBe('0.00');
    await first.getByRole('button', { name: 'Adjudicar directamente' }).click();
    await first.getByRole('button', { name: 'Adjudicar directamente' }).waitFor({ state: 'detached' });

    const awards = await eventually('both direct awards', async () => {
      const events = await world.events(`tender-${directId}`);
      const awarded = events.filter((event) => event.type === 'LotAwarded').map((event) => event.data as any);
      return awarded.length === 2 && awarded;
    });
    expect(awards.map((a: any) => [a.lotId, a.supplierId, a.amount.amount, a.openContract?.maximum.amount])).toEqual([
      ['lot-1', laptops.supplierId, 48_000_000, undefined],
      ['lot-2', printers.supplierId, 0, 25_000_000],
    ]);

    const contract = { tenderId: directId, lotId: 'lot-2', startDate: '2026-03-12T06:00:00.000Z' };
    const signed = await firstParty.post('/api/contracts', { ...contract, endDate: '2026-12-31T06:00:00.000Z' });
    expect(signed).toMatchObject({ status: 201, body: { supplierId: printers.supplierId } });

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${world.api.url}/licitaciones/${directId}`);
    const open = page.getByTestId('contract').getByTestId('open-contract');
    await open.waitFor();
    expect(await open.textContent()).toBe('Contrato abierto (LAASSP art. 47), máximo $250,000.00');
    const named = page.getByTestId('direct-award').getByTestId('direct-suppliers');
    await named.waitFor();
    expect(await named.textContent()).toMatch(/Cómputo del Bajío.*Impresos del Norte/);
    await screenshot(page, 'public-direct-award-two-suppliers');
    await page.context().close();
  });
});
