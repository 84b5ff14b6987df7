/**
 * The live auction room in headless Chromium against the real API: two suppliers bid from their own browser
 * contexts while an anonymous third watches the chart and the ranking follow within a second; the watcher
 * loses its connection, comes back and shows what it missed; a late bid extends the auction and the close is
 * announced with the names revealed.
 */
import { AuctionClosingScheduler } from '@licita/auctions/application/auction-closing.scheduler';
import { AuctionsGateway } from '@licita/auctions/http/auctions.gateway';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD } from '../api/register/register-api';
import { ARTIFACTS, closeWithBrowser, startWithBrowser, screenshot } from './browser';
import { aRunningAuction, aTenderInAuction, at, eventually, TenderingApi, type Party } from './scenarios';

let world: TenderingApi;
let browser: Browser;
let auctionId: string;
let endsAt: string;
let watcher: Page;
let first: Page; // Cómputo del Bajío: opening offer $250,000.00
let second: Page; // Sistemas Tapatíos: opening offer $255,000.00
const contexts: BrowserContext[] = [];

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T15:00:00.000Z'));
  const buyer = await world.buyer(await world.buyingUnit());
  const [a, b]: Party[] = [await world.supplier('Cómputo del Bajío'), await world.supplier('Sistemas Tapatíos')];
  const tenderId = await aTenderInAuction(
    world,
    buyer,
    [
      [a, 2_400_000],
      [b, 2_450_000],
    ],
    '2026-03-02T16:00:00.000Z',
  );
  ({ auctionId, endsAt } = await aRunningAuction(world, buyer, tenderId));
  [watcher, first, second] = await Promise.all([room(), room(a), room(b)]);
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

/** A browser context in the auction room: anonymous, or signed in through the login page as `supplier`. */
async function room(supplier?: Party): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'es-MX',
    timezoneId: 'America/Mexico_City',
  });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  const page = await context.newPage();
  if (supplier) {
    await page.goto(`${world.api.url}/entrar`);
    await page.getByLabel('Correo electrónico').fill(supplier.email);
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL('**/proveedor');
  }
  await page.goto(`${world.api.url}/subastas/${auctionId}`);
  await page.locator('[data-testid=ranking] tbody tr').nth(1).waitFor();
  return page;
}

const text = (page: Page, testId: string) => page.getByTestId(testId).textContent();
const points = (page: Page) => page.getByTestId('price-chart').getAttribute('data-points');
/** The page's chart holds `count` bids and its best price reads `price`. */
const chartShows = (page: Page, count: string, price: string) => async () =>
  (await points(page)) === count && (await text(page, 'best-price')) === price;
const firstRow = (page: Page) => page.locator('[data-testid=ranking] tbody tr').first().textContent();

async function bid(page: Page, pesos: string): Promise<string> {
  await page.getByLabel('Nuevo precio (MXN)').fill(pesos);
  await page.getByRole('button', { name: 'Pujar' }).click();
  await page.getByTestId('bid-outcome').waitFor();
  return (await page.getByTestId('bid-outcome').textContent())!;
}

/**
 * Waits until the page shows `condition`, and returns how long after `since` its chart drew it: the chart
 * stamps its redraw time (epoch ms) in the browser, so the test's own polling is not counted.
 */
async function drawnAfter(page: Page, since: number, condition: () => Promise<boolean>): Promise<number> {
  await eventually('the page shows it', condition, 5_000);
  return Number(await page.getByTestId('price-chart').getAttribute('data-updated-at')) - since;
}

