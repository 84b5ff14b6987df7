/**
 * The public portal in headless Chromium against the real API: a citizen searches procedures with a filter and
 * reads one tender's page (lots, clarifications, opening act, award, contract, timeline), in Spanish with
 * money as es-MX writes it, on a desktop and on a phone; then switches to English.
 */
import type { Browser, Page } from 'playwright-core';
import { closeWithBrowser, startWithBrowser, screenshot } from './browser';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import {
  aHistoricalContract,
  aHistoricalProcedure,
  appendHistoricalProcedure,
} from '@licita/history/testing/historical-events';
import { aDirectAward } from '../api/tendering/tendering-api';
import { aContractedTender, DAY, eventually, TenderingApi, type Party } from './scenarios';

let world: TenderingApi;
let browser: Browser;
let contracted: string;

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T15:00:00.000Z'));
  const unit = await world.buyingUnit();
  const buyer = await world.buyer(unit);
  const suppliers: Party[] = [await world.supplier('Cómputo del Bajío'), await world.supplier('Sistemas Tapatíos')];
  contracted = await aContractedTender(world, buyer, suppliers, '2026-03-02T16:00:00.000Z');
  const later = new Date(world.clock.now().getTime() + DAY).toISOString();
  await world.publishedTender(buyer, later, {
    title: 'Servicio de limpieza de oficinas',
    description: 'Limpieza integral de las oficinas centrales.',
    ...aServicesLot(),
  });
  await eventually(
    'both procedures are public',
    async () => (await world.anonymous('GET', '/api/transparency/tenders')).body?.items?.length === 2,
    20_000,
  );
  await eventually(
    'the contract is public',
    async () => (await world.anonymous('GET', `/api/transparency/tenders/${contracted}`)).body?.contracts?.length === 1,
    20_000,
  );
}, 120_000);

jest.setTimeout(60_000);

afterAll(() => closeWithBrowser(world, browser));

/** The cleaning tender: one services lot, its items under CPV 90910000-9 (cleaning services). */
function aServicesLot() {
  const lot = {
    lotId: 'lot-1',
    title: 'Limpieza',
    items: [
      {
        itemId: 'item-1',
        classifierCode: '90910000-9',
        description: 'Limpieza diaria',
        quantity: 12,
        unit: 'mes',
        estimatedUnitPrice: 4_500_000,
      },
    ],
    estimatedValue: { amount: 54_000_000, currency: 'MXN' },
  };
  return { category: 'services', lots: [lot], estimatedTotal: { amount: 54_000_000, currency: 'MXN' } };
}

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

