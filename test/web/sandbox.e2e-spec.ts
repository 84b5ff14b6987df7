/**
 * A practice tender walked in headless Chromium from start to contract (README "Sandbox (practice mode)"), as the
 * people do it on their desks: the buyer drafts on accelerated time (1440: a day of the law per minute) and
 * publishes; two suppliers submit sealed proposals on the supplier desk; once the accelerated deadline passes the
 * buyer holds the opening act, evaluates, and schedules the reverse auction, where the two suppliers bid live from
 * their rooms; the buyer awards, and records the contract when the (accelerated) objection period is over; the
 * public page shows the contract. Every screen visited shows the "SANDBOX / PRÁCTICA" banner. Only the accounts,
 * the unit and the suppliers' registration are set up over the API. The server's clock is moved between the steps
 * (minutes, as the accelerated calendar has it); the auction's close is the scheduler's tick, run by hand.
 */
import { AuctionClosingScheduler } from '@licita/auctions/application/auction-closing.scheduler';
import type { TenderCreated } from '@licita/tendering/domain/tender.events';
import type { Browser, Page } from 'playwright-core';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { MARCH_SCHEDULE } from './buyer-forms';
import { at, eventually, TenderingApi, type Party } from './scenarios';
import { signedIn, untilShown } from './sessions';

let world: TenderingApi;
let browser: Browser;
let buyerParty: Party;
let bidders: Party[];
let buyer: Page;
let suppliers: Page[];
let tenderId: string;
let auctionId: string;

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() =>
    TenderingApi.start('2026-03-02T15:00:00.000Z', undefined, { env: { LICITA_MODE: 'sandbox' } }),
  );
  buyerParty = await world.buyer(await world.buyingUnit());
  bidders = [await world.supplier('Práctica del Bajío'), await world.supplier('Ensayos Tapatíos')];
  [buyer, ...suppliers] = await Promise.all([
    signedIn(browser, world, buyerParty, '**/comprador'),
    ...bidders.map((bidder) => signedIn(browser, world, bidder, '**/proveedor')),
  ]);
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

/** The banner is on the page, above everything, and says what it is. */
async function showsTheBanner(page: Page): Promise<void> {
  const banner = page.getByTestId('sandbox-banner');
  await banner.waitFor();
  expect(await banner.textContent()).toContain('SANDBOX / PRÁCTICA');
}

