/**
 * A supplier registers through the portal with its constancia de situación fiscal (a PDF); the registrar sees the
 * document in the supplier's details, downloads it (the same bytes) and only then verifies the supplier.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { aUniqueRfc, PASSWORD } from '../api/register/register-api';
import { aPdf, sha256 } from '../api/documents/documents-api';
import { Party } from '../api/tendering/tendering-api';
import { closeWithBrowser, startWithBrowser } from './browser';
import { eventually, TenderingApi } from './scenarios';
import { signedIn, untilShown } from './sessions';

let world: TenderingApi;
let browser: Browser;

jest.setTimeout(90_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T16:00:00.000Z'));
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

it('a supplier registers with its constancia; the registrar downloads it before verifying', async () => {
  const constancia = aPdf('constancia de situación fiscal');
  const email = `alta-${Date.now()}@proveedora.example.mx`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-MX' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${world.api.url}/registro`);
  await page.getByLabel('RFC').fill(aUniqueRfc());
  await page.getByLabel('Razón social o nombre').fill('Papelería Documentada, S.A. de C.V.');
  await page.getByLabel('Calle y número').fill('Av. Juárez 100');
  await page.getByLabel('Municipio o alcaldía').fill('Guadalajara');
  await page.getByLabel('Código postal').fill('44100');
  await page.getByLabel('Persona de contacto').fill('Ana Pérez');
  await page.getByLabel('Teléfono').fill('+52 33 1234 5678');
  await page.getByLabel('Correo de la cuenta').fill(email);
  await page.locator('input[type="password"]').fill(PASSWORD);
  await page.getByLabel('Qué ofreces (códigos del clasificador)').fill('30213100');
  await page.getByRole('list', { name: 'Resultados del clasificador' }).getByRole('button').first().click();
  await page.getByLabel('Constancia de situación fiscal (SAT)').setInputFiles({
    name: 'Constancia SAT.pdf',
    mimeType: 'application/pdf',
    buffer: constancia,
  });
  await page.getByRole('button', { name: 'Registrar', exact: true }).click();
  await page.waitForURL('**/proveedor');
  // The supplier sees what it sent, and may add more while pending.
  await page.getByTestId('my-supplier-documents').getByText('Constancia SAT.pdf').waitFor();
  await context.close();

  const account = await world.api.account('registrar');
  const registrar = await signedIn(
    browser,
    world,
    new Party(world, account.email, { accountId: account.accountId }),
    '**/registrador',
  );
  await untilShown(registrar, 'Papelería Documentada');
  const item = registrar.locator('li.result', { hasText: 'Papelería Documentada' });
  await item.getByRole('button', { name: 'Ver detalles e historial' }).click();
  const details = item.getByTestId('supplier-details');
  const listed = details.getByTestId('supplier-documents');
  await listed.getByText('Constancia de situación fiscal (SAT): Constancia SAT.pdf').waitFor();
  await details.getByTestId('supplier-history').getByText('Documentos adjuntos').waitFor();

  const [download] = await Promise.all([
    registrar.waitForEvent('download'),
    listed.getByRole('button', { name: 'Descargar' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Constancia SAT.pdf');
  expect(sha256(await readFile(await download.path()))).toBe(sha256(constancia));

  await item.getByRole('button', { name: 'Verificar' }).click();
  await eventually('the verification recorded after the download', async () => {
    const supplierId = (await world.api.call('GET', '/api/suppliers?q=Documentada')).body.items?.[0]?.supplierId;
    const history = supplierId
      ? await world.api.call('GET', `/api/suppliers/${supplierId}/history`, {
          token: await world.api.login(account.email),
        })
      : undefined;
    return (
      history?.body.map((e: { type: string }) => e.type).join() ===
      'SupplierRegistered,SupplierDocumentsAttached,SupplierVerified'
    );
  });
});