describe('the public portal', () => {
  it('finds procedures by words and by status, in Spanish, with amounts in pesos', async () => {
    const page = await newPage();
    await page.goto(`${world.api.url}/`);
    await page.getByRole('heading', { name: 'Licitaciones y contrataciones públicas' }).waitFor();
    await page.getByTestId('tender-result').nth(1).waitFor();
    expect(await page.getByTestId('tender-result').count()).toBe(2);
    await expect(page.textContent('body')).resolves.toContain('$540,000.00');

    await page.getByLabel('Buscar en título y descripción').fill('computo');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.waitForURL(/q=computo/);
    await eventually(
      'only the laptops tender is listed',
      async () => (await page.getByTestId('tender-result').count()) === 1,
    );
    const result = page.getByTestId('tender-result');
    await expect(result.textContent()).resolves.toContain('Adquisición de equipo de cómputo 2026');
    await expect(result.textContent()).resolves.toContain('$265,000.00');
    await screenshot(page, 'portal-search');

    await page.goto(`${world.api.url}/?status=active.enquiries`);
    await eventually(
      'only the open tender is listed',
      async () =>
        (await page.getByTestId('tender-result').count()) === 1 &&
        (await page.getByTestId('tender-result').textContent())!.includes('limpieza'),
    );
    await page.context().close();
  });

  it('shows a tender from its publication to its contract, with its timeline', async () => {
    const page = await newPage();
    await page.goto(`${world.api.url}/?q=computo`);
    await page.getByRole('link', { name: 'Adquisición de equipo de cómputo 2026' }).click();
    await page.waitForURL(`**/licitaciones/${contracted}`);
    await page.getByRole('heading', { level: 1, name: 'Adquisición de equipo de cómputo 2026' }).waitFor();
    const text = (await page.textContent('main'))!;
    expect(text).toContain('Contratada');
    expect(text).toContain('Licitación pública nacional');
    expect(text).toContain('Laptop 14", 16 GB RAM');
    expect(text).toContain('¿Se aceptan equipos con garantía de tres años?');
    expect(text).toContain('Sí; la garantía mínima es de tres años.');
    expect(text).toContain('Cómputo del Bajío, S.A. de C.V.');
    expect(text).toContain('$245,000.00'); // awarded: 10 laptops at 23,500.00 and 10 docks at 1,000.00
    expect(await page.getByTestId('award').count()).toBe(1);
    expect(await page.getByTestId('contract').count()).toBe(1);
    expect(await page.locator('[data-testid=timeline] li').count()).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'tender-page');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('heading', { name: 'Adjudicaciones' }).scrollIntoViewIfNeeded();
    const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await screenshot(page, 'tender-page-phone');

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Awards' }).waitFor();
    expect(await page.textContent('main')).toContain('Public national tender');
    await screenshot(page, 'tender-page-english');
    await page.context().close();
  });

  it('prints the opening act and the ruling as sheets without the portal around them', async () => {
    const page = await newPage();
    await page.goto(`${world.api.url}/licitaciones/${contracted}`);
    await page.getByRole('link', { name: 'Acta de apertura para imprimir, con su PDF firmado' }).click();
    await page.waitForURL(`**/licitaciones/${contracted}/actas/apertura`);
    await page.getByRole('heading', { level: 1, name: 'Acta de presentación y apertura de proposiciones' }).waitFor();
    const opening = (await page.textContent('[data-testid=act-sheet]'))!;
    expect(opening).toContain(contracted);
    expect(opening).toContain('Cómputo del Bajío, S.A. de C.V.');
    expect(opening).toContain('Sistemas Tapatíos, S.A. de C.V.');
    expect(await page.getByTestId('act-offer').count()).toBe(2);
    expect(await page.getByTestId('signed-pdf').getAttribute('href')).toBe(
      `/api/tenders/${contracted}/acts/opening.pdf`,
    );
    // The public downloads the signed act from the sheet's link and checks it (any changed byte would fail).
    const pdf = await page.request.get(`${world.api.url}/api/tenders/${contracted}/acts/opening.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const checked = await page.request.post(`${world.api.url}/api/acts/verify`, {
      data: await pdf.body(),
      headers: { 'content-type': 'application/pdf' },
    });
    expect(await checked.json()).toMatchObject({ valid: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.main').isVisible()).toBe(false);
    expect(await page.getByTestId('signed-pdf').isVisible()).toBe(false);
    expect(await page.getByTestId('act-offer').first().isVisible()).toBe(true);
    await screenshot(page, 'opening-act-print');
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`${world.api.url}/licitaciones/${contracted}`);
    await page.getByRole('link', { name: 'Acta de fallo para imprimir, con su PDF firmado' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acta de fallo' }).waitFor();
    expect(await page.getByTestId('act-award').count()).toBe(1);
    expect(await page.textContent('[data-testid=act-award]')).toContain('$245,000.00');
    expect(await page.getByTestId('signed-pdf').getAttribute('href')).toBe(
      `/api/tenders/${contracted}/acts/ruling.pdf`,
    );
    await page.context().close();
  });

  it('follows the tender to its supplier, its buying unit and its classifier code', async () => {
    const page = await newPage();
    await page.goto(`${world.api.url}/licitaciones/${contracted}`);
    await page.getByRole('link', { name: 'Cómputo del Bajío, S.A. de C.V.' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Cómputo del Bajío, S.A. de C.V.' }).waitFor();
    expect(await page.textContent('main')).toContain('Adquisición de equipo de cómputo 2026');
    await screenshot(page, 'supplier-profile');
    await page.goto(`${world.api.url}/clasificador/30213100-6`);
    await page.getByText('Procedimientos que lo usan').waitFor();
    await screenshot(page, 'classifier');
    await page.goto(`${world.api.url}/estadisticas`);
    await page.getByRole('heading', { name: 'Monto por tipo de procedimiento' }).waitFor();
    await page.locator('canvas').first().waitFor();
    await screenshot(page, 'statistics');
    await page.context().close();
  });

  it('searches the classifier as people write it: CUCoP by default, CPV one switch away', async () => {
    const page = await newPage();
    await page.goto(`${world.api.url}/clasificador`);
    await page.getByRole('heading', { level: 1, name: 'Clasificador de bienes y servicios (CUCoP)' }).waitFor();
    await page.getByLabel('Palabras o clave').fill('computadora portátil');
    await page
      .getByRole('link', { name: /^51500062 Microcomputadora portatil/ })
      .first()
      .waitFor();
    // How many codes the search finds in all (the API's total), not how many the page shows.
    const answer = await fetch(`${world.api.url}/api/classifier?q=computadora%20port%C3%A1til&scheme=CUCoP&limit=1`);
    const { total } = (await answer.json()) as { total: { value: number; exact: boolean } };
    expect(total.exact).toBe(true);
    await page
      .getByTestId('list-total')
      .filter({ hasText: `${total.value.toLocaleString('es-MX')} código${total.value === 1 ? '' : 's'}` })
      .waitFor();
    await page.getByLabel('Catálogo').selectOption('CPV');
    await page.getByRole('heading', { level: 1, name: 'Clasificador de bienes y servicios (CPV)' }).waitFor();
    await page
      .getByRole('link', { name: /^30213100-6 Ordenadores portátiles/ })
      .first()
      .waitFor();
    await page.context().close();
  });
});

describe('an imported historical record', () => {
  const procedure = aHistoricalProcedure({
    title: 'Mantenimiento a equipo de rayos X',
    repairs: ['NUMERO_PROCEDIMIENTO con espacios al final: se recortaron'],
  });
  const contract = aHistoricalContract(procedure.procedureId, {
    value: { amount: 0, currency: 'MXN' },
    consolidatedPurchase: true,
    multiYear: { portfolioKey: null },
  });

  beforeAll(async () => {
    await appendHistoricalProcedure(world.api.api.app.get<EventStore>(EVENT_STORE), procedure, [contract]);
    await eventually(
      'the imported record is public',
      async () => (await world.anonymous('GET', `/api/transparency/tenders/${procedure.procedureId}`)).status === 200,
      20_000,
    );
  });

  it('is badged "importado" in the list and its page says where it came from, without a platform procedure’s actions', async () => {
    const page = await newPage();
    await page.goto(`${world.api.url}/?origin=imported`);
    await page.getByTestId('imported-badge').waitFor();
    expect(await page.getByTestId('tender-result').count()).toBe(1);
    await page.getByRole('link', { name: /Mantenimiento a equipo de rayos X/ }).click();
    await page.waitForURL(`**/licitaciones/${procedure.procedureId}`);
    const banner = page.getByTestId('imported-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(
      'Registro histórico importado de CompraNet (Contratos2013.csv, fila 17)',
    );
    expect(await page.getByTestId('imported-repairs').textContent()).toContain('se recortaron');
    expect(await page.getByTestId('imported-contract').textContent()).toContain('$0.00');
    expect(await page.getByTestId('imported-features').textContent()).toBe('Compra consolidada · Contrato plurianual');
    // The original values are folded away until asked for.
    const original = page.getByTestId('imported-original');
    expect(await original.getByText('Adjudicación Directa Federal').isVisible()).toBe(false);
    await original.locator('summary').click();
    await original.getByText('Adjudicación Directa Federal').waitFor();
    const text = (await page.textContent('main'))!;
    for (const action of ['Seguir', 'Entre para seguir', 'Acta de fallo', 'La licitación en el tiempo'])
      expect(text).not.toContain(action);
    await page.getByRole('button', { name: 'EN' }).click();
    await banner.filter({ hasText: 'Historical record imported from CompraNet (Contratos2013.csv, row 17)' }).waitFor();
    await page.context().close();
  });
});

describe('a consolidated purchase with a multi-year contract', () => {
  it('shows the participating units and each unit’s contract, one with its amount per fiscal year', async () => {
    const now = world.clock.now().toISOString();
    const central = await world.buyingUnit();
    const [hospital, clinic] = [await world.buyingUnit(), await world.buyingUnit()];
    const supplier = await world.supplier('Equipos Consolidados');
    const items = (laptops: number) => [
      { itemId: 'item-1', quantity: laptops },
      { itemId: 'item-2', quantity: laptops },
    ];
    const participants = [
      {
        buyingUnitId: hospital,
        requestReference: 'REQ-HN-2026-014',
        items: items(7),
        commitment: { amount: 18_550_000, currency: 'MXN' },
      },
      {
        buyingUnitId: clinic,
        requestReference: 'Oficio CS/031/2026',
        items: items(3),
        commitment: { amount: 7_950_000, currency: 'MXN' },
      },
    ];
    const draft = {
      ...aDirectAward(central, now, supplier.supplierId),
      title: 'Compra consolidada de laptops 2026',
      consolidation: { participants },
    };
    const tenderId = (await (await world.buyer(central)).post('/api/tenders', draft)).body.tenderId;
    await (
      await world.buyer(central)
    ).post(`/api/tenders/${tenderId}/direct-award`, { lots: [{ lotId: 'lot-1', amount: 26_000_000 }] });
    const contract = { tenderId, lotId: 'lot-1', startDate: now, endDate: '2027-06-30T06:00:00.000Z' };
    const multiYear = {
      fiscalYears: [
        { fiscalYear: 2026, amount: 10_000_000 },
        { fiscalYear: 2027, amount: 8_200_000 },
      ],
      portfolioKey: '2612GYR0001',
    };
    expect(
      (await (await world.buyer(hospital)).post('/api/contracts', { ...contract, buyingUnitId: hospital, multiYear }))
        .status,
    ).toBe(201);
    expect(
      (await (await world.buyer(clinic)).post('/api/contracts', { ...contract, buyingUnitId: clinic })).status,
    ).toBe(201);
    await eventually(
      'both contracts are public',
      async () => (await world.anonymous('GET', `/api/transparency/tenders/${tenderId}`)).body?.contracts?.length === 2,
      20_000,
    );

    const page = await newPage();
    await page.goto(`${world.api.url}/licitaciones/${tenderId}`);
    await page.getByRole('heading', { name: 'Compra consolidada (LAASSP art. 17)' }).waitFor();
    expect(await page.getByTestId('participant').count()).toBe(2);
    const text = (await page.textContent('main'))!;
    expect(text).toContain('REQ-HN-2026-014');
    expect(text).toContain('$185,500.00');
    expect(await page.getByTestId('unit-contract').count()).toBe(2);
    const years = (await page.getByTestId('multi-year').textContent())!;
    expect(years).toContain('Contrato plurianual');
    expect(years).toContain('Ejercicio 2027');
    expect(years).toContain('$82,000.00');
    expect(years).toContain('Clave de cartera SHCP 2612GYR0001');
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Consolidated purchase (LAASSP art. 17)' }).waitFor();
    expect(await page.getByTestId('multi-year').textContent()).toContain('Fiscal year 2026');

    await page.goto(`${world.api.url}/?feature=consolidated_purchase&origin=platform`);
    await page.getByRole('link', { name: 'Compra consolidada de laptops 2026' }).waitFor();
    expect(await page.getByTestId('tender-result').count()).toBe(1);
    await page.context().close();
  });
});
