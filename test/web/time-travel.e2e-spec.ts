/**
 * The tender page's timeline slider in headless Chromium against the real API with the ledger signing: a
 * tender published, asked about, amended, answered, bid on (sealed) and cancelled; a citizen slides back through
 * its public moments and sees each earlier state, never a sealed offer, follows an inclusion proof, comes back
 * to now, and does it again in English.
 */
import type { Browser, Page } from 'playwright-core';
import { sealedAndCheckpointed, startLedgerWorld } from '../api/ledger/ledger-world';
import { aProposal, laptopsAt } from '../api/tendering/tendering-api';
import { closeWithBrowser, startWithBrowser, screenshot } from './browser';
import { at, DAY, eventually, HOUR, type TenderingApi } from './scenarios';

const P = '2026-03-02T16:00:00.000Z';
const ORIGINAL = 'Adquisición de equipo de cómputo 2026';
const AMENDED = 'Adquisición de equipo de cómputo portátil 2026';
const QUESTION = '¿Se aceptan equipos reacondicionados?';
const ANSWER = 'No; los equipos deben ser nuevos.';
/** The bid's lot amount, 10 laptops at 23,456.71 and 10 docks at 1,000.00: sealed, and the tender is cancelled before any opening. */
const SEALED_AMOUNT = '$244,567.10';

let world: TenderingApi;
let browser: Browser;
let tenderId: string;

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => startLedgerWorld(at(P, -2 * HOUR)));
  const buyer = await world.buyer(await world.buyingUnit());
  const bidder = await world.supplier('Proveedora del Pasado');
  tenderId = await world.publishedTender(buyer, P);
  world.clock.set(at(P, DAY));
  const asked = await bidder.post(`/api/tenders/${tenderId}/questions`, { text: QUESTION, lotId: 'lot-1' });
  world.clock.set(at(P, 2 * DAY));
  const amended = await buyer.post(`/api/tenders/${tenderId}/amendments`, {
    changes: { title: AMENDED },
    reason: 'Se precisa el objeto',
  });
  if (amended.status !== 201) throw new Error(`not amended: ${JSON.stringify(amended.body)}`);
  world.clock.set(at(P, 3 * DAY));
  await buyer.post(`/api/tenders/${tenderId}/questions/${asked.body.questionId}/answer`, { answer: ANSWER });
  world.clock.set(at(P, 7 * DAY + HOUR)); // past the questions deadline: the scheduler ends the enquiry period
  await eventually('the enquiry period ended', async () =>
    (await world.events(`tender-${tenderId}`)).some((e) => e.type === 'EnquiryPeriodEnded'),
  );
  world.clock.set(at(P, 8 * DAY));
  const submitted = await bidder.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_345_671)));
  if (submitted.status !== 201) throw new Error(`proposal not submitted: ${JSON.stringify(submitted.body)}`);
  world.clock.set(at(P, 9 * DAY));
  const cancelled = await buyer.post(`/api/tenders/${tenderId}/cancel`, {
    reason: 'Cambio de necesidades del área requirente',
  });
  if (cancelled.status !== 200) throw new Error(`not cancelled: ${JSON.stringify(cancelled.body)}`);
  await sealedAndCheckpointed(world); // as the platform's timer does minutes later: every event is then provable
  await eventually(
    'the cancellation is public',
    async () => (await world.anonymous('GET', `/api/transparency/tenders/${tenderId}`)).body?.status === 'cancelled',
    20_000,
  );
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

const mainText = async (page: Page) => (await page.textContent('main')) as string;
const heading = (page: Page) => page.getByRole('heading', { level: 1 });

