/**
 * A contract's execution in the browser: the buyer schedules a delivery and records its receipt on the desk,
 * accepts the supplier's invoice and records the payment; the public procedure page shows the delivery missing
 * after its due date, then late, and the payment made after the 20 calendar days of LAASSP art. 51. The server's
 * clock is moved between the steps (the desk goes by the server's clock).
 */
import type { Browser, Page } from 'playwright-core';
import { aContract, aDirectAward } from '../api/tendering/tendering-api';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { eventually, TenderingApi, type Party } from './scenarios';
import { signedIn, signIn, untilShown } from './sessions';

let world: TenderingApi;
let browser: Browser;
let buyer: Page;
let buyerParty: Party;
let supplier: Party;
let tenderId: string;
let contractId: string;
let quantity: number;

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T16:00:00.000Z'));
  const unitId = await world.buyingUnit();
  buyerParty = await world.buyer(unitId);
  supplier = await world.supplier('Papelera del Centro');
  const now = world.clock.now().toISOString();
  tenderId = (await buyerParty.post('/api/tenders', aDirectAward(unitId, now, supplier.supplierId))).body.tenderId;
  await buyerParty.post(`/api/tenders/${tenderId}/direct-award`, { lots: [{ lotId: 'lot-1', amount: 26_000_000 }] });
  contractId = (await buyerParty.post('/api/contracts', aContract(tenderId, now))).body.contractId;
  quantity = (await world.anonymous('GET', `/api/contracts/${contractId}`)).body.items[0].quantity;
  buyer = await signedIn(browser, world, buyerParty, '**/comprador');
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

const deskPage = () => `/comprador/licitaciones/${tenderId}`;

async function moveTo(instant: string) {
  world.clock.set(instant);
  await signIn(buyer, world, buyerParty, deskPage());
}

describe('the execution of a contract, in the browser', () => {
  it('the buyer schedules and receives a delivery; the public sees it missing, then late', async () => {
    await moveTo('2026-03-02T17:00:00.000Z');
    const desk = buyer.getByTestId('execution-desk');
    await desk.getByLabel('Cantidad a entregar').fill(String(quantity));
    await desk.getByLabel('Lugar de entrega').fill('Almacén central');
    await desk.getByLabel('Fecha límite de entrega').fill('2026-03-10');
    await desk.getByRole('button', { name: 'Programar la entrega' }).click();
    await untilShown(buyer, 'Almacén central');

    await moveTo('2026-03-12T17:00:00.000Z');
    const half = String(quantity / 2);
    await desk.getByLabel('Cantidad recibida').fill(half);
    await desk.getByRole('button', { name: 'Registrar la recepción' }).click();
    await untilShown(buyer, `${half} / ${quantity}`);

    const visitor = await browser.newPage();
    await visitor.goto(`${world.api.url}/licitaciones/${tenderId}`);
    await untilShown(visitor, 'faltante: venció hace 2 días');

    await moveTo('2026-03-13T17:00:00.000Z');
    await desk.getByLabel('Cantidad recibida').fill(half);
    await desk.getByRole('button', { name: 'Registrar la recepción' }).click();
    await untilShown(buyer, 'atrasada 3 días');
    await visitor.reload();
    await untilShown(visitor, 'atrasada 3 días');
    await visitor.close();
  });

  it('the supplier registers its invoice; the buyer accepts and pays it late; the public sees the late payment', async () => {
    const desk = await signedIn(browser, world, supplier, '**/proveedor');
    const form = desk.getByTestId('invoice-form');
    await form.getByLabel('Folio fiscal (UUID) del CFDI').fill('6f1b2c3d-1234-4abc-9def-0123456789ab');
    await form.getByLabel('Serie y folio').fill('A-1043');
    await form.getByLabel('Total de la factura (MXN)').fill('260,000.00');
    await form.getByLabel('Fecha de emisión').fill('2026-03-13');
    await desk.getByRole('button', { name: 'Registrar la factura' }).click();
    await eventually('the invoice is registered', async () => {
      const view = await world.anonymous('GET', `/api/contracts/${contractId}/execution`);
      return view.body.invoices.length === 1;
    });
    await desk.close();
    await moveTo('2026-03-16T17:00:00.000Z');
    await buyer.getByRole('button', { name: 'Aceptar la factura A-1043' }).click();
    await buyer.getByLabel('Monto pagado (MXN)').waitFor();

    await moveTo('2026-04-08T18:00:00.000Z');
    await buyer.getByLabel('Monto pagado (MXN)').fill('260,000.00');
    await buyer.getByRole('button', { name: 'Registrar el pago' }).click();
    await untilShown(
      buyer,
      'Factura A-1043 pagada 3 días después del plazo legal de 20 días naturales (LAASSP art. 51).',
    );
    await screenshot(buyer, 'buyer-contract-execution');

    const visitor = await browser.newPage();
    await visitor.goto(`${world.api.url}/licitaciones/${tenderId}`);
    await untilShown(visitor, 'Factura A-1043 pagada 3 días después del plazo legal');
    expect(await visitor.getByTestId('execution-payments').textContent()).toContain('$260,000.00');
    await visitor.close();
  });

  it('the buyer records the penalty cap, the guarantee and a penalty for the late delivery', async () => {
    const desk = buyer.getByTestId('execution-desk');
    await desk.getByLabel('Tope de penas convencionales (MXN)').fill('26,000.00');
    await desk.getByLabel('Cláusula del contrato que lo fija').fill('Cláusula décima');
    await desk.getByRole('button', { name: 'Registrar el tope de penas' }).click();
    await desk.getByLabel('Monto de la pena (MXN)').waitFor();
    await desk.getByLabel('Monto de la fianza (MXN)').fill('26,000.00');
    await desk.getByLabel('Afianzadora').fill('Afianzadora Ejemplo');
    await desk.getByLabel('Número de póliza').fill('F-2026-001');
    await desk.getByRole('button', { name: 'Registrar la garantía' }).click();
    await untilShown(buyer, 'Garantía de cumplimiento de Afianzadora Ejemplo');
    await desk.getByLabel('Monto de la pena (MXN)').fill('3,900.00');
    await desk.getByLabel('Motivo de la pena').fill('Tres días de atraso');
    await desk.getByRole('button', { name: 'Aplicar la pena convencional' }).click();
    await untilShown(buyer, 'Tres días de atraso');
    expect(await buyer.getByTestId('execution-penalties').textContent()).toContain('$3,900.00');
  });
});
