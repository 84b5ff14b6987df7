/**
 * Read your own writes in the browser: after an action the desk shows its effect at once, with no reload by the
 * person (or the test). To make the read models' lag certain rather than a race, the projection the desk reads
 * is held at its checkpoint (its row locked, as a busy projector would) while the action is taken, and let go a
 * moment later: the desk's next read waits for it (it is sent with the tab's last position), and while a wait
 * runs past READ_MODEL_WAIT_MS the page says "Actualizando…" and asks again.
 */
import type { Browser, Page } from 'playwright-core';
import type { QueryRunner } from 'typeorm';
import { Party } from '../api/tendering/tendering-api';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { TenderingApi } from './scenarios';
import { signedIn } from './sessions';

let world: TenderingApi;
let browser: Browser;
let registrar: Page;

jest.setTimeout(90_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() =>
    TenderingApi.start('2026-03-02T15:00:00.000Z', undefined, { env: { READ_MODEL_WAIT_MS: '1000' } }),
  );
  const account = await world.api.account('registrar');
  registrar = await signedIn(browser, world, new Party(world, account.email, account), '**/registrador');
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

/** Holds `projection` at its checkpoint until the returned function is called. */
async function holdProjection(projection: string): Promise<() => Promise<void>> {
  await world.api.caughtUp();
  const held: QueryRunner = world.api.db.createQueryRunner();
  await held.connect();
  await held.startTransaction();
  await held.query('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [projection]);
  return async () => {
    await held.rollbackTransaction();
    await held.release();
  };
}

const pendingRow = (name: string) => registrar.locator('li.result', { hasText: name });

describe('the registrar desk shows its own actions at once', () => {
  it('a verified supplier leaves the pending list without a reload, with no error and nothing left to click twice', async () => {
    const supplier = await world.supplier('Ferretera Por Verificar', { verified: false });
    await world.api.caughtUp();
    await registrar.reload();
    const row = pendingRow('Ferretera Por Verificar');
    await row.waitFor();

    const release = await holdProjection('supplier-register');
    let released = false;
    try {
      await row.getByRole('button', { name: 'Verificar' }).click();
      await registrar.getByText('Ferretera Por Verificar, S.A. de C.V.: verificado.').waitFor();
      // The list's reload is waiting for the register: the row is still there, not yet read again.
      await registrar.waitForTimeout(300);
      expect(await row.count()).toBe(1);
      await release();
      released = true;
    } finally {
      if (!released) await release();
    }
    await row.waitFor({ state: 'detached', timeout: 5_000 });
    await screenshot(registrar, 'registrar-verified-at-once');
    expect(await registrar.getByRole('alert').count()).toBe(0);
    const status = await world.api.call('GET', `/api/suppliers/${supplier.supplierId}`, {
      token: await world.api.login((await world.api.account('registrar')).email),
    });
    expect(status.body).toMatchObject({ status: 'verified' });
  });

  it('says "Actualizando…" while the register takes longer than the bound, then shows the row gone', async () => {
    await world.supplier('Papelería Lenta', { verified: false });
    await world.api.caughtUp();
    await registrar.reload();
    const row = pendingRow('Papelería Lenta');
    await row.waitFor();

    const release = await holdProjection('supplier-register');
    let released = false;
    try {
      await row.getByRole('button', { name: 'Verificar' }).click();
      await registrar.getByRole('status').filter({ hasText: 'Actualizando…' }).waitFor({ timeout: 5_000 });
      expect(await row.count()).toBe(1);
      await release();
      released = true;
    } finally {
      if (!released) await release();
    }
    await row.waitFor({ state: 'detached', timeout: 5_000 });
    await registrar.getByText('Actualizando…').waitFor({ state: 'detached', timeout: 5_000 });
    expect(await registrar.getByRole('alert').count()).toBe(0);
  });

  it('a buying unit it registers is offered at once in the buyer account form', async () => {
    const release = await holdProjection('buying-units');
    let released = false;
    try {
      const form = registrar.locator('form', { has: registrar.getByRole('button', { name: 'Registrar unidad' }) });
      await form.getByLabel('Clave').fill('UC-NUEVA-01');
      await form.getByLabel('Nombre').fill('Hospital Regional de Prueba');
      await form.getByLabel('Institución').fill('Secretaría de Salud');
      await form.getByRole('button', { name: 'Registrar unidad' }).click();
      // The form reads the new unit back before it says so: that read waits for the held projection.
      await registrar.waitForTimeout(500);
      await release();
      released = true;
    } finally {
      if (!released) await release();
    }
    await registrar.getByText('Unidad registrada').waitFor();
    const options = registrar.getByLabel('Unidad compradora').locator('option', {
      hasText: 'Hospital Regional de Prueba (UC-NUEVA-01)',
    });
    await options.waitFor({ state: 'attached', timeout: 5_000 });
    await registrar
      .getByLabel('Unidad compradora')
      .selectOption({ label: 'Hospital Regional de Prueba (UC-NUEVA-01)' });
  });
});
