/**
 * Deployable as people open it: the app served on all addresses and opened over plain HTTP at this machine's LAN
 * address renders (no HSTS, no CSP `upgrade-insecure-requests`, which would send the browser to https:// for the
 * page's own scripts), while a deployment whose PUBLIC_URL is https gets both headers. The https-configured app
 * opened over plain HTTP stays blank: the case the default must not be.
 */
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { startTestApi, type TestApi } from '../support/api-app';
import { ensureWebBuilt, launchBrowser, screenshot } from './browser';

let plain: TestApi;
let behindTls: TestApi;
let browser: Browser;

jest.setTimeout(60_000);

/** This machine's first non-loopback IPv4 address (what a colleague on the LAN would type). */
function lanAddress(): string {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal);
  if (!found) throw new Error('this machine has no non-loopback IPv4 address to open the app at');
  return found.address;
}

const atLan = (api: TestApi, path = '/') =>
  `http://${lanAddress()}:${(api.app.getHttpServer().address() as AddressInfo).port}${path}`;

beforeAll(async () => {
  ensureWebBuilt();
  plain = await startTestApi({ host: '0.0.0.0' });
  [behindTls, browser] = await Promise.all([
    startTestApi({
      host: '0.0.0.0',
      databaseUrl: plain.databaseUrl,
      env: { PUBLIC_URL: 'https://compras.example.gob.mx' },
    }),
    launchBrowser(),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await behindTls?.close();
  await plain?.close();
});

describe('opened over plain HTTP at a LAN address', () => {
  it('renders the portal', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(atLan(plain));
    expect(await page.evaluate('window.isSecureContext')).toBe(false);
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Licitaciones' }).waitFor();
    await page.locator('#content h1').first().waitFor();
    await screenshot(page, 'lan-http-portal');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sends neither HSTS nor upgrade-insecure-requests by default, on the page and on the API', async () => {
    for (const path of ['/', '/api/tenders', '/health']) {
      const reply = await fetch(atLan(plain, path), { headers: { accept: 'text/html' } });
      expect([path, reply.headers.get('strict-transport-security')]).toEqual([path, null]);
      expect(reply.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(reply.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    }
  });
});

describe('with PUBLIC_URL=https://…', () => {
  it('sends HSTS and upgrade-insecure-requests', async () => {
    const reply = await fetch(atLan(behindTls), { headers: { accept: 'text/html' } });
    expect(reply.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(reply.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });

  it('is blank when opened over plain HTTP anyway: what the default avoids', async () => {
    const page = await browser.newPage();
    await page.goto(atLan(behindTls));
    await page.waitForTimeout(1_500);
    expect(await page.locator('#app').innerHTML()).toBe('');
    await page.close();
  });
});
