/**
 * The buyer desk from the award to the end of the contract, in the browser: during the objection period the desk
 * says from when the contract may be signed (and offers no signature), the unit's calendar lists the period's end;
 * then the contract is signed, amended within 20 % (its changes listed), and completed once it has started.
 * The server's clock is moved between the steps (the browser's stays real: the desk goes by the server's).
 * A second award is signed as a multi-year contract (its amount per fiscal year, the sum shown as typed; a sum that
 * does not match is refused in the catalogue's words) and amended with the new amount of each year.
 */
import type { Browser, Page } from 'playwright-core';
import { dateTime, money, parseMoney } from '../../apps/web/src/format';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { anAwardedTender, at, DAY, HOUR, TenderingApi, type Party } from './scenarios';
import { signedIn, signIn, untilShown } from './sessions';
import { aDirectAward } from '../api/tendering/tendering-api';

let world: TenderingApi;
let browser: Browser;
let buyer: Page;
let buyerParty: Party;
let tenderId: string;
let objectionEnds: string;

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T15:00:00.000Z'));
  buyerParty = await world.buyer(await world.buyingUnit());
  const [winner, runnerUp] = await Promise.all([world.supplier('Cómputo del Bajío'), world.supplier('Equipos Sur')]);
  ({ tenderId, objectionPeriodEndsAt: objectionEnds } = await anAwardedTender(
    world,
    buyerParty,
    [
      [winner, 2_350_000],
      [runnerUp, 2_420_000],
    ],
    '2026-03-02T16:00:00.000Z',
  ));
  buyer = await signedIn(browser, world, buyerParty, '**/comprador');
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

const tenderPage = () => `/comprador/licitaciones/${tenderId}`;

async function moveTo(page: Page, instant: string, returnTo = tenderPage()) {
  world.clock.set(instant);
  await signIn(page, world, buyerParty, returnTo);
}

