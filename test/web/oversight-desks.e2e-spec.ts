/**
 * The registrar's and the auditor's desks end to end in the browser: the registrar reads a pending supplier's
 * details and history before verifying it, and registers a buying unit that the list and the buyer form show at
 * once; the auditor reads every procedure, a tender's sealed-proposal metadata (commitments, sizes: no amounts),
 * the red flags by buying unit and the links to the bulk downloads; a state administrator builds its state's part of
 * the government tree from its own desk.
 */
import type { Browser, Page } from 'playwright-core';
import { aProposal, laptopsAt, Party, scheduleFrom } from '../api/tendering/tendering-api';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { at, eventually, HOUR, TenderingApi } from './scenarios';
import { signedIn, untilShown } from './sessions';

const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);

let world: TenderingApi;
let browser: Browser;

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start(P));
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

async function staff(role: 'registrar' | 'auditor' | 'state_admin', stateCode?: string): Promise<Party> {
  const account = await world.api.account(role, stateCode ? { stateCode } : {});
  return new Party(world, account.email, { accountId: account.accountId });
}

describe("the registrar's desk", () => {
  let registrar: Page;

  it('shows a pending supplier’s details and history before verifying it', async () => {
    const pending = await world.supplier('Pendiente de Verificar', { verified: false });
    registrar = await signedIn(browser, world, await staff('registrar'), '**/registrador');
    const item = registrar.locator('li.result', { hasText: 'Pendiente de Verificar' });
    await untilShown(registrar, 'Pendiente de Verificar');
    await item.getByRole('button', { name: 'Ver detalles e historial' }).click();
    const details = item.getByTestId('supplier-details');
    await details.getByTestId('supplier-history').getByText('Registro').waitFor();
    const text = (await details.textContent())!;
    expect(text).toContain('Av. Juárez 100');
    expect(text).toContain('Ana Pérez');
    expect(text).toContain('30213100-6');
    await screenshot(registrar, 'registrar-supplier-details');

    await item.getByRole('button', { name: 'Verificar' }).click();
    await eventually('the verification recorded', async () => {
      const history = await pending.get(`/api/suppliers/${pending.supplierId}/history`);
      return history.body.map((e: { type: string }) => e.type).join() === 'SupplierRegistered,SupplierVerified';
    });
    await registrar.getByLabel('Estado del registro').selectOption('verified');
    const verified = registrar.locator('li.result', { hasText: 'Pendiente de Verificar' });
    await eventually('listed among the verified', async () => {
      await registrar.getByRole('button', { name: 'Actualizar' }).click();
      await registrar.waitForLoadState('networkidle');
      return (await verified.count()) > 0;
    });
    await verified.getByRole('button', { name: 'Ver detalles e historial' }).click();
    await verified.getByTestId('supplier-history').getByText('Verificado').waitFor();
    expect(await verified.getByRole('button', { name: 'Verificar' }).count()).toBe(0);
    await registrar.getByLabel('Estado del registro').selectOption('pending');
  });

  it('registers a buying unit that the list and the buyer form offer without reloading', async () => {
    const form = registrar.locator('section', { hasText: 'Registrar unidad compradora' });
    await form.getByLabel('Clave').fill('UC-ESCRITORIO-1');
    await form.getByLabel('Nombre').fill('Hospital Regional del Escritorio');
    await form.getByLabel('Institución').fill('Secretaría de Salud');
    await form.getByRole('button', { name: 'Registrar unidad' }).click();
    await registrar.getByText('Unidad registrada').waitFor();
    await registrar
      .locator('section', { hasText: 'Unidades compradoras' })
      .getByText('Hospital Regional del Escritorio')
      .waitFor();
    const options = await registrar
      .locator('section', { hasText: 'Cuenta de comprador' })
      .locator('option')
      .allTextContents();
    expect(options).toContain('Hospital Regional del Escritorio (UC-ESCRITORIO-1)');
  });

  it('creates a buyer account that the list of buyer accounts shows at once, with its unit and status', async () => {
    const form = registrar.locator('section', { hasText: 'Cuenta de comprador' });
    await form.getByLabel('Correo electrónico').fill('compras.escritorio@salud.example.gob.mx');
    await form
      .getByLabel('Unidad compradora')
      .selectOption({ label: 'Hospital Regional del Escritorio (UC-ESCRITORIO-1)' });
    await form.getByLabel('Contraseña temporal').fill('una contraseña temporal larga');
    await form.getByRole('button', { name: 'Crear cuenta' }).click();
    await registrar.getByText('Cuenta creada para compras.escritorio@salud.example.gob.mx').waitFor();
    // No reload and no "Actualizar": the list is read again after the creation, with its position.
    const row = registrar
      .locator('section', { hasText: 'Cuentas de compradores' })
      .getByTestId('buyer-account')
      .filter({ hasText: 'compras.escritorio@salud.example.gob.mx' });
    await row.waitFor({ timeout: 5_000 });
    expect(await row.textContent()).toMatch(/Hospital Regional del Escritorio · Activa/);
    await screenshot(registrar, 'registrar-buyer-accounts');
  });
});

