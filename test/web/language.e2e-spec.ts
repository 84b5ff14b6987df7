/**
 * The portal in each language against the real API, in headless Chromium: every page (the public ones and each
 * desk signed in) opened in English shows no Spanish text from the server, and in Spanish no English text from
 * the server. "Text from the server" is checked two ways: the exact texts the API writes in the other language
 * (every catalogue message, the red flags, this procedure's timeline, read from the API in that language), and
 * words only the server's sentences use. Each check is shown able to fail: the same page in the other
 * language trips it. Then the faults issue #18 listed, where a browser can see them: a form marks the RFC
 * field, codes are never shown, "1 propuesta", the page of an unknown procedure, a sanctioned supplier.
 */
import type { Browser, Page } from 'playwright-core';
import { PROBLEM_CATALOGUE } from '@licita/shared';
import { PASSWORD } from '../api/register/register-api';
import { aProposal, laptopsAt, scheduleFrom } from '../api/tendering/tendering-api';
import { closeWithBrowser, screenshot, startWithBrowser } from './browser';
import { aContractedTender, at, DAY, eventually, TenderingApi, type Party } from './scenarios';

type Language = 'es' | 'en';

let world: TenderingApi;
let browser: Browser;
let contracted: string;
let openTender: string;
let unit: string;
let buyer: Party;
let supplier: Party;
let sanctioned: Party;
let registrarEmail: string;
let auditor: Party;
/** What the API writes for people, by language: the texts to look for on a page of the other language. */
const serverTexts: Record<Language, string[]> = { es: [], en: [] };

/** Words only the server's sentences (timeline, red flags, problems) use, by language. */
const SERVER_WORDS: Record<Language, RegExp> = {
  es: /\b(Se (publicó|recibió|celebró|adjudicó|firmó|modificó|canceló|declaró|programó|registró|incorporó)|Terminó el|Concluyó la evaluación|umbral|Motivo:|No encontramos|no es válid[oa]|Justificación de la reducción|licitantes? presentaron?|propuestas? vigentes?|la partida «)/,
  en: /\b(The call was published|A sealed proposal was received|The opening act was held|was awarded to|threshold|Reason:|We could not find|is not valid|standing proposals?|The contract for)\b/,
};

const ACCEPT: Record<Language, string> = { es: 'es-MX,es;q=0.9', en: 'en-US,en;q=0.9' };

beforeAll(async () => {
  [world, browser] = await startWithBrowser(() => TenderingApi.start('2026-03-02T15:00:00.000Z'));
  unit = await world.buyingUnit();
  buyer = await world.buyer(unit);
  supplier = await world.supplier('Cómputo del Bajío');
  const suppliers = [supplier, await world.supplier('Sistemas Tapatíos')];
  contracted = await aContractedTender(world, buyer, suppliers, '2026-03-02T16:00:00.000Z');
  // A procedure still receiving proposals, with exactly one.
  const publishedAt = new Date(world.clock.now().getTime() + DAY).toISOString();
  const schedule = scheduleFrom(publishedAt);
  openTender = await world.publishedTender(buyer, publishedAt, { schedule, title: 'Impresoras para oficinas' });
  world.clock.set(at(schedule.questionsDeadline, DAY));
  const proposal = await supplier.post(`/api/tenders/${openTender}/proposals`, aProposal(laptopsAt(2_350_000)));
  if (proposal.status !== 201) throw new Error(`proposal refused: ${JSON.stringify(proposal.body)}`);
  sanctioned = await world.supplier('Papelería del Centro');
  await world.sanction(sanctioned, new Date(world.clock.now().getTime() - DAY).toISOString(), null);
  registrarEmail = (await world.api.account('registrar')).email;
  auditor = await world.auditor();
  await eventually(
    'the procedures are public, one with its contract and one with its proposal',
    async () => {
      const [done, open] = await Promise.all([
        world.anonymous('GET', `/api/transparency/tenders/${contracted}`),
        world.anonymous('GET', `/api/transparency/tenders/${openTender}`),
      ]);
      return done.body?.contracts?.length === 1 && open.body?.proposalsReceived === 1;
    },
    20_000,
  );
  for (const language of ['es', 'en'] as const) serverTexts[language] = await textsOfServer(language);
}, 180_000);

jest.setTimeout(120_000);

afterAll(() => closeWithBrowser(world, browser));

/** Every message of the catalogue, the red flags' words, the procedure's timeline and flags: as the API writes them. */
async function textsOfServer(language: Language): Promise<string[]> {
  const read = async (path: string) =>
    (await world.api.call('GET', path, { headers: { 'Accept-Language': ACCEPT[language] } })).body;
  const [tender, flags] = await Promise.all([
    read(`/api/transparency/tenders/${contracted}`),
    read('/api/transparency/red-flags'),
  ]);
  const catalogue = Object.values(PROBLEM_CATALOGUE).flatMap((entry) => [
    entry[language],
    ...Object.values(entry.parts ?? {}).map((part) => part[language]),
  ]);
  return [
    ...catalogue.filter((text) => !text.includes('{')),
    ...tender.timeline.map((step: { text: string }) => step.text),
    ...tender.redFlags.flatMap((flag: { title: string; explanation: string }) => [flag.title, flag.explanation]),
    ...flags.definitions.flatMap((d: { title: string; description: string }) => [d.title, d.description]),
  ];
}

