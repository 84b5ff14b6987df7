/** The buyer desk's forms, filled as a person does: what several browser tests of the desk share. */
import type { Page } from 'playwright-core';

/** Mexico City local times of a call published on 2 Mar 2026, as the form's datetime-local fields take them. */
export const MARCH_SCHEDULE = {
  Publicación: '2026-03-02T10:00',
  'Límite para preguntas': '2026-03-09T10:00',
  'Límite para propuestas': '2026-03-20T10:00',
  'Acto de apertura': '2026-03-20T11:00',
  Fallo: '2026-03-27T10:00',
};

/**
 * A laptops tender drafted on the desk's form (20 laptops of code 30213100-6 at 24,000.00 MXN) and saved on the
 * server; returns its id, the page left on the buyer's page of the draft.
 */
export async function draftLaptopTender(page: Page, title: string, schedule = MARCH_SCHEDULE): Promise<string> {
  await page.getByRole('button', { name: 'Nueva licitación' }).click();
  await page.getByLabel('Título', { exact: true }).fill(title);
  await page.getByLabel('Descripción', { exact: true }).fill('Equipos para las unidades médicas de la región.');
  for (const [field, value] of Object.entries(schedule)) await page.getByLabel(field, { exact: true }).fill(value);
  await page.getByLabel('Nombre de la partida').fill('Computadoras portátiles');
  await page.getByLabel('Agregar concepto del clasificador').fill('ordenadores portátiles');
  await page.getByRole('button', { name: /30213100-6/ }).click();
  await page.getByLabel('Cantidad').fill('20');
  await page.getByLabel('Precio unitario estimado (MXN)').fill('24,000.00');
  await page.getByText('$480,000.00').first().waitFor();
  await page.getByRole('button', { name: 'Guardar borrador' }).click();
  await page.waitForURL('**/comprador/licitaciones/*');
  return page.url().split('/').at(-1)!;
}
