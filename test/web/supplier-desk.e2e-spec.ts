/**
 * The supplier's desk end to end in the browser: a brand-new supplier's first screen is a welcome with next steps
 * (no error); a verified supplier submits a sealed proposal, prints its receipt, withdraws it and resubmits, sees
 * the states on "my procedures", and, the lot awarded to a rival, files a challenge with its written grounds,
 * which an auditor dismisses on the oversight desk.
 */
import type { Browser, Page } from 'playwright-core';
import { aProposal, laptopsAt, Party as PartyOf, scheduleFrom } from '../api/tendering/tendering-api';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { at, DAY, eventually, HOUR, TenderingApi, type Party } from './scenarios';
import { signedIn as sessionFor, signIn as signInAs, untilShown } from './sessions';

const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);

let world: TenderingApi;
let browser: Browser;
let buyer: Party;
let supplierParty: Party;
let rival: Party;
let supplier: Page;
let tenderId: string;

jest.setTimeout(60_000);

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start(P));
  buyer = await world.buyer(await world.buyingUnit());
  supplierParty = await world.supplier('Suministros del Escritorio');
  rival = await world.supplier('Rival Económica');
  tenderId = await world.publishedTender(buyer, P);
  world.clock.set(at(S.questionsDeadline, HOUR));
  supplier = await sessionFor(browser, world, supplierParty, '**/proveedor');
}, 120_000);

afterAll(() => closeWithBrowser(world, browser));

const signIn = (page: Page, party: Party, returnTo?: string) => signInAs(page, world, party, returnTo);

async function submitProposal(page: Page, laptop: string): Promise<string> {
  await page.locator('input[name="price-lot-1-item-1"]').fill(laptop);
  await page.locator('input[name="price-lot-1-item-2"]').fill('1,000.00');
  await page.getByRole('button', { name: 'Presentar propuesta', exact: true }).click();
  await page.getByTestId('receipt').waitFor();
  const text = (await page.getByTestId('receipt').textContent())!;
  return text.match(/[0-9a-f]{64}/)![0];
}

describe("a brand-new supplier's first screen", () => {
  it('is a welcome with the next steps, and no error', async () => {
    const newcomer = await world.supplier('Recién Llegada', { verified: false });
    const page = await sessionFor(browser, world, newcomer, '**/proveedor');
    await page.getByTestId('welcome').waitFor();
    expect(await page.getByTestId('welcome').textContent()).toContain('Tu registro está en revisión');
    await page.getByText('Aún no presentas propuestas.').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('[role="alert"], .error').count()).toBe(0);
    await screenshot(page, 'supplier-welcome');
    await page.context().close();
  });
});

describe("the supplier's profile", () => {
  it('adds a classifier code, saved to its register entry', async () => {
    await supplier.getByRole('button', { name: 'Editar mis códigos del clasificador' }).click();
    await supplier.getByLabel('Agregar un código del clasificador').fill('impresoras');
    const results = supplier.getByRole('list', { name: 'Resultados del clasificador' }).getByRole('button');
    await results.first().waitFor();
    const picked = (await results.first().textContent())!.match(/^\d{4,8}(-\d)?/)![0]; // CUCoP first, or CPV
    await results.first().click();
    await supplier.getByTestId('profile-codes').getByText(picked).waitFor();
    await supplier.getByRole('button', { name: 'Guardar mis códigos' }).click();
    await supplier.getByText('Códigos guardados.').waitFor();
    await eventually('the new code in the register', async () => {
      const profile = await supplierParty.get(`/api/suppliers/${supplierParty.supplierId}`);
      return profile.body.classifierCodes.includes(picked) && profile.body.classifierCodes.includes('30213100-6');
    });
  });
});

