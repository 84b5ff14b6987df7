/**
 * Following procurement in headless Chromium against the real API: the public calendar page (/calendario) shows a
 * month's dates as an agenda, filtered through the address, in Spanish and English, with its iCalendar address;
 * the search and tender pages announce their Atom feeds (a visible link and `<link rel="alternate">`); a supplier
 * gets its desk's secret calendar address, which a calendar app can read without logging in.
 */
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { aRunningAuction, aTenderInAuction, at, eventually, HOUR, TenderingApi, type Party } from './scenarios';
import { signedIn } from './sessions';

const P = '2026-03-02T16:00:00.000Z';
let world: TenderingApi;
let browser: Browser;
let supplier: Party;
let buyer: Party;
let laptops: string;

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T15:00:00.000Z'));
  buyer = await world.buyer(await world.buyingUnit());
  supplier = await world.supplier('Cómputo del Bajío');
  const paper = await world.publishedTender(buyer, P, { title: 'Papel bond para oficinas' });
  laptops = await world.publishedTender(buyer, P);
  expect((await buyer.post(`/api/tenders/${paper}/cancel`, { reason: 'Restricción presupuestal' })).status).toBe(200);
  await eventually('the six dates are in the calendar, three of them cancelled', async () => {
    const dates = (await world.anonymous('GET', `/api/calendar?from=${P}`)).body;
    return dates?.length === 6 && dates.filter((d: { cancelled: boolean }) => d.cancelled).length === 3;
  });
}, 120_000);

jest.setTimeout(60_000);

afterAll(() => closeWithBrowser(world, browser));

async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'es-MX',
    timezoneId: 'America/Mexico_City',
  });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

const dates = (page: Page) => page.getByTestId('calendar-date');

it('shows the month’s dates as an agenda, filters them through the address, and speaks English', async () => {
  const page = await newPage();
  await page.goto(`${world.api.url}/calendario?mes=2026-03`);
  await page.getByRole('heading', { level: 1, name: 'Calendario de contrataciones' }).waitFor();
  await dates(page).nth(5).waitFor();
  expect(await dates(page).count()).toBe(6);
  expect(await page.getByTestId('calendar-month').textContent()).toBe('Marzo de 2026');
  const cancelled = dates(page).filter({ hasText: 'Papel bond para oficinas' });
  expect(await cancelled.filter({ hasText: 'Cancelada' }).count()).toBe(3);
  const text = (await page.textContent('main'))!;
  expect(text).toContain('Fecha límite de preguntas (junta de aclaraciones)');
  expect(text).toContain('Acto de presentación y apertura de propuestas');
  await screenshot(page, 'calendar');

  await page.getByLabel('Buscar en título y descripción').fill('papel');
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await page.waitForURL(/q=papel/);
  await eventually('only the paper tender’s dates', async () => (await dates(page).count()) === 3);
  const ics = await page.getByTestId('ics-link').getAttribute('href');
  expect(ics).toBe('/api/calendar.ics?q=papel&lang=es');

  await page.getByRole('button', { name: 'Mes siguiente' }).click();
  await page.waitForURL(/mes=2026-04/);
  await page.getByText('No hay fechas en este mes para la búsqueda.').waitFor();

  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Procurement calendar' }).waitFor();
  await page.getByRole('button', { name: 'Previous month' }).click();
  await page.getByText('Questions deadline (clarification meeting)').waitFor();
  await page.context().close();
});

it('announces the Atom feeds of the search and of a procedure, and they are Atom', async () => {
  const page = await newPage();
  await page.goto(`${world.api.url}/?q=computo`);
  await page.getByTestId('tender-result').first().waitFor();
  const visible = page.getByTestId('atom-link');
  expect(await visible.textContent()).toContain('Atom');
  const announced = page.locator('head link[rel=alternate][type="application/atom+xml"]');
  const href = (await announced.getAttribute('href'))!;
  expect(href).toBe(`/api/feeds/tenders.atom?q=computo&limit=20&lang=es`);
  expect(await visible.getAttribute('href')).toBe(href);
  const feed = await page.request.get(`${world.api.url}${href}`);
  expect(feed.headers()['content-type']).toMatch(/^application\/atom\+xml/);
  expect(await feed.text()).toContain(`tag:localhost,2026:tender/${laptops}`);

  await page.goto(`${world.api.url}/licitaciones/${laptops}`);
  await eventually('the tender page announces its own feed', async () =>
    ((await announced.getAttribute('href')) ?? '').startsWith(`/api/feeds/tenders/${laptops}.atom`),
  );
  await page.context().close();
});

it('gives a supplier its desk calendar address with its own procedures and auctions, readable without logging in', async () => {
  const rival = await world.supplier('Sistemas Tapatíos');
  const auctioned = await aTenderInAuction(
    world,
    buyer,
    [
      [supplier, 2_400_000],
      [rival, 2_450_000],
    ],
    at(P, HOUR),
  );
  const { auctionId } = await aRunningAuction(world, buyer, auctioned);
  const page = await signedIn(browser, world, supplier, '**/proveedor');
  await page.getByRole('button', { name: 'Obtener dirección del calendario' }).click();
  const address = await page.getByLabel('Dirección para suscribirse (no la compartas)').inputValue();
  expect(address).toMatch(/\/api\/calendar\/desks\/.+\.ics\?lang=es$/);
  const events = await eventually('the auction is in the supplier’s calendar', async () => {
    const calendar = await fetch(`${world.api.url}${new URL(address).pathname}`);
    const vevents = new ICAL.Component(ICAL.parse(await calendar.text()))
      .getAllSubcomponents('vevent')
      .map((vevent) => new ICAL.Event(vevent));
    return vevents.some((e) => e.uid.includes('/auction:')) && vevents;
  });
  expect(events.map((e) => e.uid)).toContain(`${auctioned}/auction:${auctionId}@localhost`);
  expect(events.every((e) => e.uid.startsWith(`${auctioned}/`))).toBe(true);
  expect(events.find((e) => e.uid.includes('/auction:'))?.summary).toMatch(/^Subasta inversa — /);
  await page.context().close();
});