/** Goes to `path` on the portal and checks the banner there. */
async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${world.api.url}${path}`);
  await showsTheBanner(page);
}

/** Moves the server's clock (the desks go by it) and brings the buyer back to the tender's page. */
async function buyerAt(instant: string): Promise<void> {
  world.clock.set(instant);
  await visit(buyer, `/comprador/licitaciones/${tenderId}`);
}

/** The supplier's laptop price on the supplier desk's form, submitted sealed; its receipt shows the commitment. */
async function submitProposal(page: Page, laptop: string): Promise<void> {
  await visit(page, `/proveedor?licitacion=${tenderId}`);
  // The draft's one item, whatever id the desk's form gave it.
  await page
    .locator('input[name^="price-lot-1-"]')
    .fill(laptop)
    .catch(async (error) => {
      await screenshot(page, 'sandbox-proposal-failed');
      throw error;
    });
  await page.getByRole('button', { name: 'Presentar propuesta', exact: true }).click();
  await page.getByTestId('receipt').waitFor();
  expect(await page.getByTestId('receipt').textContent()).toMatch(/[0-9a-f]{64}/);
  await showsTheBanner(page);
}

async function bid(page: Page, pesos: string): Promise<string> {
  await page.getByLabel('Nuevo precio (MXN)').fill(pesos);
  await page.getByRole('button', { name: 'Pujar' }).click();
  await page.getByTestId('bid-outcome').filter({ hasText: pesos }).waitFor();
  return (await page.getByTestId('bid-outcome').textContent())!;
}

it('shows the banner on the public screens', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  for (const path of ['/', '/estadisticas', '/datos-abiertos', '/entrar']) await visit(page, path);
  await page.context().close();
});

it('walks a practice tender on accelerated time from the draft to the contract, on the desks', async () => {
  // The draft, on the desk's form with the factor only a sandbox asks for.
  await showsTheBanner(buyer);
  await buyer.getByRole('button', { name: 'Nueva licitación' }).click();
  await buyer.getByLabel('Aceleración del tiempo').fill('1440');
  await buyer.getByLabel('Título', { exact: true }).fill('Práctica: computadoras portátiles');
  await buyer.getByLabel('Descripción', { exact: true }).fill('Equipos para practicar una licitación completa.');
  for (const [field, value] of Object.entries(MARCH_SCHEDULE))
    await buyer.getByLabel(field, { exact: true }).fill(value);
  await buyer.getByLabel('Nombre de la partida').fill('Computadoras portátiles');
  await buyer.getByLabel('Agregar concepto del clasificador').fill('ordenadores portátiles');
  await buyer.getByRole('button', { name: /30213100-6/ }).click();
  await buyer.getByLabel('Cantidad').fill('20');
  await buyer.getByLabel('Precio unitario estimado (MXN)').fill('24,000.00');
  await buyer.getByText('$480,000.00').first().waitFor();
  await buyer.getByRole('checkbox', { name: /compiten en una subasta/ }).check();
  // At one day per minute, a week from the opening to the award is 7 days × 1440 of the law: refused.
  await buyer.getByRole('button', { name: 'Guardar borrador' }).click();
  await buyer.getByText('La fecha de fallo es demasiado tardía.').waitFor();
  // In minutes: 15 to bid (the law's 15 days), the award 9 minutes after the opening (within the 20 days).
  const minutes = { Publicación: '10:00', 'Límite para preguntas': '10:05', 'Límite para propuestas': '10:15' };
  const later = { 'Acto de apertura': '10:16', Fallo: '10:25' };
  for (const [field, time] of Object.entries({ ...minutes, ...later }))
    await buyer.getByLabel(field, { exact: true }).fill(`2026-03-02T${time}`);
  await buyer.getByRole('button', { name: 'Guardar borrador' }).click();
  await buyer.waitForURL('**/comprador/licitaciones/*');
  tenderId = buyer.url().split('/').at(-1)!;
  await showsTheBanner(buyer);
  const [created] = await world.events(`tender-${tenderId}`);
  expect((created as unknown as TenderCreated).data.content.timeAcceleration).toBe(1440);

  // Published on the desk at its publication time.
  await buyerAt('2026-03-02T16:00:00.000Z');
  await buyer.getByRole('button', { name: 'Publicar convocatoria' }).click();
  await untilShown(buyer, 'Periodo de aclaraciones');
  await showsTheBanner(buyer);
  expect(await buyer.getByTestId('desk-time-acceleration').textContent()).toContain(
    'Tiempo acelerado ×1440 (práctica): cada plazo de la ley se divide entre 1440 (un día dura 60 s).',
  );

  // Two sealed proposals on the supplier desk, before the deadline of 10:15.
  world.clock.set('2026-03-02T16:08:00.000Z');
  await submitProposal(suppliers[0], '23,000.00');
  await submitProposal(suppliers[1], '23,500.00');

  // The accelerated deadline passed: the opening act, then the evaluation, both compliant.
  await buyerAt('2026-03-02T16:16:00.000Z');
  await buyer.getByRole('button', { name: 'Abrir propuestas' }).click();
  const verdicts = buyer.getByRole('button', { name: 'Registrar', exact: true });
  await verdicts.nth(1).waitFor(); // a row per opened proposal, each "Solvente" by default
  await verdicts.first().click();
  await eventually('the first verdict recorded', async () => (await verdicts.count()) === 1);
  await verdicts.first().click();
  await eventually('both verdicts recorded', async () => (await verdicts.count()) === 0);
  expect(await buyer.getByText('Solvente', { exact: true }).count()).toBe(2);
  await buyer.getByRole('button', { name: 'Concluir la evaluación' }).click();

  // The reverse auction, scheduled on the desk: a day of the law (1440 minutes) is one minute here.
  await buyer.getByRole('button', { name: 'Programar la subasta de la partida lot-1' }).waitFor();
  await showsTheBanner(buyer);
  const start = buyer.getByLabel('Inicio (hora de la Ciudad de México)');
  expect(await start.inputValue()).toBe('2026-03-02T10:26'); // ten minutes from the server's now, not the browser's
  await start.fill('2026-03-02T10:18');
  await buyer.getByLabel('Duración (minutos)').fill('1440');
  await buyer.getByText('Práctica: se divide entre 1440 (tiempo acelerado); dura 60 s reales.').waitFor();
  await buyer.getByRole('button', { name: 'Programar la subasta de la partida lot-1' }).click();
  await buyer.waitForURL('**/subastas/*');
  auctionId = buyer.url().split('/').at(-1)!;
  await showsTheBanner(buyer);
  const [scheduled] = await world.events(`auction-${auctionId}`);
  const { startsAt, endsAt } = (scheduled as any).data;
  expect(Date.parse(endsAt) - Date.parse(startsAt)).toBe(60_000);

  // Live bids from the two suppliers' rooms, entered from their desks.
  world.clock.set(at(startsAt, 5_000));
  for (const page of suppliers) {
    await visit(page, '/proveedor');
    await untilShown(page, 'Entrar a la subasta');
    await page.getByRole('link', { name: 'Entrar a la subasta' }).first().click();
    await page.locator('[data-testid=ranking] tbody tr').nth(1).waitFor();
    await showsTheBanner(page);
  }
  expect(await bid(suppliers[1], '459,000.00')).toContain('Puja aceptada');
  world.clock.set(at(startsAt, 15_000));
  expect(await bid(suppliers[0], '458,000.00')).toContain('Puja aceptada');
  world.clock.set(at(endsAt, 30_000));
  await world.api.api.app.get(AuctionClosingScheduler).closeDue();
  await suppliers[1].getByTestId('closed-banner').waitFor();
  expect(await suppliers[1].textContent('main')).toContain('Precio final $458,000.00');
  await showsTheBanner(suppliers[1]);
  await screenshot(suppliers[0], 'sandbox-auction-closed');

  // The award on the desk, then the contract once the objection period (8 days of the law: 8 minutes) is over.
  await buyerAt(at(endsAt, 60_000));
  await untilShown(buyer, 'Emitir el fallo');
  await buyer.getByRole('button', { name: 'Emitir el fallo' }).click();
  await untilShown(buyer, 'La firma del contrato es posible a partir del');
  await buyerAt(at(endsAt, 10 * 60_000));
  await buyer.getByRole('button', { name: 'Registrar contrato firmado de la partida lot-1' }).click();
  await untilShown(buyer, 'Contrato de la partida lot-1');
  await showsTheBanner(buyer);

  // The public page: the contract, with the winner's price from the auction.
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await visit(page, `/licitaciones/${tenderId}`);
  await untilShown(page, 'Práctica del Bajío');
  const contract = page.getByTestId('contract');
  await contract.waitFor();
  expect(await contract.textContent()).toContain('$458,000.00');
  // The factor and the law's rule the period was checked against (the table's, not read against the DOF).
  expect(await page.getByTestId('time-acceleration').textContent()).toBe('Tiempo acelerado ×1440 (práctica)');
  // 15 minutes to bid at ×1440 are the law's 15 days: no short-period red flag.
  expect(await page.getByText('Plazo corto para presentar propuestas').count()).toBe(0);
  expect(await page.getByTestId('legal-period').textContent()).toBe(
    '15 días naturales — LAASSP 2025 (versión 2025), contados en días naturales de la Ciudad de México' +
      'Referencia: LAASSP 2025, DOF 16-04-2025. Sin verificar contra el texto publicado en el DOF.',
  );
  await showsTheBanner(page);
  await screenshot(page, 'sandbox-banner');
  await page.context().close();
});
