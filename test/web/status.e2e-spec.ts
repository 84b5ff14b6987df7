/**
 * Issue #18, status and numbers, in headless Chromium against the real API and its scheduler (manual clock):
 * a passing submission deadline changes the status on the public tender page, in the search and on the
 * supplier's own page without a reload; a direct award's page shows what a direct award is; the auction room
 * names the procedure (number, title) and the lot, spans its time axis before the start, and asks before a
 * bid that drops the supplier's price by more than 10 %.
 */
import type { Browser, Page } from 'playwright-core';
import { aProposal, aTender, laptopsAt, scheduleFrom } from '../api/tendering/tendering-api';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { aTenderInAuction, at, DAY, eventually, HOUR, TenderingApi, type Party } from './scenarios';
import { signIn } from './sessions';

const P = '2026-03-02T16:00:00.000Z';
const NUMBER = /^LA-UC[0-9A-F]{8}-\d+-2026$/;
const RECEIVING = 'Recepción de propuestas';
const CLOSED = 'Recepción cerrada, en espera de apertura';

let world: TenderingApi;
let browser: Browser;
let buyer: Party;
let a: Party;
let b: Party;

jest.setTimeout(90_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start(at(P, -2 * HOUR)));
  buyer = await world.buyer(await world.buyingUnit());
  [a, b] = [await world.supplier('Cómputo del Bajío'), await world.supplier('Sistemas Tapatíos')];
}, 120_000);

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

/** The status badge of the tender page, or of the search's only result. */
const badge = (page: Page) => page.locator('main .badge').first();

describe('a submission deadline passing', () => {
  it('changes the status on the tender page, in the search, on the supplier’s page and desk without a reload', async () => {
    const schedule = scheduleFrom(P);
    const tenderId = await world.publishedTender(buyer, P);
    world.clock.set(at(schedule.questionsDeadline, DAY));
    expect((await a.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_400_000)))).status).toBe(201);
    world.clock.set(at(schedule.submissionDeadline, -HOUR));
    const record = await eventually('the record has its number and the proposal', async () => {
      const reply = await world.anonymous('GET', `/api/transparency/tenders/${tenderId}`);
      return reply.body?.proposalsReceived === 1 && reply.body.status === 'active.tendering' && reply.body;
    });
    expect(record.number).toMatch(NUMBER);

    const [citizen, searcher, supplier, desk] = await Promise.all([newPage(), newPage(), newPage(), newPage()]);
    await citizen.goto(`${world.api.url}/licitaciones/${tenderId}`);
    await searcher.goto(`${world.api.url}/?q=${encodeURIComponent(record.number)}`);
    await signIn(supplier, world, a, `/licitaciones/${tenderId}`);
    await signIn(desk, world, a, '/proveedor');
    const deskRow = desk.getByTestId('my-procedures').locator('li.result').filter({ hasText: record.number });
    await deskRow.locator('.badge').filter({ hasText: RECEIVING }).waitFor();
    for (const page of [citizen, supplier]) {
      expect(await page.getByTestId('procedure-number').textContent()).toBe(record.number);
      await badge(page).filter({ hasText: RECEIVING }).waitFor();
    }
    await searcher.getByTestId('tender-result').filter({ hasText: record.number }).waitFor();
    expect(await searcher.getByTestId('tender-result').count()).toBe(1);
    await badge(searcher).filter({ hasText: RECEIVING }).waitFor();

    world.clock.set(at(schedule.submissionDeadline, 1)); // the scheduler records SubmissionPeriodEnded
    await eventually('SubmissionPeriodEnded recorded', async () =>
      (await world.events(`tender-${tenderId}`)).some((e) => e.type === 'SubmissionPeriodEnded'),
    );
    // No reload: each page asks again on its own.
    for (const page of [citizen, searcher, supplier])
      await badge(page).filter({ hasText: CLOSED }).waitFor({ timeout: 20_000 });
    await deskRow.locator('.badge').filter({ hasText: CLOSED }).waitFor({ timeout: 20_000 });
    expect(await citizen.textContent('main')).not.toContain(RECEIVING);
    await screenshot(citizen, 'status-awaiting-opening');
  });
});

