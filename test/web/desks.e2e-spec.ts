/**
 * A procedure from draft to contract, all in the browser: a buyer drafts a tender with an item chosen from the
 * classifier and publishes it; a supplier finds it on its desk, asks a question and submits a sealed proposal
 * (getting its receipt); the buyer answers, holds the opening act, evaluates, awards and records the contract;
 * the public page shows the contract. The server's clock is moved between the steps.
 */
import type { Browser, Page } from 'playwright-core';
import { closeWithBrowser, startWithBrowser, screenshot } from './browser';
import { at, DAY, HOUR, TenderingApi, type Party } from './scenarios';
import { signedIn as sessionFor, signIn as signInAs, untilShown } from './sessions';

let world: TenderingApi;
let browser: Browser;
let buyer: Page;
let supplier: Page;
let tenderId: string;
let buyerParty: Party;
let supplierParty: Party;

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T15:00:00.000Z'));
  buyerParty = await world.buyer(await world.buyingUnit());
  supplierParty = await world.supplier('Cómputo del Bajío');
  [buyer, supplier] = await Promise.all([
    signedIn(buyerParty, '**/comprador'),
    signedIn(supplierParty, '**/proveedor'),
  ]);
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

const signedIn = (party: Party, desk: string) => sessionFor(browser, world, party, desk);
const signIn = (page: Page, party: Party, returnTo?: string) => signInAs(page, world, party, returnTo);

describe('a procedure from draft to contract in the browser', () => {
  it('is drafted by the buyer with an item from the classifier, and published', async () => {
    await buyer.getByRole('button', { name: 'Nueva licitación' }).click();
    await buyer.getByLabel('Título').fill('Computadoras portátiles para hospitales');
    await buyer.getByLabel('Descripción', { exact: true }).fill('Equipos para las unidades médicas de la región.');
    const schedule = {
      Publicación: '2026-03-02T10:00',
      'Límite para preguntas': '2026-03-09T10:00',
      'Límite para propuestas': '2026-03-20T10:00',
      'Acto de apertura': '2026-03-20T11:00',
      Fallo: '2026-03-27T10:00',
    };
    for (const [field, value] of Object.entries(schedule)) await buyer.getByLabel(field, { exact: true }).fill(value);
    await buyer.getByLabel('Nombre de la partida').fill('Computadoras portátiles');
    await buyer.getByLabel('Agregar concepto del clasificador').fill('ordenadores portátiles');
    await buyer.getByRole('button', { name: /30213100-6/ }).click();
    await buyer.getByLabel('Cantidad').fill('20');
    await buyer.getByLabel('Precio unitario estimado (MXN)').fill('24,000.00');
    await buyer.getByText('$480,000.00').first().waitFor();
    await screenshot(buyer, 'buyer-new-tender');
    await buyer.getByRole('button', { name: 'Guardar borrador' }).click();
    await buyer.waitForURL('**/comprador/licitaciones/*');
    tenderId = buyer.url().split('/').at(-1)!;

    world.clock.set('2026-03-02T16:00:00.000Z');
    await buyer.getByRole('button', { name: 'Publicar convocatoria' }).click();
    await untilShown(buyer, 'Periodo de aclaraciones');
  });

  it('is found by a supplier with a matching classifier code, who asks and submits a sealed proposal', async () => {
    world.clock.set(at('2026-03-02T16:00:00.000Z', DAY));
    await untilShown(supplier, 'Computadoras portátiles para hospitales');
    await screenshot(supplier, 'supplier-desk');
    await supplier.getByRole('link', { name: 'Computadoras portátiles para hospitales' }).click();
    await supplier.getByLabel('Pregunta').fill('¿Se aceptan equipos reacondicionados?');
    await supplier.getByRole('button', { name: 'Enviar pregunta' }).click();
    await supplier.getByText('Pregunta enviada.').waitFor();

    await untilShown(buyer, '¿Se aceptan equipos reacondicionados?');
    await buyer.getByLabel('Respuesta').fill('No; los equipos deben ser nuevos.');
    await buyer.getByRole('button', { name: 'Responder' }).click();
    await untilShown(buyer, 'No; los equipos deben ser nuevos.');

    world.clock.set('2026-03-10T16:00:00.000Z');
    await signIn(supplier, supplierParty, `/proveedor?licitacion=${tenderId}`);
    await supplier.getByPlaceholder('Precio unitario (MXN)').fill('23,500.00');
    await supplier.getByText('$470,000.00').waitFor();
    await supplier.getByRole('button', { name: 'Presentar propuesta' }).click();
    await supplier.getByTestId('receipt').waitFor();
    expect(await supplier.getByTestId('receipt').textContent()).toMatch(/Compromiso \(SHA-256\)[0-9a-f]{64}/);
    await screenshot(supplier, 'supplier-receipt');
  });

  it('is opened, evaluated, awarded and contracted by the buyer, and the public sees the contract', async () => {
    world.clock.set('2026-03-20T17:00:00.000Z');
    await signIn(buyer, buyerParty, `/comprador/licitaciones/${tenderId}`);
    await buyer.getByRole('button', { name: 'Abrir propuestas' }).click();
    await untilShown(buyer, 'Concluir la evaluación');
    await buyer.getByRole('button', { name: 'Registrar', exact: true }).click();
    await buyer.getByText('Solvente', { exact: true }).waitFor();
    await buyer.getByRole('button', { name: 'Concluir la evaluación' }).click();
    await untilShown(buyer, 'Emitir el fallo');
    await buyer.getByRole('button', { name: 'Emitir el fallo' }).click();
    await untilShown(buyer, 'La firma del contrato es posible a partir del');

    world.clock.set(at('2026-03-20T17:00:00.000Z', 10 * DAY + HOUR));
    await signIn(buyer, buyerParty, `/comprador/licitaciones/${tenderId}`);
    await buyer.getByLabel('Inicio', { exact: true }).fill('2026-04-01');
    await buyer.getByLabel('Fin', { exact: true }).fill('2026-09-30');
    await buyer.getByRole('button', { name: /Registrar contrato firmado/ }).click();
    await untilShown(buyer, 'contrato');
    await screenshot(buyer, 'buyer-tender-contracted');

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${world.api.url}/licitaciones/${tenderId}`);
    await untilShown(page, 'Vigente');
    const text = (await page.textContent('main'))!;
    expect(text).toContain('Computadoras portátiles para hospitales');
    expect(text).toContain('No; los equipos deben ser nuevos.');
    expect(text).toContain('$470,000.00');
    expect(await page.getByTestId('contract').count()).toBe(1);
  });
});
