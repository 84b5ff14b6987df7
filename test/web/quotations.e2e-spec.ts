/**
 * Quick quotations in the browser: the buyer publishes a request on its desk, a supplier quotes on its own desk
 * (sealed: the public page shows no price), the deadline passes and the scheduler opens the quotations, the buyer
 * marks the lowest one non-compliant with a reason and issues the order to the next lowest; then a mini-competition
 * among a framework agreement's suppliers, published from the same form and ordered against the agreement.
 */
import { randomUUID } from 'node:crypto';
import { QueryBus } from '@nestjs/cqrs';
import type { Browser, Page } from 'playwright-core';
import { BuyingUnitRegistry } from '@licita/buying-units/application/buying-unit-registry';
import { GetFrameworkAgreementQuery } from '@licita/frameworks';
import { CommandScheduler } from '@licita/scheduling/command-scheduler';
import { aTender, twoLots } from '../api/tendering/tendering-api';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { at, DAY, HOUR, TenderingApi, type Party } from './scenarios';
import { signedIn } from './sessions';

const P = '2026-03-02T16:00:00.000Z'; // 10:00 in Mexico City
const DEADLINE_LOCAL = '2026-03-03T10:00'; // P + 1 day, Mexico City

let world: TenderingApi;
let browser: Browser;
let buyerParty: Party;
let cheap: Party;
let other: Party;
let buyer: Page;
let rfqId: string;

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start(P));
  buyerParty = await world.buyer(await world.buyingUnit());
  cheap = await world.supplier('Cómputo Barato');
  other = await world.supplier('Equipos Confiables');
  buyer = await signedIn(browser, world, buyerParty, '**/comprador');
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

describe('a quick quotation from request to order', () => {
  it('the buyer publishes a request for the suppliers of a code', async () => {
    await buyer.getByRole('link', { name: 'Cotizaciones ágiles' }).click();
    await buyer.getByLabel('Título').fill('Computadoras portátiles para capacitación');
    await buyer.getByLabel('Clave del clasificador').fill('30213100-6');
    await buyer.getByLabel('Cantidad').fill('4');
    await buyer.getByLabel('Monto estimado (pesos)').fill('120,000.00');
    await buyer.getByLabel('Fecha límite (hora de la Ciudad de México)').fill(DEADLINE_LOCAL);
    await buyer.getByRole('button', { name: 'Publicar solicitud' }).click();
    const link = buyer.getByTestId('rfq-row').getByRole('link', { name: 'Computadoras portátiles para capacitación' });
    await link.waitFor();
    rfqId = (await link.getAttribute('href'))!.split('/').pop()!;
  });

  it('a supplier quotes on its desk and sees its receipt; the public page shows no price', async () => {
    world.clock.set(at(P, HOUR));
    const supplier = await signedIn(browser, world, cheap, '**/proveedor');
    await supplier.getByRole('link', { name: 'Solicitudes de cotización' }).click();
    const card = supplier.getByTestId('supplier-rfq');
    await card.getByLabel('Monto total (pesos)').fill('98,765.43');
    await card.getByRole('button', { name: 'Enviar cotización' }).click();
    await card.getByTestId('quotation-receipt').waitFor();
    expect(await card.getByTestId('quotation-receipt').textContent()).toMatch(/huella SHA-256 [0-9a-f]{64}/);
    await supplier.context().close();
    expect(
      await other.post(`/api/quotation-requests/${rfqId}/quotations`, {
        amount: { amount: 10_555_511, currency: 'MXN' },
      }),
    ).toMatchObject({ status: 201 });

    await buyer.goto(`${world.api.url}/cotizaciones/${rfqId}`);
    await buyer.getByTestId('rfq-sealed').waitFor();
    const text = (await buyer.locator('main, body').first().textContent())!;
    expect(text).not.toContain('98,765.43');
    expect(text).not.toContain('105,555.11');
    expect(text).not.toContain('Cómputo Barato');
  });

  it('after the deadline the buyer marks the lowest non-compliant and orders from the next', async () => {
    world.clock.set(at(P, DAY));
    await world.api.api.app.get(CommandScheduler).runDue();
    await world.api.caughtUp();
    await buyer.reload();
    const rows = buyer.getByTestId('quotation-row');
    await rows.first().waitFor();
    expect(await rows.first().textContent()).toContain('Cómputo Barato');
    expect(await rows.first().textContent()).toContain('98,765.43');
    await rows.first().getByLabel('Motivo').fill('No acredita la garantía');
    await rows.first().getByRole('button', { name: 'Marcar que no cumple' }).click();
    await buyer.getByText('No acredita la garantía').waitFor();
    await buyer.getByRole('button', { name: 'Emitir orden de compra' }).click();
    await buyer.getByTestId('rfq-order').waitFor();
    expect(await buyer.getByTestId('rfq-order').textContent()).toContain('Equipos Confiables');
    expect(await buyer.getByTestId('rfq-status').textContent()).toBe('Orden de compra emitida');
    await screenshot(buyer, 'quotation-ordered');
  });
});