describe('the contract of an awarded lot on the buyer desk', () => {
  it('is not offered for signature during the objection period, and the desk says from when it is', async () => {
    await moveTo(buyer, world.clock.now().toISOString(), '/comprador');
    const calendar = buyer.getByTestId('unit-calendar');
    await calendar.waitFor();
    expect(await calendar.textContent()).toContain('Fin del periodo de inconformidades (partida lot-1)');

    await buyer.goto(`${world.api.url}${tenderPage()}`);
    await buyer
      .getByText(
        `La firma del contrato es posible a partir del ${dateTime(objectionEnds)}, al terminar el periodo de inconformidades.`,
      )
      .waitFor();
    expect(await buyer.getByRole('button', { name: /Registrar contrato firmado/ }).count()).toBe(0);
    await screenshot(buyer, 'buyer-sign-not-yet');
  });

  it('is signed after the period, amended within 20 % with its changes listed, and completed once started', async () => {
    await moveTo(buyer, at(objectionEnds, HOUR));
    await buyer.getByLabel('Inicio', { exact: true }).fill('2026-04-01');
    await buyer.getByLabel('Fin', { exact: true }).fill('2026-09-30');
    await buyer.getByRole('button', { name: /Registrar contrato firmado/ }).click();
    const contract = buyer.getByTestId('buyer-contract');
    await untilShown(buyer, 'Contrato de la partida lot-1');
    expect(await contract.textContent()).toContain('Vigente');
    await buyer
      .getByText(`La conclusión del contrato es posible a partir del ${dateTime('2026-04-01T06:00:00.000Z')}`)
      .waitFor();
    expect(await buyer.getByRole('button', { name: 'Dar por concluido el contrato' }).count()).toBe(0);

    expect(await buyer.getByLabel('Nueva fecha de término').inputValue()).toBe('2026-09-30');
    await buyer.getByLabel('Nuevo monto (MXN)').fill('270,000.00');
    await buyer.getByLabel('Motivo del convenio modificatorio').fill('Se agregan dos equipos de reserva.');
    await buyer.getByRole('button', { name: 'Modificar el contrato' }).click();
    await untilShown(buyer, 'Se agregan dos equipos de reserva.');
    expect(await contract.getByTestId('amendment-changes').textContent()).toContain('Monto: $245,000.00 → $270,000.00');
    await screenshot(buyer, 'buyer-contract-amended');

    await moveTo(buyer, at('2026-04-01T06:00:00.000Z', 30 * DAY));
    await buyer.getByRole('button', { name: 'Dar por concluido el contrato' }).click();
    await untilShown(buyer, 'Concluido');
    // The contract read again after the command: a completed contract offers no amendment (fails if it stays).
    await buyer.getByRole('button', { name: 'Modificar el contrato' }).waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('is signed as a multi-year contract with its amount per fiscal year, and amended year by year', async () => {
    const winner = await world.supplier('Sistemas del Norte');
    const second = await anAwardedTender(world, buyerParty, [[winner, 2_100_000]], '2026-05-04T16:00:00.000Z');
    await moveTo(buyer, at(second.objectionPeriodEndsAt, HOUR), `/comprador/licitaciones/${second.tenderId}`);
    await buyer.getByLabel('Inicio', { exact: true }).fill('2026-07-01');
    await buyer.getByLabel('Fin', { exact: true }).fill('2027-03-31');
    await buyer.getByLabel('Contrato plurianual').check();
    const sum = buyer.getByTestId('multi-year-sum');
    const amountText = /de (\$[\d,.]+)/.exec((await sum.textContent())!)![1];
    const amount = parseMoney(amountText)!;
    expect(await buyer.getByLabel('Ejercicio fiscal 2').inputValue()).toBe('2027');
    await buyer.getByLabel('Monto del ejercicio 1 (MXN)').fill('100,000.00');
    await buyer.getByLabel('Monto del ejercicio 2 (MXN)').fill('1,000.00');
    await buyer.getByText(`Suma de los ejercicios: $101,000.00 de ${amountText}`).waitFor();
    expect(await sum.textContent()).toContain('la suma debe ser igual al monto del contrato');
    await buyer.getByRole('button', { name: /Registrar contrato firmado/ }).click();
    await buyer.getByText('Los montos por ejercicio fiscal no suman el monto del contrato.').waitFor();

    const rest = (amount - 10_000_000) / 100;
    await buyer.getByLabel('Monto del ejercicio 2 (MXN)').fill(rest.toFixed(2));
    await buyer.getByLabel('Clave de cartera SHCP').fill('2612GYR0001');
    expect(await sum.textContent()).toContain('✓');
    await buyer.getByRole('button', { name: /Registrar contrato firmado/ }).click();
    const years = buyer.getByTestId('contract-years');
    await years.waitFor();
    expect(await years.textContent()).toBe(
      `Plurianual: Ejercicio 2026 ${money(10_000_000)} · Ejercicio 2027 ${money(amount - 10_000_000)} · ` +
        'Clave de cartera SHCP 2612GYR0001',
    );

    // An amendment raising the amount gives each year's new amount: the new 10,000.00 go to 2027.
    await buyer.getByLabel('Nuevo monto (MXN)').fill(((amount + 1_000_000) / 100).toFixed(2));
    await buyer.getByLabel('Monto del ejercicio 2 (MXN)').fill((rest + 10_000).toFixed(2));
    await buyer.getByLabel('Motivo del convenio modificatorio').fill('Se amplía el soporte del segundo ejercicio.');
    await buyer.getByRole('button', { name: 'Modificar el contrato' }).click();
    await untilShown(buyer, 'Se amplía el soporte del segundo ejercicio.');
    await untilShown(buyer, `Ejercicio 2027 ${money(amount - 10_000_000 + 1_000_000)}`);
    await screenshot(buyer, 'buyer-contract-multi-year');

    // A consolidated purchase the unit runs for two others: the hospital's buyer signs its unit's contract, for the
    // share the server computes (7 of 10 of each item: 182,000.00 of 260,000.00); the clinic's is still pending.
    const [hospital, clinic] = await Promise.all([world.buyingUnit(), world.buyingUnit()]);
    const shares = (unit: string, quantity: number, ref: string) => ({
      buyingUnitId: unit,
      requestReference: ref,
      items: ['item-1', 'item-2'].map((itemId) => ({ itemId, quantity })),
      commitment: { amount: quantity * 2_650_000, currency: 'MXN' },
    });
    const now = world.clock.now().toISOString();
    const consolidated = await buyerParty.post('/api/tenders', {
      ...aDirectAward(buyerParty.ids.buyingUnitId as string, now, winner.ids.supplierId as string),
      consolidation: { participants: [shares(hospital, 7, 'REQ-HN-2026-014'), shares(clinic, 3, 'Oficio CS/031')] },
    });
    const awarded = await buyerParty.post(`/api/tenders/${consolidated.body.tenderId}/direct-award`, {
      lots: [{ lotId: 'lot-1', amount: 26_000_000 }],
    });
    expect(awarded.status).toBe(200);
    // The same browser, now the hospital's buyer's (a second browser context costs more than a sign-in).
    const hospitalBuyer = buyer;
    await signIn(buyer, world, await world.buyer(hospital), `/comprador/licitaciones/${consolidated.body.tenderId}`);
    await hospitalBuyer.getByRole('button', { name: 'Firmar el contrato de mi unidad (partida lot-1)' }).click();
    await untilShown(hospitalBuyer, 'Contrato de la partida lot-1');
    expect(await hospitalBuyer.getByTestId('buyer-contract').textContent()).toContain(money(18_200_000));
    expect(await hospitalBuyer.getByTestId('unit-contracts').textContent()).toContain('pendiente de firma');
  });
});
