/**
 * The works log (bitácora) in headless Chromium: the resident opens it from the contract and gives an
 * instruction; the superintendent answers it and reports progress with a photo; the public reaches the log
 * from the procedure's page and sees the numbered notes, the progress chart over time (physical vs financial)
 * with its table, and a private note's number, kind and legal reason without its contents. The superintendent
 * signs a note with an e.firma (of a CA the test generates) in the browser; the public sees who signed it, and the
 * financial progress paid next to the reported one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SupplierRegistry } from '@licita/suppliers';
import { aKeyFile, aSignerCertificate, aTestCa, type TestCa } from '@licita/tendering/testing/efirma-test-ca';
import { aContract, aDirectAward } from '../api/tendering/tendering-api';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { TenderingApi, type Party } from './scenarios';
import { signedIn } from './sessions';

const NOW = '2026-03-02T16:00:00.000Z';
/** A 1×1 PNG: the API tells the type from the content. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let world: TenderingApi;
let browser: Browser;
let residentParty: Party;
let superintendentParty: Party;
let tenderId: string;
let contractId: string;
let ca: TestCa;

jest.setTimeout(90_000);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'licita-works-log-web-'));
  ca = await aTestCa();
  writeFileSync(join(dir, 'ac.pem'), ca.pem);
  const env = { DOCUMENTS_DIR: join(dir, 'documents'), EFIRMA_CA_CERTS: join(dir, 'ac.pem') };
  [world, browser] = await startWithBrowser(() => TenderingApi.start(NOW, undefined, { env }));
  residentParty = await world.buyer(await world.buyingUnit());
  superintendentParty = await world.supplier('Constructora del Golfo');
  const unitId = residentParty.ids.buyingUnitId as string;
  const draft = { ...aDirectAward(unitId, NOW, superintendentParty.supplierId), category: 'works' };
  tenderId = (await residentParty.post('/api/tenders', draft)).body.tenderId;
  await residentParty.post(`/api/tenders/${tenderId}/direct-award`, { lots: [{ lotId: 'lot-1', amount: 26_000_000 }] });
  contractId = (await residentParty.post('/api/contracts', aContract(tenderId, NOW))).body.contractId;
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

const logPage = () => `${world.api.url}/contratos/${contractId}/bitacora`;
const noteItem = (page: Page, n: number) =>
  page.getByTestId('works-log-note').filter({ hasText: new RegExp(`^(Nota|Note) ${n} ·`) });

it('the resident opens the log and instructs; the superintendent answers and reports progress with a photo', async () => {
  const [resident, superintendent] = await Promise.all([
    signedIn(browser, world, residentParty, '**/comprador'),
    signedIn(browser, world, superintendentParty, '**/proveedor'),
  ]);
  await superintendent.goto(logPage());
  const ownAccount = await superintendent.getByTestId('works-log-own-account').innerText();
  expect(ownAccount).toContain(superintendentParty.ids.accountId);
  await resident.goto(`${world.api.url}/comprador/licitaciones/${tenderId}`);
  await resident.getByTestId('works-log-link').getByRole('link', { name: 'Bitácora de obra' }).click();
  await resident.getByText('Este contrato aún no tiene bitácora.').waitFor();
  await resident.getByLabel('Cuenta del superintendente').fill(superintendentParty.ids.accountId);
  await resident.getByLabel('Nota de apertura').fill('Apertura: pavimentación de la calle Hidalgo.');
  await resident.getByRole('button', { name: 'Abrir la bitácora' }).click();
  await noteItem(resident, 1).getByText('Apertura de la bitácora').waitFor();
  await resident.getByLabel('Tipo de nota').selectOption('instruction');
  await resident.getByLabel('Texto de la nota').fill('Se instruye colar la losa del eje 3.');
  await resident.getByRole('button', { name: 'Firmar y asentar la nota' }).click();
  await noteItem(resident, 2).getByText('Se instruye colar la losa del eje 3.').waitFor();

  await superintendent.reload();
  await superintendent.getByRole('button', { name: 'Contestar la nota 2' }).click();
  await superintendent.getByLabel('Texto de la nota').fill('Enterado; se cuela el lunes.');
  await superintendent.getByRole('button', { name: 'Firmar y asentar la nota' }).click();
  await noteItem(superintendent, 2).getByText('Contestada en: 3').waitFor();

  await superintendent.getByLabel('Tipo de nota').selectOption('progress');
  await superintendent.getByLabel('Texto de la nota').fill('Avance de la primera semana.');
  await superintendent.getByLabel('Avance físico (%)').fill('25.5');
  await superintendent.getByLabel('Avance financiero (%)').fill('10');
  await superintendent
    .locator('#works-log-attachments')
    .setInputFiles({ name: 'colado.png', mimeType: 'image/png', buffer: PHOTO });
  await superintendent.getByTestId('works-log-attachments-list').getByText('colado.png').waitFor();
  await superintendent.getByRole('button', { name: 'Firmar y asentar la nota' }).click();
  await noteItem(superintendent, 4).getByRole('link', { name: 'colado' }).waitFor();
  await screenshot(superintendent, 'works-log-desk');
  await Promise.all([resident.context().close(), superintendent.context().close()]);
});