/** A person's browser with the portal in `language` (as if chosen with the ES/EN buttons before). */
async function newPage(language: Language, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
  context.setDefaultTimeout(15_000);
  await context.addInitScript((chosen) => localStorage.setItem('licita.language', chosen), language);
  return context.newPage();
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${world.api.url}/entrar`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/entrar'));
}

/** The page's text once it has loaded what it shows (no "Cargando…" left). */
async function loadedText(page: Page, path: string): Promise<string> {
  await page.goto(`${world.api.url}${path}`);
  await page.waitForLoadState('networkidle');
  let text = '';
  await eventually(
    `${path} has loaded`,
    async () => {
      text = await page.locator('body').innerText();
      return !/Cargando…|Loading…/.test(text);
    },
    15_000,
  );
  return text;
}

/**
 * What on each of `paths` comes from the server in the language `foreign`, the pages loaded `TABS` at a time in
 * tabs of `page`'s browser context (the same person, language and session storage as `page`'s); the first tab is
 * `page` itself. Each page is still loaded whole (network idle, nothing "Cargando…") before its text is read: the
 * tabs only overlap the waiting, which was most of the file's time.
 */
const TABS = 4;
async function foreignTextOn(page: Page, foreign: Language, paths: string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  const queue = [...paths];
  const tab = async (tabPage: Page) => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const foreignText = serverTextIn(foreign, await loadedText(tabPage, path));
      if (foreignText.length > 0) found[path] = foreignText;
    }
  };
  const others = await Promise.all(
    Array.from({ length: Math.min(TABS, paths.length) - 1 }, () => page.context().newPage()),
  );
  await Promise.all([page, ...others].map(tab));
  await Promise.all(others.map((other) => other.close()));
  return found;
}

/** What on `text` comes from the server in the language `foreign`: its exact texts, and its words. */
function serverTextIn(foreign: Language, text: string): string[] {
  const exact = serverTexts[foreign].filter((known) => known.length > 12 && text.includes(known));
  const words = [...text.matchAll(new RegExp(SERVER_WORDS[foreign].source, 'g'))].map(
    (match) => `…${text.slice(Math.max(0, match.index - 40), match.index + 60)}…`,
  );
  return [...exact, ...words];
}

const PUBLIC_PAGES = () => [
  '/',
  `/licitaciones/${contracted}`,
  `/licitaciones/${openTender}`,
  `/licitaciones/${contracted}/actas/apertura`,
  `/licitaciones/${contracted}/actas/fallo`,
  `/proveedores/${supplier.supplierId}`,
  `/proveedores/${sanctioned.supplierId}`,
  `/unidades/${unit}`,
  '/sancionados',
  '/clasificador',
  '/clasificador/30213100-6',
  '/estadisticas',
  '/datos-abiertos',
  '/entrar',
  '/registro',
  '/licitaciones/no-such-procedure',
];

/**
 * Each desk, signed in: who, and the pages of their desk. Both are read when the test runs: the table is made
 * while the file loads, before `beforeAll` has made the procedures (a path written here directly once named
 * `/comprador/licitaciones/undefined`, and the buyer's and auditor's desks were checked on a page of no procedure).
 */
const DESKS = (): Array<[string, () => string, () => string[]]> => [
  ['supplier', () => supplier.email, () => ['/proveedor']],
  ['buyer', () => buyer.email, () => ['/comprador', `/comprador/licitaciones/${contracted}`]],
  ['registrar', () => registrarEmail, () => ['/registrador']],
  ['auditor', () => auditor.email, () => ['/', `/licitaciones/${contracted}`, '/estadisticas']],
];

describe.each<[Language, Language]>([
  ['en', 'es'],
  ['es', 'en'],
])('the portal in %s', (language, foreign) => {
  it(`shows no server text in ${foreign} on any public page`, async () => {
    const page = await newPage(language);
    expect(await foreignTextOn(page, foreign, PUBLIC_PAGES())).toEqual({});
    await page.context().close();
  });

  it.each(DESKS())(`shows no server text in ${foreign} on the %s's desk`, async (_role, email, paths) => {
    const page = await newPage(language);
    await signIn(page, email());
    const found: Record<string, string[]> = {};
    for (const path of paths()) {
      expect(path).not.toContain('undefined');
      const text = await loadedText(page, path);
      const foreignText = serverTextIn(foreign, text);
      if (foreignText.length > 0) found[path] = foreignText;
    }
    expect(found).toEqual({});
    await page.context().close();
  });

  it(`would see server text in ${foreign}: the check finds it on the same page in ${foreign}`, async () => {
    const page = await newPage(foreign);
    const text = await loadedText(page, `/licitaciones/${contracted}`);
    // The timeline (and the red flags) are the server's: read in the other language, the check trips.
    expect(serverTextIn(foreign, text).length).toBeGreaterThanOrEqual(5);
    expect(serverTextIn(language, text)).toEqual([]);
    await page.context().close();
  });
});