describe('the tender page in time', () => {
  it('slides back through the public moments to earlier states, never a sealed offer, and back to now', async () => {
    const page = await newPage();
    await page.goto(`${world.api.url}/licitaciones/${tenderId}`);
    await heading(page).filter({ hasText: AMENDED }).waitFor();
    const slider = page.getByRole('slider', { name: 'Momento del procedimiento' });
    await slider.waitFor();
    // Published, asked, amended, answered, the enquiry period's end, a sealed proposal, cancelled; and now.
    const moments = page.getByTestId('moments').locator(':scope > li');
    expect(await moments.count()).toBe(7);
    expect(await slider.getAttribute('max')).toBe('7');
    expect(await slider.inputValue()).toBe('7');
    expect(await mainText(page)).toContain('Cancelada');

    await slider.focus();
    await page.keyboard.press('Home');
    await page.waitForURL(/asOf=/);
    await page.getByText(/Estás viendo la licitación tal como estaba el 2\smar\s2026,\s10:00:00/).waitFor();
    await heading(page).filter({ hasText: ORIGINAL }).waitFor();
    let text = await mainText(page);
    expect(text).toContain('Periodo de aclaraciones');
    expect(text).toContain('Sin preguntas.');
    expect(text).not.toContain('Cancelada');
    expect(await slider.getAttribute('aria-valuetext')).toContain('Convocatoria publicada');

    await page.keyboard.press('ArrowRight');
    await page.getByText(QUESTION).waitFor();
    text = await mainText(page);
    expect(text).toContain('Sin respuesta todavía.');
    expect(text).not.toContain(ANSWER);
    expect(await heading(page).textContent()).toBe(ORIGINAL);
    expect(await page.evaluate('document.activeElement?.id')).toBe('time-travel-slider');

    await moments.nth(2).getByRole('button').click();
    await heading(page).filter({ hasText: AMENDED }).waitFor();
    expect(await mainText(page)).toContain('Se precisa el objeto');
    expect(await mainText(page)).not.toContain(ANSWER);
    await screenshot(page, 'tender-time-travel');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByText('¿Cómo comprobar que este registro no fue alterado?').click();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'tender-time-travel-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    await moments.nth(5).getByRole('button').click();
    await page.getByText('La propuesta sigue sellada (1 recibida)').waitFor();
    text = await mainText(page);
    expect(text).toContain(ANSWER);
    expect(text).toContain('Recepción de propuestas');
    expect(text).not.toContain(SEALED_AMOUNT);
    expect(text).not.toContain('Proveedora del Pasado');

    await page.getByRole('button', { name: 'Volver al presente' }).click();
    await page.waitForURL((url) => !url.search.includes('asOf'));
    await page.getByTestId('as-of-banner').waitFor({ state: 'detached' });
    await heading(page).filter({ hasText: AMENDED }).waitFor();
    expect(await mainText(page)).toContain('Cancelada');
    expect(await slider.inputValue()).toBe('7');
    await page.context().close();
  });

  it('opens a shared link at a past moment, and each event links to its inclusion proof', async () => {
    const page = await newPage();
    const asked = at(P, DAY);
    await page.goto(`${world.api.url}/licitaciones/${tenderId}?asOf=${encodeURIComponent(asked)}`);
    await page.getByTestId('as-of-banner').waitFor();
    await page.getByText(QUESTION).waitFor();
    expect(await heading(page).textContent()).toBe(ORIGINAL);
    const slider = page.getByRole('slider', { name: 'Momento del procedimiento' });
    expect(await slider.inputValue()).toBe('1');

    const proof = page
      .getByTestId('moments')
      .getByRole('link', { name: /prueba de inclusión/ })
      .first();
    const href = (await proof.getAttribute('href')) as string;
    expect(href).toMatch(/^\/api\/ledger\/proof\?position=\d+$/);
    const answer = await world.anonymous('GET', href);
    expect(answer.status).toBe(200);
    expect(answer.body.event).toMatchObject({ type: 'TenderPublished', stream: `tender-${tenderId}` });
    expect(answer.body.checkpoint.signature).toEqual(expect.any(String));

    await page.getByText('¿Cómo comprobar que este registro no fue alterado?').click();
    await page.getByText(`npm run ledger:verify -- ${world.api.url} --save licita-hoy.json`).waitFor();
    await page.context().close();
  });

  it('says which moment it shows in English when the language is switched', async () => {
    const page = await newPage();
    await page.goto(`${world.api.url}/licitaciones/${tenderId}`);
    await page.getByRole('button', { name: 'EN' }).click();
    const slider = page.getByRole('slider', { name: 'Moment of the procedure' });
    await slider.focus();
    await page.keyboard.press('Home');
    await page.getByText(/Viewing the tender as of Mar\s2,\s2026,\s10:00:00\sAM \(Mexico City time\)/).waitFor();
    await heading(page).filter({ hasText: ORIGINAL }).waitFor();
    expect(await slider.getAttribute('aria-valuetext')).toContain('Call for tenders published');
    await screenshot(page, 'tender-time-travel-english');
    await page.getByRole('button', { name: 'Back to now' }).click();
    await page.getByTestId('as-of-banner').waitFor({ state: 'detached' });
    await heading(page).filter({ hasText: AMENDED }).waitFor();
    await page.context().close();
  });
});