it('the public reaches the log from the procedure and sees the notes, the progress chart and no private contents', async () => {
  world.clock.set('2026-03-09T16:00:00.000Z');
  await superintendentParty.post(`/api/works-logs/${contractId}/notes`, {
    kind: 'progress',
    text: 'Avance de la segunda semana.',
    progress: { physicalBp: 4_000, financialBp: 3_000 },
  });
  await residentParty.post(`/api/works-logs/${contractId}/notes`, {
    kind: 'incident',
    text: 'Lesión del trabajador Juan Pérez.',
    confidential: { legalBasis: 'LGPDPPSO art. 3 fr. IX' },
  });

  const context = await browser.newContext({ locale: 'es-MX', timezoneId: 'America/Mexico_City' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${world.api.url}/licitaciones/${tenderId}`);
  await page.getByRole('link', { name: 'Bitácora de obra' }).click();
  await page.getByRole('heading', { name: 'Bitácora de obra pública' }).waitFor();
  await page.getByText('6 notas').waitFor();
  const rows = await page.locator('table.works-log-progress tbody tr').allInnerTexts();
  expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
    expect.stringMatching(/^4 .* 25\.5 % 10 %$/),
    expect.stringMatching(/^5 .* 40 % 30 %$/),
  ]);
  const chart = page.getByRole('img', { name: 'Avance físico y financiero a lo largo del tiempo' });
  expect(
    // Drawn: more than a blank canvas of the same size encodes to.
    await chart.evaluate((node) => {
      type Canvas = { width: number; height: number; toDataURL(): string };
      const canvas = node as unknown as Canvas;
      const blank = node.ownerDocument.createElement('canvas') as unknown as Canvas;
      [blank.width, blank.height] = [canvas.width, canvas.height];
      return canvas.width > 0 && canvas.toDataURL().length > 2 * blank.toDataURL().length;
    }),
  ).toBe(true);
  const secret = noteItem(page, 6);
  await secret.getByText('Fundamento: LGPDPPSO art. 3 fr. IX').waitFor();
  await secret.getByText('Contenido reservado.').waitFor();
  expect(await page.locator('body').innerText()).not.toContain('Juan Pérez');
  expect(await page.getByRole('button', { name: 'Firmar y asentar la nota' }).count()).toBe(0);
  const href = await noteItem(page, 4).getByRole('link', { name: 'colado' }).getAttribute('href');
  const photo = await page.request.get(`${world.api.url}${href}`);
  expect(Buffer.from(await photo.body())).toEqual(PHOTO);
  await screenshot(page, 'works-log-public');

  await page.evaluate(() => localStorage.setItem('licita.language', 'en'));
  await page.reload();
  await page.getByRole('heading', { name: 'Physical and financial progress' }).waitFor();
  await noteItem(page, 6).getByText('Contents withheld.').waitFor();
  await context.close();
});

it('the superintendent signs a note with e.firma in the browser; the public sees who signed and what was paid', async () => {
  const PASSWORD = 'llave del superintendente';
  const supplier = await world.api.api.app.get(SupplierRegistry).load(superintendentParty.supplierId);
  const cer = await aSignerCertificate(ca, {
    rfc: supplier.data?.rfc as string,
    name: 'CONSTRUCTORA DEL GOLFO SA DE CV',
  });
  const key = await aKeyFile(cer.keys, PASSWORD);
  const superintendent = await signedIn(browser, world, superintendentParty, '**/proveedor');
  await superintendent.goto(logPage());
  await superintendent.getByLabel('Tipo de nota').selectOption('note');
  await superintendent.getByLabel('Texto de la nota').fill('Se entrega el programa de obra actualizado.');
  const step = superintendent.getByTestId('efirma-step');
  await step.locator('input[name=efirma-enabled]').check();
  await step
    .locator('input[name=efirma-cer]')
    .setInputFiles({ name: 'firma.cer', mimeType: 'application/x-x509-ca-cert', buffer: cer.der });
  await step
    .locator('input[name=efirma-key]')
    .setInputFiles({ name: 'firma.key', mimeType: 'application/octet-stream', buffer: key });
  await step.locator('input[name=efirma-password]').fill(PASSWORD);
  await superintendent.getByRole('button', { name: 'Firmar y asentar la nota' }).click();
  await noteItem(superintendent, 7).getByTestId('works-log-signed-by').waitFor();
  await superintendent.context().close();

  // The contract's execution: an estimate invoiced, accepted and paid in part (10 % of 260,000.00).
  const execution = `/api/contracts/${contractId}/execution`;
  const today = world.clock.now().toISOString();
  const invoice = {
    invoiceId: 'E1',
    cfdiUuid: '7A1B2C3D-1234-4ABC-9DEF-0123456789AB',
    folio: 'EST-1',
    amount: 6_500_000,
    issuedAt: today,
  };
  expect((await superintendentParty.post(`${execution}/invoices`, invoice)).status).toBe(200);
  expect((await residentParty.post(`${execution}/invoices/E1/review`, { decision: 'accepted' })).status).toBe(200);
  const paid = await residentParty.post(`${execution}/payments`, {
    paymentId: 'PE1',
    invoiceId: 'E1',
    amount: 2_600_000,
    paidAt: today,
  });
  expect(paid.status).toBe(200);
  await world.anonymous('GET', `/api/works-logs/${contractId}?minPosition=${paid.headers.get('licita-position')}`);

  const context = await browser.newContext({ locale: 'es-MX', timezoneId: 'America/Mexico_City' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(logPage());
  const signedBy = noteItem(page, 7).getByTestId('works-log-signed-by');
  expect(await signedBy.innerText()).toContain('Firmada con e.firma por CONSTRUCTORA DEL GOLFO SA DE CV');
  expect(await noteItem(page, 5).getByTestId('works-log-signed-by').count()).toBe(0);
  expect(await page.locator('body').innerText()).not.toContain(supplier.data?.rfc as string);
  const paidLine = (await page.getByTestId('works-log-paid').innerText()).replace(/\s+/g, ' ');
  expect(paidLine).toMatch(/Pagado: \$26,000\.00 de \$260,000\.00 del contrato \(10 % de avance financiero pagado\)/);
  expect(paidLine).toContain('El avance financiero reportado supera en más de 10 puntos lo pagado.');
  const payments = await page.locator('table.works-log-payments tbody tr').allInnerTexts();
  expect(payments.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([expect.stringMatching(/\$26,000\.00 10 %$/)]);
  await screenshot(page, 'works-log-signed-and-paid');
  await context.close();
});
