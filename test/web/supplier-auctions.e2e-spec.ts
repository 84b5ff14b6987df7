/**
 * The supplier's auctions with their reminder, in the browser: a lot of the supplier's procedure goes to a
 * reverse auction two days ahead; "my auctions" on its desk shows it with a countdown and downloads an .ics
 * reminder that a calendar imports (times, link, alarm). The server's clock is set near the real one so that
 * the browser's countdown has something ahead of it. The receipt of its proposal lists its documents' hashes.
 */
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { sha256 } from '../api/tendering/tendering-api';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { aTenderInAuction, DAY, TenderingApi, type Party } from './scenarios';
import { signedIn, untilShown } from './sessions';

const HOUR = 3_600_000;
// Published 30 days before now (whole hour): the opening and evaluation end some days before now.
const P = new Date(Math.floor((Date.now() - 30 * DAY) / HOUR) * HOUR).toISOString();

let world: TenderingApi;
let browser: Browser;
let supplierParty: Party;
let page: Page;
let startsAt: string;

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start(P));
  const buyer = await world.buyer(await world.buyingUnit());
  supplierParty = await world.supplier('Postora en Subasta');
  const rival = await world.supplier('Rival en Subasta');
  const tenderId = await aTenderInAuction(
    world,
    buyer,
    [
      [supplierParty, 2_300_000],
      [rival, 2_350_000],
    ],
    P,
  );
  world.clock.set(new Date().toISOString());
  startsAt = new Date(Math.floor((Date.now() + 2 * DAY) / HOUR) * HOUR).toISOString();
  const scheduled = await buyer.post(`/api/tenders/${tenderId}/lots/lot-1/auction`, {
    startsAt,
    durationSeconds: 600,
    minimumDecrement: { kind: 'absolute', amount: 100_000 },
    antiSniping: {
      windowSeconds: 60,
      extensionSeconds: 120,
      maximumEndsAt: new Date(Date.parse(startsAt) + 20 * 60_000).toISOString(),
    },
    abnormallyLowFloor: null,
  });
  if (scheduled.status !== 201) throw new Error(`auction refused: ${JSON.stringify(scheduled.body)}`);
  page = await signedIn(browser, world, supplierParty, '**/proveedor');
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

it('lists the upcoming auction with a countdown and downloads its .ics reminder', async () => {
  await untilShown(page, 'Subasta de equipo de cómputo portátil');
  const auctions = page.getByTestId('my-auctions');
  await auctions.waitFor();
  expect(await auctions.getByTestId('countdown').textContent()).toMatch(/empieza en (1 d 23|2 d 0) h/);
  await screenshot(page, 'supplier-auctions');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    auctions.getByRole('button', { name: 'Recordatorio (.ics)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^subasta-.+\.ics$/);
  const ics = readFileSync(await download.path(), 'utf8');
  const compact = startsAt.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  expect(ics).toContain('BEGIN:VEVENT');
  expect(ics).toContain(`DTSTART:${compact}`);
  expect(ics).toContain('TRIGGER:-PT15M');
  expect(ics).toMatch(/URL:http:\/\/[^\r\n]+\/subastas\//);
});

it("prints the receipt of a proposal with its documents' hashes", async () => {
  const [procedure] = (await supplierParty.get('/api/me/procedures')).body;
  const [proposal] = procedure.proposals;
  await page.goto(`${world.api.url}/proveedor/acuse/${procedure.tenderId}/${proposal.proposalId}`);
  await page.getByTestId('receipt-commitment').waitFor();
  expect((await page.getByTestId('receipt-commitment').textContent())!.trim()).toBe(proposal.commitment);
  const sheet = (await page.getByTestId('proposal-receipt').textContent())!;
  expect(sheet).toContain('Propuesta técnica');
  expect(sheet).toContain(sha256('Propuesta técnica'));
});
