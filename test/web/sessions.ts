/** Signing in through the portal's login page, and waiting for read models: what the desk tests share. */
import type { Browser, Page } from 'playwright-core';
import { PASSWORD } from '../api/register/register-api';
import { eventually, type Party, type TenderingApi } from './scenarios';

/** A new browser context signed in as `party`, on its desk (`desk` is the URL pattern it lands on). */
export async function signedIn(browser: Browser, world: TenderingApi, party: Party, desk: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'es-MX',
    timezoneId: 'America/Mexico_City',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await signIn(page, world, party);
  await page.waitForURL(desk);
  return page;
}

/** Through the login page, back to `returnTo`: the clock jumps days, past the life of the refresh token. */
export async function signIn(page: Page, world: TenderingApi, party: Party, returnTo?: string): Promise<void> {
  await page.goto(`${world.api.url}/entrar${returnTo ? `?siguiente=${encodeURIComponent(returnTo)}` : ''}`);
  await page.getByLabel('Correo electrónico').fill(party.email);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  if (returnTo) await page.waitForURL(`**${returnTo}`);
}

/** Reloads until the page shows `text` (read models follow commands within a moment). */
export async function untilShown(page: Page, text: string): Promise<void> {
  await eventually(
    `the page shows "${text}"`,
    async () => {
      if ((await page.getByText(text, { exact: false }).count()) > 0) return true;
      await page.reload();
      await page.waitForLoadState('networkidle');
      return (await page.getByText(text, { exact: false }).count()) > 0;
    },
    15_000,
  );
}
