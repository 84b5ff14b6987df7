/**
 * The documents of a procedure, in the browser (issue #17): a buyer attaches the call for tenders to its draft and
 * requires e.firma signatures; a supplier downloads the call from the public page, uploads its technical proposal
 * (sealed as it goes) and signs the proposal with its e.firma (.cer and .key read in the browser); after the
 * opening act the buyer downloads the supplier's file, byte for byte; the public downloads the signed opening act
 * and its signature checks.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { SupplierRegistry } from '@licita/suppliers';
import { aKeyFile, aSignerCertificate, aTestCa } from '@licita/tendering/testing/efirma-test-ca';
import { closeWithBrowser, startWithBrowser, screenshot } from './browser';
import { at, DAY, TenderingApi, type Party } from './scenarios';
import { signedIn, signIn, untilShown } from './sessions';

let world: TenderingApi;
let browser: Browser;
let buyer: Page;
let supplier: Page;
let buyerParty: Party;
let supplierParty: Party;
let tenderId: string;
const KEY_PASSWORD = 'clave de la llave privada';

/** Small but real PDFs (the API tells the type from the content). */
const aPdf = (text: string) =>
  Buffer.from(`%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n${'x'.repeat(4_000)}\n%%EOF\n`);
const CALL = aPdf('Convocatoria: computadoras portátiles para hospitales');
const TECHNICAL = aPdf('Propuesta técnica de Cómputo del Bajío');
let cer: Buffer;
let key: Buffer;

jest.setTimeout(60_000);