describe("the auditor's desk", () => {
  it('reads every procedure, its sealed-proposal metadata, red flags by unit and the downloads', async () => {
    const buyer = await world.buyer(await world.buyingUnit());
    const tenderId = await world.publishedTender(buyer, P, { title: 'Auditoría de computadoras portátiles' });
    world.clock.set(at(S.questionsDeadline, HOUR));
    const bidders = [await world.supplier('Primera Licitante'), await world.supplier('Segunda Licitante')];
    const receipts = [];
    for (const [i, bidder] of bidders.entries()) {
      const reply = await bidder.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_345_671 + i)));
      expect(reply.status).toBe(201);
      receipts.push(reply.body.commitment as string);
    }

    const auditor = await signedIn(browser, world, await staff('auditor'), '**/auditor');
    await untilShown(auditor, 'Auditoría de computadoras portátiles');
    await auditor.getByRole('link', { name: /Auditoría de computadoras portátiles/ }).click();
    const table = auditor.getByTestId('sealed-proposals');
    await untilShown(auditor, receipts[1]);
    const text = (await table.textContent())!;
    for (const commitment of receipts) expect(text).toContain(commitment);
    // Before the opening act not even the auditor reads who the bidders are.
    for (const bidder of bidders) expect(text).not.toContain(bidder.supplierId);
    expect(text).not.toContain('23,456');
    expect(text).not.toContain('2,345,67');
    await screenshot(auditor, 'auditor-sealed-proposals');

    await auditor.getByRole('link', { name: 'Escritorio de auditoría' }).first().click();
    await auditor.getByTestId('red-flags-by-unit').waitFor();
    expect(await auditor.getByRole('link', { name: 'JSON', exact: true }).getAttribute('href')).toContain(
      '/api/ocds/download',
    );
  });
});

