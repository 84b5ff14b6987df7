/**
 * Practice mode in headless Chromium (README "Sandbox (practice mode)"): every screen of a sandbox shows the
 * "SANDBOX / PRÁCTICA" banner; the buyer drafts a tender on the desk's form with a time-acceleration factor, which
 * the draft records; and two suppliers bid live in the auction room of a practice tender, whose close is announced.
 * (The steps between the draft and the auction run over the API, as the other browser tests' scenarios do.)
 */
import { AuctionClosingScheduler } from '@licita/auctions/application/auction-closing.scheduler';
import type { TenderCreated } from '@licita/tendering/domain/tender.events';
import type { Browser, Page } from 'playwright-core';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { MARCH_SCHEDULE } from './buyer-forms';
import { aRunningAuction, aTenderInAuction, at, TenderingApi, type Party } from './scenarios';
import { signedIn } from './sessions';

let world: TenderingApi;
let browser: Browser;
let buyer: Party;
let bidders: Party[];

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() =>
    TenderingApi.start('2026-03-02T15:00:00.000Z', undefined, { env: { LICITA_MODE: 'sandbox' } }),
  );
  buyer = await world.buyer(await world.buyingUnit());
  bidders = [await world.supplier('Práctica del Bajío'), await world.supplier('Ensayos Tapatíos')];
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

/** The banner is on the page, above everything, and says what it is. */
async function showsTheBanner(page: Page): Promise<void> {
  const banner = page.getByTestId('sandbox-banner');
  await banner.waitFor();
  expect(await banner.textContent()).toContain('SANDBOX / PRÁCTICA');
}

it('shows the banner on every screen, and the buyer drafts a tender on accelerated time', async () => {
  const desk = await signedIn(browser, world, buyer, '**/comprador');
  await showsTheBanner(desk);
  // The desk's form, as buyer-forms.ts fills it, with the factor only a sandbox asks for.
  await desk.getByRole('button', { name: 'Nueva licitación' }).click();
  await desk.getByLabel('Aceleración del tiempo').fill('1440');
  await desk.getByLabel('Título', { exact: true }).fill('Práctica: computadoras portátiles');
  await desk.getByLabel('Descripción', { exact: true }).fill('Equipos para practicar una licitación completa.');
  for (const [field, value] of Object.entries(MARCH_SCHEDULE))
    await desk.getByLabel(field, { exact: true }).fill(value);
  await desk.getByLabel('Nombre de la partida').fill('Computadoras portátiles');
  await desk.getByLabel('Agregar concepto del clasificador').fill('ordenadores portátiles');
  await desk.getByRole('button', { name: /30213100-6/ }).click();
  await desk.getByLabel('Cantidad').fill('20');
  await desk.getByLabel('Precio unitario estimado (MXN)').fill('24,000.00');
  await desk.getByText('$480,000.00').first().waitFor();
  // At one day per minute, a week from the opening to the award is 7 days × 1440 of the law: refused.
  await desk.getByRole('button', { name: 'Guardar borrador' }).click();
  await desk.getByText('La fecha de fallo es demasiado tardía.').waitFor();
  // In minutes: 15 to bid (the law's 15 days), the award 9 minutes after the opening (within the 20 days).
  const minutes = { Publicación: '10:00', 'Límite para preguntas': '10:05', 'Límite para propuestas': '10:15' };
  const later = { 'Acto de apertura': '10:16', Fallo: '10:25' };
  for (const [field, time] of Object.entries({ ...minutes, ...later }))
    await desk.getByLabel(field, { exact: true }).fill(`2026-03-02T${time}`);
  await desk.getByRole('button', { name: 'Guardar borrador' }).click();
  await desk.waitForURL('**/comprador/licitaciones/*');
  const tenderId = desk.url().split('/').at(-1)!;
  await showsTheBanner(desk);
  const [created] = await world.events(`tender-${tenderId}`);
  expect((created as unknown as TenderCreated).data.content.timeAcceleration).toBe(1440);
  for (const path of ['/', '/estadisticas', '/datos-abiertos', '/entrar']) {
    await desk.goto(`${world.api.url}${path}`);
    await showsTheBanner(desk);
  }
  await screenshot(desk, 'sandbox-banner');
});

it('runs a live auction of a practice tender with the banner in every bidder’s room', async () => {
  const tenderId = await aTenderInAuction(
    world,
    buyer,
    [
      [bidders[0], 2_400_000],
      [bidders[1], 2_450_000],
    ],
    '2026-03-02T16:00:00.000Z',
  );
  const { auctionId, endsAt } = await aRunningAuction(world, buyer, tenderId);
  const rooms = await Promise.all(
    bidders.map(async (bidder) => {
      const page = await signedIn(browser, world, bidder, '**/proveedor');
      await showsTheBanner(page);
      await page.goto(`${world.api.url}/subastas/${auctionId}`);
      await page.locator('[data-testid=ranking] tbody tr').nth(1).waitFor();
      await showsTheBanner(page);
      return page;
    }),
  );
  await rooms[1].getByLabel('Nuevo precio (MXN)').fill('243,000.00');
  await rooms[1].getByRole('button', { name: 'Pujar' }).click();
  await rooms[1].getByTestId('bid-outcome').waitFor();
  expect(await rooms[1].getByTestId('bid-outcome').textContent()).toContain('Puja aceptada');

  world.clock.set(at(endsAt, 180_000));
  await world.api.api.app.get(AuctionClosingScheduler).closeDue();
  await rooms[0].getByTestId('closed-banner').waitFor();
  expect(await rooms[0].textContent('main')).toContain('Precio final $243,000.00');
  await showsTheBanner(rooms[0]);
});