describe('a mini-competition', () => {
  let agreementId: string;

  beforeAll(async () => {
    const unit = buyerParty.ids.buyingUnitId as string;
    await world.api.api.app
      .get(BuyingUnitRegistry)
      .setLocation(
        { type: 'SetBuyingUnitLocation', buyingUnitId: unit, location: { stateCode: '09', municipalityCode: null } },
        { actor: 'system', correlationId: randomUUID(), now: world.clock.now() },
      );
    const centralUnit = await world.buyingUnit();
    const central = await world.buyer(centralUnit);
    await (await world.registrar()).post('/api/central-purchasing-bodies', { buyingUnitId: centralUnit });
    const now = world.clock.now().toISOString();
    const procedure = await central.post('/api/tenders', {
      ...aTender(centralUnit, now, { ...twoLots() }),
      procedureType: 'direct_award',
      schedule: null,
      directAward: { justification: { article: 'LAASSP art. 41 fr. I', text: 'Convenio marco.' } },
    });
    await central.post(`/api/tenders/${procedure.body.tenderId}/direct-award`, {
      lots: [
        { lotId: 'lot-1', supplierId: cheap.supplierId, amount: 100_000 },
        { lotId: 'lot-2', supplierId: other.supplierId, amount: 100_000 },
      ],
    });
    const established = await central.post('/api/framework-agreements', {
      centralBuyingUnitId: centralUnit,
      tenderId: procedure.body.tenderId,
      title: 'Consumibles de impresión',
      validFrom: '2026-03-01T06:00:00.000Z',
      validTo: '2027-03-01T06:00:00.000Z',
      regions: ['09'],
      authorisedBuyingUnitIds: 'all',
      items: [
        {
          itemId: 'toner',
          classification: { scheme: 'CUCOP', id: '21400001' },
          description: 'Tóner',
          unit: 'pieza',
          priceFixed: false,
        },
      ],
      ceilings: [{ amount: '500000.00', currency: 'MXN' }],
    });
    expect(established.status).toBe(201);
    agreementId = established.body.agreementId;
  });

  it("is published from the buyer's form, quoted by the agreement's suppliers and ordered against the agreement", async () => {
    await buyer.goto(`${world.api.url}/comprador/cotizaciones`);
    await buyer.getByLabel('Título').fill('Tóner por minicompetencia');
    await buyer.getByLabel('Cantidad').fill('10');
    await buyer.getByLabel('Monto estimado (pesos)').fill('40,000.00');
    await buyer.getByLabel('Fecha límite (hora de la Ciudad de México)').fill('2026-03-04T10:00');
    await buyer.getByLabel('Quiénes cotizan').selectOption('framework');
    await buyer.getByLabel('Contrato marco (identificador)').fill(agreementId);
    await buyer.getByLabel('Partida sin precio fijo').fill('toner');
    await buyer.getByRole('button', { name: 'Publicar solicitud' }).click();
    const link = buyer.getByTestId('rfq-row').getByRole('link', { name: 'Tóner por minicompetencia' });
    await link.waitFor();
    const id = (await link.getAttribute('href'))!.split('/').pop()!;
    for (const [party, price] of [
      [cheap, 355_000],
      [other, 349_900],
    ] as const)
      expect(
        await party.post(`/api/quotation-requests/${id}/quotations`, { amount: { amount: price, currency: 'MXN' } }),
      ).toMatchObject({ status: 201 });
    world.clock.set('2026-03-04T16:00:00.000Z');
    await world.api.api.app.get(CommandScheduler).runDue();
    await world.api.caughtUp();
    await link.click();
    await buyer.getByRole('button', { name: 'Emitir orden de compra' }).click();
    await buyer.getByTestId('rfq-order').waitFor();
    expect(await buyer.getByTestId('rfq-order').textContent()).toContain('Equipos Confiables');
    expect(await buyer.getByText('Minicompetencia (contrato marco)').count()).toBe(1);
    const agreement = await world.api.api.app.get(QueryBus).execute(new GetFrameworkAgreementQuery(agreementId));
    expect(agreement?.orders).toEqual([
      expect.objectContaining({
        supplierId: other.supplierId,
        origin: { kind: 'mini-competition', competitionId: id },
      }),
    ]);
  });
});
