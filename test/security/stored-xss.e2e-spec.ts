import type { Browser, Page } from 'playwright-core';
import { closeWithBrowser, startWithBrowser } from '../web/browser';
import { at, DAY, eventually, TenderingApi } from '../api/tendering/tendering-api';

/**
 * Stored XSS: titles, descriptions, questions and answers (and the asker's name, which the page must not show at
 * all) carrying markup and event handlers are shown by the web portal as the text they are, in headless Chromium: no script runs, no element is made
 * from them. (The API stores them as sent; escaping is the page's job, and helmet's CSP is the second line.)
 */
const PAYLOADS = {
  title: `Equipo <script>window.__xss = 'title'</script><img src=x onerror="window.__xss = 'title-img'">`,
  description: `<svg onload="window.__xss = 'description'"></svg><a href="javascript:window.__xss='link'">ver</a>`,
  question: `¿Garantía? <img src=x onerror="window.__xss = 'question'">`,
  answer: `Sí <iframe srcdoc="<script>parent.__xss = 'answer'</script>"></iframe>`,
  supplier: `Proveedora <b onmouseover="window.__xss = 'supplier'">Negrita</b>`,
};

let world: TenderingApi;
let browser: Browser;
let tenderId: string;

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T15:00:00.000Z'));
  const buyer = await world.buyer(await world.buyingUnit());
  const supplier = await world.supplier(PAYLOADS.supplier);
  const P = '2026-03-02T16:00:00.000Z';
  tenderId = await world.publishedTender(buyer, P, { title: PAYLOADS.title, description: PAYLOADS.description });
  world.clock.set(at(P, DAY));
  const asked = await supplier.post(`/api/tenders/${tenderId}/questions`, { text: PAYLOADS.question });
  expect(asked.status).toBe(201);
  expect(
    (
      await buyer.post(`/api/tenders/${tenderId}/questions/${asked.body.questionId}/answer`, {
        answer: PAYLOADS.answer,
      })
    ).status,
  ).toBe(200);
  await eventually(
    'the tender is public with its answer',
    async () => (await world.anonymous('GET', `/api/transparency/tenders/${tenderId}`)).body?.title === PAYLOADS.title,
    20_000,
  );
  await world.view(tenderId, (view) => view.questions?.[0]?.answer === PAYLOADS.answer);
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

jest.setTimeout(60_000);

/** A page that records every dialog and every script error, on the API's own origin. */
async function openPage(path: string): Promise<{ page: Page; dialogs: string[] }> {
  const context = await browser.newContext({ locale: 'es-MX' });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${world.api.url}${path}`);
  return { page, dialogs };
}

async function expectInert(page: Page, dialogs: string[], shown: string[]): Promise<void> {
  const body = page.locator('body');
  for (const text of shown)
    await eventually(
      `"${text.slice(0, 30)}…" is shown as text`,
      async () => ((await body.textContent()) ?? '').includes(text),
      10_000,
    );
  await page.hover('body');
  expect(await page.evaluate(() => (globalThis as { __xss?: string }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(
    await page
      .locator('script:not([src]), iframe, svg[onload], img[onerror], b[onmouseover], a[href^="javascript:"]')
      .count(),
  ).toBe(0);
}

it('lists the tender in the public search with its title as text', async () => {
  const { page, dialogs } = await openPage('/');
  await expectInert(page, dialogs, [PAYLOADS.title]);
});

it('shows the tender page with title, description, question and answer as text', async () => {
  const { page, dialogs } = await openPage(`/licitaciones/${tenderId}`);
  await expectInert(page, dialogs, [PAYLOADS.title, PAYLOADS.description, PAYLOADS.question, PAYLOADS.answer]);
  expect(await page.locator('body').textContent()).not.toContain('Negrita'); // questions are published without their asker
});