describe('forms and messages', () => {
  it("marks the RFC field with the API's message, in Spanish and then in English, and never shows a code", async () => {
    const page = await newPage('es');
    await page.goto(`${world.api.url}/registro`);
    await page.getByLabel('RFC').fill('EKU9003173C8'); // the check digit of EKU9003173C9 changed
    await page.getByLabel('Razón social o nombre').fill('Escuela Kemper Urgate, S.A. de C.V.');
    await page.getByLabel('Calle y número').fill('Av. Juárez 100');
    await page.getByLabel('Municipio o alcaldía').fill('Guadalajara');
    await page.getByLabel('Código postal').fill('44100');
    await page.getByLabel('Persona de contacto').fill('Ana Pérez');
    await page.getByLabel('Teléfono').fill('+52 33 1234 5678');
    await page.getByLabel('Correo de la cuenta').fill('ana@kemper.example.mx');
    await page.locator('input[type=password]').fill(PASSWORD);
    await page.getByLabel('Qué ofreces (códigos del clasificador)').fill('ordenadores portátiles');
    await page.getByRole('button', { name: /30213100-6/ }).click();
    await page.getByRole('button', { name: 'Registrar', exact: true }).click();

    const rfc = page.getByLabel('RFC');
    await eventually('the RFC is marked', async () => (await rfc.getAttribute('aria-invalid')) === 'true');
    const described = (await rfc.getAttribute('aria-describedby'))!;
    await expect(page.locator(`[id="${described}"]`).innerText()).resolves.toBe(
      'El RFC no es válido: revisa el dígito verificador.',
    );
    expect(await page.getByTestId('field-error').count()).toBe(1);
    // The form's own message, with no list of fields: the one field named is marked where it is.
    await expect(page.getByRole('alert').innerText()).resolves.toBe(
      'El RFC no es válido: revisa el dígito verificador.',
    );
    expect(await page.getByLabel('Calle y número').getAttribute('aria-invalid')).toBeNull();
    await screenshot(page, 'registration-rfc-error');

    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await eventually(
      'the RFC is marked in English',
      async () =>
        (await page.getByTestId('field-error').count()) === 1 &&
        (await page.getByTestId('field-error').innerText()) === 'The RFC is not valid: check the check digit.',
    );
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/\[[a-z_]+\.[a-z_]+\]/);
    expect(text).not.toContain('rfc.invalid');
    await page.context().close();
  });

  it("says a wrong password in the reader's language, without the code", async () => {
    const page = await newPage('es');
    await page.goto(`${world.api.url}/entrar`);
    await page.locator('input[name=email]').fill(supplier.email);
    await page.locator('input[name=password]').fill('not the password at all');
    await page.getByRole('button', { name: 'Entrar' }).last().click();
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').innerText()).resolves.toBe(PROBLEM_CATALOGUE['auth.invalid_credentials'].es);
    await page.context().close();
  });

  it('counts one proposal in the singular', async () => {
    for (const [language, one, many] of [
      ['es', '1 propuesta', '1 propuestas'],
      ['en', '1 proposal', '1 proposals'],
    ] as const) {
      const page = await newPage(language);
      const text = await loadedText(page, '/?q=impresoras');
      expect(text).toContain(one);
      expect(text).not.toContain(many);
      await page.context().close();
    }
  });

  it('gives an unknown procedure a heading, the reason and the way back, in English', async () => {
    const page = await newPage('en');
    await loadedText(page, '/licitaciones/no-such-procedure');
    await page.getByRole('heading', { level: 1, name: 'Procedure not found' }).waitFor();
    expect(await page.getByTestId('tender-not-found').innerText()).toContain(PROBLEM_CATALOGUE['tender.not_found'].en);
    await page.getByRole('link', { name: 'Back to the procedure search' }).click();
    await page.waitForURL(`${world.api.url}/`);
    await page.context().close();
  });

  it('shows a sanctioned supplier as sanctioned, never as verified', async () => {
    const page = await newPage('es');
    await loadedText(page, `/proveedores/${sanctioned.supplierId}`);
    const status = await page.getByTestId('supplier-status').innerText();
    expect(status).toContain('Sancionado');
    expect(status).not.toContain('Verificado');
    await loadedText(page, `/proveedores/${supplier.supplierId}`);
    await expect(page.getByTestId('supplier-status').innerText()).resolves.toBe('Verificado');
    await page.context().close();
  });

  it("keeps the results on a phone's first screen: the filters beyond the words are folded", async () => {
    const page = await newPage('es', { width: 390, height: 844 });
    await loadedText(page, '/');
    expect(await page.getByTestId('more-filters').getAttribute('open')).toBeNull();
    const first = await page.getByTestId('tender-result').first().boundingBox();
    expect(first!.y).toBeLessThan(844);
    await page.context().close();
  });
});
