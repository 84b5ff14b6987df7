/**
 * Alerts in the portal, in headless Chromium against the real API and a real SMTP server: a journalist signs up as
 * a follower, confirms the address through the mailed link, saves a search from the search page, follows a
 * procedure from its page, finds both in "Mis alertas", and is mailed when a matching procedure is published.
 */
import type { Browser, Page } from 'playwright-core';
import { PASSWORD } from '../api/register/register-api';
import { Mailbox } from '../api/alerts/mailbox';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { eventually, TenderingApi, type Party } from './scenarios';

let mailbox: Mailbox;
let world: TenderingApi;
let browser: Browser;
let buyer: Party;
let followed: string;
const EMAIL = 'periodista@lectores.example.mx';

beforeAll(async () => {
  mailbox = await Mailbox.start();
  [world, browser] = await startWithBrowser(() =>
    TenderingApi.start('2026-03-02T15:00:00.000Z', undefined, {
      env: { SMTP_URL: mailbox.url, ALERTS_POLL_MS: '50' },
    }),
  );
  buyer = await world.buyer(await world.buyingUnit());
  followed = await world.publishedTender(buyer, '2026-03-02T16:00:00.000Z', { title: 'Servicio de limpieza' });
  await eventually('the procedure is public', async () => {
    const reply = await world.anonymous('GET', `/api/transparency/tenders/${followed}`);
    return reply.status === 200;
  });
}, 180_000);

afterAll(async () => {
  await closeWithBrowser(world, browser);
  await mailbox?.close();
});

/** The path and query of a mailed link, on the test's API (links start with PUBLIC_URL). */
const onApi = (link: string) => {
  const url = new URL(link);
  return `${world.api.url}${url.pathname}${url.search}`;
};

it('a follower signs up, confirms the address, saves a search and follows a procedure, and is mailed', async () => {
  const context = await browser.newContext({ locale: 'es-MX', timezoneId: 'America/Mexico_City' });
  context.setDefaultTimeout(10_000);
  const page: Page = await context.newPage();

  await page.goto(`${world.api.url}/entrar`);
  await page.getByRole('link', { name: 'Crear una cuenta para recibir avisos' }).click();
  await page.getByLabel('Correo electrónico').fill(EMAIL);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await page.waitForURL('**/alertas');
  await page.getByText('Sin confirmar: no se envían avisos').waitFor();

  const [confirmation] = await mailbox.received(EMAIL, 1, 'confirmation');
  await page.goto(onApi(confirmation.link(/alertas\/confirmar/)));
  await page.getByRole('button', { name: 'Confirmar mi correo' }).click();
  await page.getByRole('heading', { name: 'Correo confirmado' }).waitFor();

  await page.goto(`${world.api.url}/?q=impresoras`);
  await page.getByRole('button', { name: 'Guardar búsqueda' }).click();
  await expectValue(page.getByLabel('Nombre de la búsqueda'), 'impresoras');
  await page.getByLabel('Nombre de la búsqueda').fill('Impresoras para el reportaje');
  await page.getByRole('button', { name: 'Guardar búsqueda' }).click();
  await page.getByText('Búsqueda guardada.').waitFor();

  await page.goto(`${world.api.url}/licitaciones/${followed}`);
  await page.getByRole('button', { name: 'Seguir' }).click();
  await page.getByRole('button', { name: 'Siguiendo ✓ · dejar de seguir' }).waitFor();

  await page.getByRole('link', { name: 'Mis alertas' }).first().click();
  await page.getByTestId('saved-searches').getByText('Impresoras para el reportaje').waitFor();
  await page.getByTestId('follows').getByRole('link', { name: followed }).waitFor();
  await page.getByText('Confirmado', { exact: true }).waitFor();
  await screenshot(page, 'alerts-my-alerts');

  world.clock.set('2026-03-03T16:00:00.000Z');
  const matching = await world.publishedTender(buyer, '2026-03-03T16:00:00.000Z', { title: 'Impresoras láser' });
  const [, alert] = await mailbox.received(EMAIL, 2, 'the alert of the new procedure');
  expect(alert.subject).toMatch(/^Nuevo procedimiento que coincide con su búsqueda: .*Impresoras láser/);
  expect(alert.text).toContain(`/licitaciones/${matching}`);
  expect(alert.text).toContain('Impresoras para el reportaje');
  await eventually('Mis alertas lists it as sent', async () => {
    await page.reload();
    return (await page.getByTestId('latest-alerts').getByText('Enviado').count()) > 0;
  });
  await context.close();
});

async function expectValue(locator: ReturnType<Page['getByLabel']>, value: string): Promise<void> {
  expect(await locator.inputValue()).toBe(value);
}