beforeAll(async () => {
  const ca = await aTestCa();
  const dir = mkdtempSync(join(tmpdir(), 'licita-documents-web-'));
  writeFileSync(join(dir, 'ac.pem'), ca.pem);
  [world, browser] = await startWithBrowser(() =>
    TenderingApi.start('2026-03-02T15:00:00.000Z', undefined, {
      env: { EFIRMA_CA_CERTS: join(dir, 'ac.pem'), DOCUMENTS_DIR: join(dir, 'documents') },
    }),
  );
  buyerParty = await world.buyer(await world.buyingUnit());
  supplierParty = await world.supplier('Cómputo del Bajío');
  const registered = await world.api.api.app.get(SupplierRegistry).load(supplierParty.ids.supplierId as string);
  const signer = await aSignerCertificate(ca, { rfc: registered.data!.rfc, name: 'COMPUTO DEL BAJIO SA DE CV' });
  [cer, key] = [signer.der, await aKeyFile(signer.keys, KEY_PASSWORD)];
  [buyer, supplier] = await Promise.all([
    signedIn(browser, world, buyerParty, '**/comprador'),
    signedIn(browser, world, supplierParty, '**/proveedor'),
  ]);
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

/** What `click` makes the browser download, as bytes. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { download, bytes: readFileSync(await download.path()) };
}

it('lets the buyer attach the call for tenders to its draft, requiring signed proposals, and publish it', async () => {
  await buyer.getByRole('button', { name: 'Nueva licitación' }).click();
  await buyer.getByLabel('Título').fill('Computadoras portátiles para hospitales');
  await buyer.getByLabel('Descripción', { exact: true }).fill('Equipos para las unidades médicas de la región.');
  const schedule = {
    Publicación: '2026-03-02T10:00',
    'Límite para preguntas': '2026-03-09T10:00',
    'Límite para propuestas': '2026-03-20T10:00',
    'Acto de apertura': '2026-03-20T11:00',
    Fallo: '2026-03-27T10:00',
  };
  for (const [field, value] of Object.entries(schedule)) await buyer.getByLabel(field, { exact: true }).fill(value);
  await buyer.getByLabel('Nombre de la partida').fill('Computadoras portátiles');
  await buyer.getByLabel('Agregar concepto del clasificador').fill('ordenadores portátiles');
  await buyer.getByRole('button', { name: /30213100-6/ }).click();
  await buyer.getByLabel('Cantidad').fill('20');
  await buyer.getByLabel('Precio unitario estimado (MXN)').fill('24,000.00');
  await buyer.locator('input[name=requireProposalSignature]').check();
  await buyer
    .locator('#tender-docs')
    .setInputFiles({ name: 'convocatoria.pdf', mimeType: 'application/pdf', buffer: CALL });
  await buyer.getByTestId('tender-docs-list').getByText('convocatoria.pdf', { exact: false }).waitFor();
  await buyer.getByRole('button', { name: 'Guardar borrador' }).click();
  await buyer.waitForURL('**/comprador/licitaciones/*');
  tenderId = buyer.url().split('/').at(-1)!;

  world.clock.set('2026-03-02T16:00:00.000Z');
  await buyer.getByRole('button', { name: 'Publicar convocatoria' }).click();
  await untilShown(buyer, 'Periodo de aclaraciones');
});

it('lets a supplier download the call, then upload its sealed technical proposal and sign the proposal with e.firma', async () => {
  world.clock.set(at('2026-03-02T16:00:00.000Z', DAY));
  await supplier.goto(`${world.api.url}/licitaciones/${tenderId}`);
  await untilShown(supplier, 'convocatoria.pdf');
  const call = await downloaded(supplier, () => supplier.getByRole('link', { name: 'convocatoria' }).click());
  expect(call.download.suggestedFilename()).toBe('convocatoria.pdf');
  expect(call.bytes.equals(CALL)).toBe(true);

  world.clock.set('2026-03-10T16:00:00.000Z');
  await signIn(supplier, world, supplierParty, `/proveedor?licitacion=${tenderId}`);
  await supplier.getByPlaceholder('Precio unitario (MXN)').fill('23,500.00');
  await supplier.locator('#proposal-docs').setInputFiles({
    name: 'propuesta técnica.pdf',
    mimeType: 'application/pdf',
    buffer: TECHNICAL,
  });
  await supplier.getByTestId('proposal-docs-list').getByText('propuesta técnica.pdf', { exact: false }).waitFor();
  const step = supplier.getByTestId('efirma-step');
  await step
    .locator('input[name=efirma-cer]')
    .setInputFiles({ name: 'firma.cer', mimeType: 'application/x-x509-ca-cert', buffer: cer });
  await step
    .locator('input[name=efirma-key]')
    .setInputFiles({ name: 'firma.key', mimeType: 'application/octet-stream', buffer: key });
  await step.locator('input[name=efirma-password]').fill(KEY_PASSWORD);
  await supplier.getByRole('button', { name: 'Presentar propuesta' }).click();
  await supplier.getByTestId('receipt').waitFor();
  expect(await supplier.getByTestId('receipt').textContent()).toMatch(/Compromiso \(SHA-256\)[0-9a-f]{64}/);
  await screenshot(supplier, 'supplier-signed-proposal-with-file');
});

it('lets the buyer download the sealed file after the opening act, and the public the signed act', async () => {
  world.clock.set('2026-03-20T17:00:00.000Z');
  await signIn(buyer, world, buyerParty, `/comprador/licitaciones/${tenderId}`);
  await buyer.getByRole('button', { name: 'Abrir propuestas' }).click();
  await untilShown(buyer, 'Concluir la evaluación');
  expect(await buyer.textContent('main')).toContain('COMPUTO DEL BAJIO SA DE CV');
  const file = await downloaded(buyer, () => buyer.getByTestId('proposal-file').click());
  expect(file.download.suggestedFilename()).toBe('propuesta técnica.pdf');
  expect(file.bytes.equals(TECHNICAL)).toBe(true);

  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await page.goto(`${world.api.url}/licitaciones/${tenderId}`);
  await untilShown(page, 'Acta de apertura para imprimir');
  await page.getByRole('link', { name: 'Acta de apertura para imprimir, con su PDF firmado' }).click();
  const act = await downloaded(page, () => page.getByTestId('signed-pdf').click());
  expect(act.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const checked = await page.request.post(`${world.api.url}/api/acts/verify`, {
    data: act.bytes,
    headers: { 'content-type': 'application/pdf' },
  });
  expect(await checked.json()).toMatchObject({ valid: true });
  const changed = Buffer.from(act.bytes);
  changed[Math.floor(changed.length / 3)] ^= 0x01;
  const tampered = await page.request.post(`${world.api.url}/api/acts/verify`, {
    data: changed,
    headers: { 'content-type': 'application/pdf' },
  });
  expect(await tampered.json()).toMatchObject({ valid: false });
});