describe("the state administrator's desk", () => {
  it('registers a municipality, a unit in it and its buyer, inside its own state only', async () => {
    const registrar = await staff('registrar');
    const reason = 'Alta en el padrón de entes públicos';
    const jalisco = await registrar.post('/api/organisations', {
      level: 'state',
      name: 'Gobierno del Estado de Jalisco',
      stateCode: '14',
      reason,
    });
    expect(jalisco.status).toBe(201);
    const elsewhere = await registrar.post('/api/buying-units', {
      code: 'CDMX-ADQ-01',
      name: 'Adquisiciones de la Ciudad de México',
      level: 'state',
      parentInstitution: 'Gobierno de la Ciudad de México',
      location: { stateCode: '09' },
    });
    expect(elsewhere.status).toBe(201);
    const beforeTheTree = await registrar.post('/api/buying-units', {
      code: 'JAL-SALUD-01',
      name: 'Compras de la Secretaría de Salud Jalisco',
      level: 'state',
      parentInstitution: 'Secretaría de Salud Jalisco',
      location: { stateCode: '14' },
    });
    expect(beforeTheTree.status).toBe(201);

    // Login takes the state administrator to its desk.
    const admin = await signedIn(browser, world, await staff('state_admin', '14'), '**/administracion-estatal');
    await untilShown(admin, 'Gobierno del Estado de Jalisco');
    const municipality = admin.locator('section', { hasText: 'Clave INEGI del municipio' });
    await municipality.getByLabel('Clave INEGI del municipio').fill('039');
    await municipality.getByLabel('Nombre').fill('Municipio de Guadalajara');
    await municipality.getByRole('button', { name: 'Registrar municipio' }).click();
    const tree = admin.getByTestId('state-tree');
    await tree.getByText('Municipio de Guadalajara').waitFor();
    expect(await tree.textContent()).toContain('14039');

    const unitForm = admin.locator('section', { hasText: 'Registrar unidad compradora en una organización' });
    await unitForm.getByLabel('Organización').selectOption({ label: 'Municipio de Guadalajara (14039)' });
    await unitForm.getByLabel('Clave').fill('GDL-ADQ-01');
    await unitForm.getByLabel('Nombre').fill('Dirección de Adquisiciones de Guadalajara');
    await unitForm.getByLabel('Institución').fill('Municipio de Guadalajara');
    await unitForm.getByRole('button', { name: 'Registrar unidad' }).click();
    const guadalajara = tree.getByTestId('organisation-14039');
    await guadalajara.getByTestId('state-unit').getByText('Dirección de Adquisiciones de Guadalajara').waitFor();

    const buyerForm = admin.locator('section', { hasText: 'Cuenta de comprador' });
    const options = await buyerForm.locator('option').allTextContents();
    expect(options).toContain('Dirección de Adquisiciones de Guadalajara (GDL-ADQ-01)');
    // A unit of another state is neither in the tree nor offered for a buyer.
    expect(options.join()).not.toContain('CDMX-ADQ-01');
    expect(await tree.textContent()).not.toContain('Ciudad de México');
    await buyerForm.getByLabel('Correo electrónico').fill('compras@guadalajara.example.gob.mx');
    await buyerForm
      .getByLabel('Unidad compradora')
      .selectOption({ label: 'Dirección de Adquisiciones de Guadalajara (GDL-ADQ-01)' });
    await buyerForm.getByLabel('Contraseña temporal').fill('una contraseña temporal larga');
    await buyerForm.getByRole('button', { name: 'Crear cuenta' }).click();
    await admin.getByText('Cuenta creada para compras@guadalajara.example.gob.mx').waitFor();

    // The same INEGI key again: refused in words from the catalogue, never the code.
    await municipality.getByLabel('Clave INEGI del municipio').fill('039');
    await municipality.getByLabel('Nombre').fill('Guadalajara otra vez');
    await municipality.getByRole('button', { name: 'Registrar municipio' }).click();
    const refusal = municipality.getByRole('alert');
    await refusal.getByText('Ya hay una organización con esa clave INEGI.').waitFor();
    expect(await refusal.textContent()).not.toContain('organisation.key_taken');

    await guadalajara.getByRole('button', { name: 'Ley aplicable' }).click();
    const law = guadalajara.getByTestId('applicable-law');
    await law.getByText('Recursos federales: ley federal', { exact: false }).waitFor();
    expect(await law.textContent()).toContain('Recursos propios: ley del estado.');
    // A unit of the state registered before the tree: placed under the state, with a reason.
    const place = admin.locator('section', { hasText: 'Ubicar unidad en una organización' });
    await place
      .getByLabel('Unidad sin organización')
      .selectOption({ label: 'Compras de la Secretaría de Salud Jalisco (JAL-SALUD-01)' });
    await place.getByLabel(/^Organización/).selectOption({ label: 'Gobierno del Estado de Jalisco (14)' });
    await place.getByLabel('Motivo').fill('La secretaría es del gobierno del estado');
    await place.getByRole('button', { name: 'Ubicar unidad' }).click();
    await tree.getByTestId('organisation-14').getByText('Compras de la Secretaría de Salud Jalisco').first().waitFor();
    expect(await place.count()).toBe(0);
    await screenshot(admin, 'state-admin-desk');
  });
});