describe('a supplier withdraws and resubmits', () => {
  let first: string;
  let second: string;

  it('submits a sealed proposal and prints its receipt with the commitment', async () => {
    await supplier.goto(`${world.api.url}/proveedor?licitacion=${tenderId}`);
    first = await submitProposal(supplier, '23,000.00');
    await supplier.getByRole('link', { name: 'Acuse para imprimir' }).click();
    await supplier.getByTestId('receipt-commitment').waitFor();
    expect((await supplier.getByTestId('receipt-commitment').textContent())!.trim()).toBe(first);
    const sheet = (await supplier.getByTestId('proposal-receipt').textContent())!;
    expect(sheet).toContain('Adquisición de equipo de cómputo 2026');
    expect(sheet).toContain(tenderId);
    await supplier.emulateMedia({ media: 'print' });
    expect(await supplier.getByRole('button', { name: 'Imprimir' }).isVisible()).toBe(false);
    expect(await supplier.locator('header.top').isVisible()).toBe(false);
    await screenshot(supplier, 'supplier-receipt-print');
    await supplier.emulateMedia({ media: 'screen' });
  });

  it('withdraws it before the deadline and submits a new one', async () => {
    await supplier.getByRole('link', { name: /Volver al procedimiento/ }).click();
    await supplier.getByTestId('my-proposals').waitFor();
    supplier.once('dialog', (dialog) => void dialog.accept());
    await supplier.getByRole('button', { name: 'Retirar' }).click();
    await supplier.getByTestId('my-proposals').getByText('Retirada').waitFor();
    second = await submitProposal(supplier, '22,500.00');
    expect(second).not.toBe(first);
    await supplier.getByTestId('my-proposals').getByText('Sellada').waitFor();
  });

  it('shows both on "my procedures": the first withdrawn, the second sealed', async () => {
    await supplier.goto(`${world.api.url}/proveedor`);
    await untilShown(supplier, 'Mis procedimientos');
    const list = supplier.getByTestId('my-procedures');
    await list.waitFor();
    await untilShown(supplier, 'Retirada');
    const text = (await list.textContent())!;
    expect(text).toContain('Retirada');
    expect(text).toContain('Sellada');
    await screenshot(supplier, 'supplier-my-procedures');
  });
});

describe('a challenge is filed', () => {
  it('against the award to a rival, with its written grounds, within the objection period', async () => {
    const cheaper = await rival.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_000_000)));
    expect(cheaper.status).toBe(201);
    world.clock.set(S.openingDate);
    const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
    expect(opened.status).toBe(200);
    world.clock.set(at(S.openingDate, HOUR));
    for (const { proposalId } of opened.body.proposals)
      await buyer.post(`/api/tenders/${tenderId}/evaluations`, { proposalId, lotId: 'lot-1', compliant: true });
    expect((await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`)).status).toBe(200);
    expect((await world.award(buyer, tenderId, at(S.openingDate, DAY))).status).toBe(200);
    world.clock.set(at(S.openingDate, DAY + HOUR));

    await signIn(supplier, supplierParty, `/proveedor?licitacion=${tenderId}`);
    await untilShown(supplier, 'Presentar inconformidad');
    await supplier
      .getByLabel('Motivos de la inconformidad')
      .fill('La propuesta adjudicada no acredita la experiencia mínima de tres años.');
    await supplier.getByRole('button', { name: 'Presentar inconformidad' }).click();
    await supplier.getByText('Inconformidad presentada.').waitFor();
    await untilShown(supplier, 'En trámite');
    expect(await supplier.getByTestId('my-challenges').textContent()).toContain('experiencia mínima');
    await screenshot(supplier, 'supplier-challenge');

    await supplier.goto(`${world.api.url}/proveedor`);
    await untilShown(supplier, 'No adjudicada');
    expect(await supplier.getByTestId('my-procedures').textContent()).toContain('Inconformidad');
  });

  it('is dismissed by an auditor on the oversight desk, and the supplier reads the resolution', async () => {
    const account = await world.api.account('auditor');
    const auditorParty = new PartyOf(world, account.email, { accountId: account.accountId });
    const auditor = await sessionFor(browser, world, auditorParty, '**/auditor');
    await auditor.goto(`${world.api.url}/auditor?licitacion=${tenderId}`);
    const challenges = auditor.getByTestId('challenges');
    await challenges.getByText('experiencia mínima').waitFor();
    await challenges.getByLabel('Motivo de la resolución').fill('La experiencia quedó acreditada en el anexo técnico.');
    await challenges.getByRole('button', { name: 'Declarar improcedente' }).click();
    await untilShown(auditor, 'Improcedente: La experiencia quedó acreditada');
    await screenshot(auditor, 'auditor-challenge-dismissed');

    await supplier.goto(`${world.api.url}/proveedor?licitacion=${tenderId}`);
    await untilShown(supplier, 'Improcedente');
    expect(await supplier.getByTestId('my-challenges').textContent()).toContain('Improcedente');
  });
});