describe('the live auction room', () => {
  it('shows each supplier its own rank and next valid bid, and the public only labels', async () => {
    await expect(text(first, 'own-rank')).resolves.toBe('1');
    await expect(text(first, 'next-bid')).resolves.toBe('$249,000.00');
    await expect(text(second, 'own-rank')).resolves.toBe('2');
    await expect(text(second, 'next-bid')).resolves.toBe('$254,000.00');
    expect(await watcher.getByTestId('bid-box').count()).toBe(0);
    const publicView = (await watcher.textContent('main'))!;
    expect(publicView).toContain('Participante');
    expect(publicView).not.toMatch(/Cómputo del Bajío|Sistemas Tapatíos/);
    await expect(text(watcher, 'best-price')).resolves.toBe('$250,000.00');
  });

  it('updates the watcher’s chart and ranking within a second of each bid, and tells a bidder why a bid is refused', async () => {
    world.clock.advance(5_000);
    const placed = Date.now();
    expect(await bid(second, '248,000.00')).toContain('Puja aceptada: $248,000.00');
    const firstDelay = await drawnAfter(watcher, placed, chartShows(watcher, '1', '$248,000.00'));
    await eventually('the first supplier learns it lost the lead', async () => (await text(first, 'own-rank')) === '2');

    world.clock.advance(5_000);
    const refused = await bid(first, '249,500.00');
    expect(refused).toContain('Puja rechazada');
    expect(refused).toContain('decremento mínimo');
    expect(refused).toContain('Puja máxima válida: $249,000.00');

    const again = Date.now();
    expect(await bid(first, '246,000.00')).toContain('Puja aceptada');
    const secondDelay = await drawnAfter(watcher, again, chartShows(watcher, '2', '$246,000.00'));
    expect(await firstRow(watcher)).toContain('$246,000.00');
    await eventually(
      'the ranking follows for both bidders',
      async () => (await text(first, 'own-rank')) === '1' && (await text(second, 'own-rank')) === '2',
    );
    writeFileSync(
      join(ARTIFACTS, 'auction-latency.json'),
      JSON.stringify({ bidToWatcherChartMs: [firstDelay, secondDelay] }),
    );
    expect(Math.min(firstDelay, secondDelay)).toBeGreaterThan(0);
    expect(Math.max(firstDelay, secondDelay)).toBeLessThan(1_000);
    await expect(text(watcher, 'bid-count')).resolves.toBe('2');

    await screenshot(watcher, 'auction-public');
    await screenshot(first, 'auction-supplier-leading');
    await screenshot(second, 'auction-supplier-refused-or-behind');
  });

  it('reconnects by itself after losing the connection and shows the bids it missed, nothing stale', async () => {
    await watcher.context().setOffline(true);
    const gateway = world.api.api.app.get(AuctionsGateway);
    for (const socket of await gateway.server.fetchSockets())
      if (socket.data.principal?.kind === 'anonymous') socket.disconnect(true);
    await watcher.getByText('Conexión perdida').waitFor();
    expect(await watcher.getByTestId('bid-box').count()).toBe(0);

    world.clock.advance(5_000);
    expect(await bid(second, '245,000.00')).toContain('Puja aceptada');
    await screenshot(watcher, 'auction-public-offline');
    await watcher.context().setOffline(false);

    await eventually(
      'the watcher is back with the missed bid',
      async () => (await points(watcher)) === '3' && (await text(watcher, 'best-price')) === '$245,000.00',
      15_000,
    );
    expect(await watcher.getByText('Conexión perdida').count()).toBe(0);
    await expect(text(watcher, 'bid-count')).resolves.toBe('3');
  });

  it('announces an extension after a late bid, then the close with the names revealed', async () => {
    world.clock.set(at(endsAt, -30_000));
    expect(await bid(first, '244,000.00')).toContain('Puja aceptada');
    await watcher.getByTestId('extended-banner').waitFor();
    await first.getByTestId('extended-banner').waitFor();
    await screenshot(watcher, 'auction-extended');

    world.clock.set(at(endsAt, 120_000));
    await world.api.api.app.get(AuctionClosingScheduler).closeDue();
    await watcher.getByTestId('closed-banner').waitFor();
    const closed = (await watcher.textContent('main'))!;
    expect(closed).toContain('Subasta cerrada. Precio final $244,000.00');
    expect(closed).toContain('Cómputo del Bajío, S.A. de C.V.');
    await expect(text(watcher, 'countdown')).resolves.toBe('Cerrada');
    expect(await first.getByTestId('bid-box').count()).toBe(0);
    await screenshot(watcher, 'auction-closed');
  });
});
