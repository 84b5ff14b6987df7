/**
 * Framework agreements in the browser: the central body's buyer establishes an agreement from its awarded
 * procedure (catalogue item, both suppliers' prices, ceiling, validity, states); an authorised unit's buyer finds
 * the item in the catalogue, compares the suppliers, adds the cheaper one to the cart and orders; the supplier
 * accepts the order on its desk; the public agreement page shows what remains of the ceiling.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { BuyingUnitRegistry } from '@licita/buying-units/application/buying-unit-registry';
import { aTender, twoLots } from '../api/tendering/tendering-api';
import { closeWithBrowser, startWithBrowser } from './browser';
import { TenderingApi, type Party } from './scenarios';
import { signedIn, untilShown } from './sessions';

let world: TenderingApi;
let browser: Browser;
let centralCode: string;
let orderingCode: string;
let orderingUnit: string;
let registrar: Party;
let central: Party;
let buyer: Party;
let paperCo: Party;
let officeCo: Party;
const START = '2026-03-02T16:00:00.000Z';

jest.setTimeout(90_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start(START));
  let centralUnit: string;
  [centralUnit, orderingUnit] = await Promise.all([world.buyingUnit(), world.buyingUnit()]);
  await world.api.api.app.get(BuyingUnitRegistry).setLocation(
    {
      type: 'SetBuyingUnitLocation',
      buyingUnitId: orderingUnit,
      location: { stateCode: '09', municipalityCode: null },
    },
    { actor: 'system', correlationId: randomUUID(), now: world.clock.now() },
  );
  centralCode = `UC-${centralUnit.slice(0, 8).toUpperCase()}`;
  orderingCode = `UC-${orderingUnit.slice(0, 8).toUpperCase()}`;
  [central, buyer, registrar, paperCo, officeCo] = await Promise.all([
    world.buyer(centralUnit),
    world.buyer(orderingUnit),
    world.registrar(),
    world.supplier('Papelera del Centro'),
    world.supplier('Oficinas Integrales'),
  ]);
  const created = await central.post('/api/tenders', {
    ...aTender(centralUnit, START, { ...twoLots(), title: 'Papelería para oficinas federales 2026' }),
    procedureType: 'direct_award',
    schedule: null,
    directAward: { justification: { article: 'LAASSP art. 41 fr. I', text: 'Convenio marco.' } },
  });
  const awarded = await central.post(`/api/tenders/${created.body.tenderId}/direct-award`, {
    lots: [
      { lotId: 'lot-1', supplierId: paperCo.supplierId, amount: 100_000 },
      { lotId: 'lot-2', supplierId: officeCo.supplierId, amount: 100_000 },
    ],
  });
  expect(awarded.status).toBe(200);
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

it('designate → establish → catalogue search → cart → orders → the suppliers accept and reject', async () => {
  const registrarDesk = await signedIn(browser, world, registrar, '**/registrador');
  const bodies = registrarDesk.locator('section', { hasText: 'Áreas consolidadoras' });
  await bodies.getByLabel('Unidad por designar').selectOption({ label: `${centralCode} · Unidad ${centralCode}` });
  await bodies.getByRole('button', { name: 'Designar área consolidadora' }).click();
  await bodies.getByTestId('central-bodies').getByText(`Unidad ${centralCode}`).waitFor();
  await registrarDesk.context().close();

  const desk = await signedIn(browser, world, central, '**/comprador');
  await desk.getByRole('link', { name: 'Establecer un convenio marco' }).click();
  await desk.getByLabel('Procedimiento adjudicado').selectOption({ label: 'Papelería para oficinas federales 2026' });
  await desk.getByLabel('Título del convenio').fill('Papel bond para oficinas 2026');
  await desk.getByLabel('Vigente desde').fill('2026-03-01');
  await desk.getByLabel('Vigente hasta').fill('2027-03-01');
  await desk.getByLabel('Entidades que cubre').selectOption(['09', '15']);
  await desk
    .getByLabel('Unidades autorizadas (ninguna elegida: todas)')
    .selectOption({ label: `${orderingCode} · Unidad ${orderingCode}` });
  await desk.getByLabel('Monto máximo (MXN)').fill('20000.00');
  await desk.getByLabel('Clave CUCoP').fill('21100001');
  await desk.getByLabel('Descripción').fill('Papel bond tamaño carta, caja de 5,000 hojas');
  await desk.getByLabel('Unidad de medida').fill('caja');
  await desk.getByLabel('Precio unitario de Papelera del Centro, S.A. de C.V.').fill('512.00');
  await desk.getByLabel('Precio unitario de Oficinas Integrales, S.A. de C.V.').fill('498.50');
  await desk.getByRole('button', { name: 'Establecer convenio marco' }).click();
  await desk.waitForURL('**/convenios-marco/*');
  await desk.getByTestId('framework-remaining').getByText('Disponible: $20,000.00').waitFor();
  const agreementPath = new URL(desk.url()).pathname;
  const established = (
    await world.anonymous('GET', `/api${agreementPath.replace('/convenios-marco', '/framework-agreements')}`)
  ).body;
  expect(established.authorisedBuyingUnitIds).toEqual([orderingUnit]);
  expect(established.regions).toEqual(['09', '15']);
  await desk.context().close();

  const shop = await signedIn(browser, world, buyer, '**/comprador');
  await shop.getByRole('link', { name: 'Comprar por catálogo (convenios marco)' }).click();
  await shop.getByLabel('Buscar en el catálogo').fill('papel carta');
  await shop.getByRole('button', { name: 'Buscar', exact: true }).click();
  await untilShown(shop, 'Papel bond tamaño carta');
  const item = shop.getByTestId('catalogue-item').filter({ hasText: 'Papel bond tamaño carta' });
  // Compared cheapest first.
  await expect(item.locator('tbody tr').allInnerTexts()).resolves.toEqual([
    expect.stringContaining('Oficinas Integrales'),
    expect.stringContaining('Papelera del Centro'),
  ]);
  await item.getByRole('button', { name: /Agregar al carrito: .* de Oficinas Integrales/ }).click();
  await item.getByRole('button', { name: /Agregar al carrito: .* de Papelera del Centro/ }).click();
  const cart = shop.getByTestId('cart-order');
  await expect(cart.count()).resolves.toBe(2);
  await cart
    .filter({ hasText: 'Oficinas Integrales' })
    .getByLabel('Cantidad de Papel bond tamaño carta, caja de 5,000 hojas')
    .fill('4');
  await cart.filter({ hasText: 'Oficinas Integrales' }).getByRole('button', { name: 'Hacer pedido' }).click();
  await shop.getByText('Pedido enviado al proveedor.').waitFor();
  await cart.filter({ hasText: 'Papelera del Centro' }).getByRole('button', { name: 'Hacer pedido' }).click();
  await shop.getByText('Tu carrito está vacío.').waitFor();
  await shop.context().close();

  const otherDesk = await signedIn(browser, world, paperCo, '**/proveedor');
  await untilShown(otherDesk, 'Papel bond para oficinas 2026');
  const declined = otherDesk.getByTestId('framework-order').filter({ hasText: 'Papel bond para oficinas 2026' });
  await declined.getByLabel('Motivo del rechazo').fill('Sin existencias en la región');
  await declined.getByRole('button', { name: 'Rechazar pedido' }).click();
  await declined.getByText('Rechazado').waitFor();
  await declined.getByText('Sin existencias en la región').waitFor();
  await otherDesk.context().close();

  const supplierDesk = await signedIn(browser, world, officeCo, '**/proveedor');
  await untilShown(supplierDesk, 'Papel bond para oficinas 2026');
  const order = supplierDesk.getByTestId('framework-order').filter({ hasText: 'Papel bond para oficinas 2026' });
  await order.getByText('$1,994.00').first().waitFor();
  await order.getByRole('button', { name: 'Aceptar pedido' }).click();
  await order.getByText('Aceptado').waitFor();
  await supplierDesk.context().close();

  const publicPage = await browser.newPage({ locale: 'es-MX' });
  await publicPage.goto(`${world.api.url}${agreementPath}`);
  await publicPage.getByTestId('framework-remaining').getByText('Disponible: $18,006.00').waitFor();
  await publicPage.getByText('Aceptado').waitFor();
  await publicPage.getByText('Rechazado').waitFor();
  await publicPage.close();
});
