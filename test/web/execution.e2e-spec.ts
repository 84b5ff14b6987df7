/**
 * A contract's execution in the browser: the buyer schedules a delivery and records its receipt on the desk,
 * rejects a wrong invoice with its reason, accepts the supplier's invoice (registered with its CFDI XML) and
 * records the payment; the public procedure page shows the delivery missing after its due date, then late, and
 * the payment made after the 20 calendar days of LAASSP art. 51, and the statistics page counts it. Once the
 * contract is completed the buyer releases the guarantee. The server's clock is moved between the steps (the desk
 * goes by the server's clock).
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
/** A CFDI's XML as the supplier uploads it: the parties' RFCs are in it, and must never reach the public. */
const CFDI_XML = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Folio="1043" Total="260000.00"><cfdi:Emisor Rfc="RFC_DEL_PROVEEDOR"/></cfdi:Comprobante>',
);

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

  it("the buyer rejects a wrong invoice with its reason, shown on the contract's panel", async () => {
    const wrong = await supplier.post(`/api/contracts/${contractId}/execution/invoices`, {
      invoiceId: 'F0',
      cfdiUuid: '0a1b2c3d-1234-4abc-9def-0123456789ab',
      folio: 'A-1042',
      amount: 26_000_000,
      issuedAt: '2026-03-13T16:00:00.000Z',
    });
    expect(wrong.status).toBe(200);
    await moveTo('2026-03-14T17:00:00.000Z');
    await buyer.getByLabel('Motivo del rechazo de la factura A-1042').fill('El receptor no es la dependencia');
    await buyer.getByRole('button', { name: 'Rechazar la factura A-1042' }).click();
    await untilShown(buyer, 'Factura A-1042 rechazada: El receptor no es la dependencia');
  });

  it('the supplier registers its invoice with the XML; the buyer accepts and pays it late; the public sees the late payment', async () => {
    const desk = await signedIn(browser, world, supplier, '**/proveedor');
    const form = desk.getByTestId('invoice-form');
    await form
      .getByLabel('XML del CFDI')
      .setInputFiles({ name: 'A-1043.xml', mimeType: 'application/xml', buffer: CFDI_XML });
    await form.getByLabel('Folio fiscal (UUID) del CFDI').fill('6f1b2c3d-1234-4abc-9def-0123456789ab');
    await form.getByLabel('Serie y folio').fill('A-1043');
    await form.getByLabel('Total de la factura (MXN)').fill('260,000.00');
    await form.getByLabel('Fecha de emisión').fill('2026-03-13');
    await desk.getByRole('button', { name: 'Registrar la factura' }).click();
    await eventually('the invoice is registered', async () => {
      const view = await world.anonymous('GET', `/api/contracts/${contractId}/execution`);
      return view.body.invoices.length === 2 && view.body.invoices[1].xmlFiled === true;
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
    expect(await visitor.getByTestId('execution-invoices').textContent()).toContain('XML presentado');
    expect(await visitor.content()).not.toContain('RFC_DEL_PROVEEDOR');
    await visitor.goto(`${world.api.url}/estadisticas`);
    await untilShown(visitor, 'Ejecución de contratos: entregas y pagos atrasados');
    // One delivery, late; one accepted invoice, paid 3 days late (the rejected one has no term).
    const figures = visitor.getByTestId('execution-statistics');
    await eventually('the statistics count the late payment', async () => {
      const text = (await figures.textContent()) ?? '';
      if (text.includes('$260,000.00')) return true;
      await visitor.reload();
      return false;
    });
    expect(await figures.textContent()).toContain('1 / 1');
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

  it('the buyer releases the guarantee once the contract is completed', async () => {
    expect(await buyerParty.post(`/api/contracts/${contractId}/complete`)).toMatchObject({ status: 200 });
    await untilShown(buyer, 'Motivo de la liberación');
    await buyer.getByLabel('Motivo de la liberación').fill('Contrato cumplido');
    await buyer.getByRole('button', { name: 'Liberar la garantía F-2026-001' }).click();
    await untilShown(buyer, 'Garantía F-2026-001 liberada: Contrato cumplido');
  });
});