describe('a direct award', () => {
  it('shows its justification, supplier, amount and contract, not an opening act', async () => {
    world.clock.set(at(P, 30 * DAY));
    const created = await buyer.post('/api/tenders', {
      ...aTender(buyer.ids.buyingUnitId as string, at(P, 30 * DAY)),
      procedureType: 'direct_award',
      schedule: null,
      directAward: {
        supplierId: b.ids.supplierId,
        justification: { article: 'LAASSP art. 41 fr. I', text: 'Bienes con derechos exclusivos (patente).' },
      },
    });
    expect(created.status).toBe(201);
    const tenderId = created.body.tenderId as string;
    world.clock.set(at(P, 30 * DAY + HOUR));
    const awarded = await buyer.post(`/api/tenders/${tenderId}/direct-award`, {
      lots: [{ lotId: 'lot-1', amount: 26_000_000 }],
    });
    expect(awarded.status).toBe(200);
    const record = await eventually('the direct award is public', async () => {
      const reply = await world.anonymous('GET', `/api/transparency/tenders/${tenderId}`);
      return reply.body?.awards?.length === 1 && reply.body;
    });
    expect(record.number).toMatch(/^AA-/);

    const page = await newPage();
    await page.goto(`${world.api.url}/licitaciones/${tenderId}`);
    const section = page.getByTestId('direct-award');
    await section.waitFor();
    const text = (await section.textContent()) as string;
    expect(text).toContain('LAASSP art. 41 fr. I');
    expect(text).toContain('Bienes con derechos exclusivos (patente).');
    expect(text).toContain('Sistemas Tapatíos');
    expect(text).toContain('$260,000.00');
    expect(text).toContain('Pendiente de firma');
    expect(await page.getByTestId('procedure-number').textContent()).toBe(record.number);
    const main = (await page.textContent('main')) as string;
    expect(main).not.toContain('Acto de apertura');
    expect(main).not.toContain('siguen selladas');
    await screenshot(page, 'direct-award');
  });
});

describe('the auction room', () => {
  let auctionId: string;
  let startsAt: string;
  let endsAt: string;
  let room: Page;

  beforeAll(async () => {
    const tenderId = await aTenderInAuction(
      world,
      buyer,
      [
        [a, 2_400_000],
        [b, 2_450_000],
      ],
      at(P, 40 * DAY),
    );
    startsAt = at(world.clock.now().toISOString(), HOUR);
    const scheduled = await buyer.post(`/api/tenders/${tenderId}/lots/lot-1/auction`, {
      startsAt,
      durationSeconds: 600,
      minimumDecrement: { kind: 'absolute', amount: 100_000 },
      antiSniping: { windowSeconds: 60, extensionSeconds: 120, maximumEndsAt: at(startsAt, 20 * 60_000) },
      abnormallyLowFloor: null,
    });
    expect(scheduled.status).toBe(201);
    ({ auctionId, endsAt } = scheduled.body);
    room = await newPage();
    await signIn(room, world, a, `/subastas/${auctionId}`);
  }, 120_000);

  it('names the procedure by number and title, and the lot', async () => {
    await room.getByTestId('procedure-number').waitFor();
    expect(await room.getByTestId('procedure-number').textContent()).toMatch(NUMBER);
    expect(await room.getByTestId('auction-title').textContent()).toBe('Subasta de equipo de cómputo portátil');
    expect(await room.getByTestId('auction-lot').textContent()).toContain('Equipo de cómputo portátil');
  });

  it('spans its time axis from the start to the end before the start', async () => {
    const chart = room.getByTestId('price-chart');
    await eventually('the axis is set', async () => (await chart.getAttribute('data-axis-from')) !== null);
    expect(Number(await chart.getAttribute('data-axis-from'))).toBe(Date.parse(startsAt));
    expect(Number(await chart.getAttribute('data-axis-to'))).toBe(Date.parse(endsAt));
  });

  it('asks before a bid that drops the price by more than 10 %, and bids once confirmed', async () => {
    world.clock.set(at(startsAt, 1_000));
    await room.reload();
    const input = room.getByLabel('Nuevo precio (MXN)');
    await eventually('the bid box is enabled', async () => input.isEnabled());
    await input.fill('200,000.00'); // 20 % below $250,000.00
    await room.getByRole('button', { name: 'Pujar' }).click();
    const confirm = room.getByTestId('bid-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('20 %');
    expect(await room.getByTestId('bid-outcome').count()).toBe(0);
    await room.getByRole('button', { name: 'Corregir' }).click();
    await confirm.waitFor({ state: 'detached' });

    await input.fill('245,000.00'); // 2 %: no question asked
    await room.getByRole('button', { name: 'Pujar' }).click();
    await room.getByTestId('bid-outcome').filter({ hasText: 'Puja aceptada: $245,000.00' }).waitFor();

    await input.fill('200,000.00');
    await room.getByRole('button', { name: 'Pujar' }).click();
    await confirm.waitFor();
    await room.getByRole('button', { name: 'Sí, pujar' }).click();
    await room.getByTestId('bid-outcome').filter({ hasText: 'Puja aceptada: $200,000.00' }).waitFor();
    await screenshot(room, 'auction-room-header');
  });
});
