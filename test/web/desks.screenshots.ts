/**
 * The README's screenshots: each desk and the main public pages, at phone (390×844) and desktop (1280×800)
 * size, written to docs/screenshots/. `npm run docs:screenshots` runs this file with the test harness (Jest
 * with its global setup: a throw-away embedded PostgreSQL), so the real API starts on a fresh database, the
 * people and procedures of the browser tests are made (test/web/scenarios.ts: a contracted tender, a tender
 * receiving proposals, a supplier awaiting verification, a sanctioned one), and Debian's Chromium, driven by
 * playwright-core, opens every page signed in as its person. It is no test: `npm test` does not match it.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD } from '../api/register/register-api';
import { aProposal, laptopsAt, scheduleFrom } from '../api/tendering/tendering-api';
import { closeWithBrowser, startWithBrowser } from './browser';
import { aContractedTender, at, DAY, eventually, TenderingApi, type Party } from './scenarios';

const OUT = resolve(__dirname, '../../docs/screenshots');
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;
/** Long pages are cut at this height: enough to show the page, small enough to keep the PNGs light. */
const MAX_HEIGHT = { phone: 2400, desktop: 1600 } as const;

let world: TenderingApi;
let browser: Browser;
let contracted: string;
let people: { supplier: Party; buyer: Party; auditor: Party; registrar: string };

jest.setTimeout(300_000);

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T15:00:00.000Z'));
  const unit = await world.buyingUnit();
  const buyer = await world.buyer(unit);
  const supplier = await world.supplier('Cómputo del Bajío');
  contracted = await aContractedTender(
    world,
    buyer,
    [supplier, await world.supplier('Sistemas Tapatíos')],
    '2026-03-02T16:00:00.000Z',
  );
  const publishedAt = new Date(world.clock.now().getTime() + DAY).toISOString();
  const schedule = scheduleFrom(publishedAt);
  const open = await world.publishedTender(buyer, publishedAt, { schedule, title: 'Impresoras para oficinas' });
  world.clock.set(at(schedule.questionsDeadline, DAY));
  await supplier.post(`/api/tenders/${open}/proposals`, aProposal(laptopsAt(2_350_000)));
  await world.supplier('Papelería del Centro', { verified: false });
  const sanctioned = await world.supplier('Limpieza Integral');
  await world.sanction(sanctioned, new Date(world.clock.now().getTime() - DAY).toISOString(), null);
  people = { supplier, buyer, auditor: await world.auditor(), registrar: (await world.api.account('registrar')).email };
  await eventually(
    'the procedures are public',
    async () => (await world.anonymous('GET', '/api/transparency/tenders')).body?.items?.length === 2,
    30_000,
  );
}, 300_000);

afterAll(() => closeWithBrowser(world, browser));

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${world.api.url}/entrar`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/entrar'));
}

/** Each page at both sizes, as `name-phone.png` and `name-desktop.png`, signed in as `email` when given. */
async function shoot(name: string, path: string, email?: string): Promise<void> {
  for (const [size, viewport] of Object.entries(SIZES) as Array<
    [keyof typeof SIZES, { width: number; height: number }]
  >) {
    const context = await browser.newContext({ viewport, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    if (email) await signIn(page, email);
    await page.goto(`${world.api.url}${path}`);
    await page.waitForLoadState('networkidle');
    await eventually(`${path} has loaded`, async () => !(await page.locator('body').innerText()).includes('Cargando…'));
    const height = Math.min(MAX_HEIGHT[size], Number(await page.evaluate('document.documentElement.scrollHeight')));
    await page.screenshot({
      path: join(OUT, `${name}-${size}.png`),
      fullPage: true,
      clip: { x: 0, y: 0, width: viewport.width, height },
    });
    await context.close();
  }
}

it('writes the screenshots of each desk and of the public pages', async () => {
  await shoot('supplier-desk', '/proveedor', people.supplier.email);
  await shoot('buyer-desk', '/comprador', people.buyer.email);
  await shoot('buyer-tender', `/comprador/licitaciones/${contracted}`, people.buyer.email);
  await shoot('registrar-desk', '/registrador', people.registrar);
  await shoot('auditor-desk', '/auditor', people.auditor.email);
  await shoot('auditor-tender', `/licitaciones/${contracted}`, people.auditor.email);
  await shoot('public-search', '/');
  await shoot('public-tender', `/licitaciones/${contracted}`);
  await shoot('public-statistics', '/estadisticas');
});
