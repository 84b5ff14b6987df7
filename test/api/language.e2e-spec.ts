/**
 * The language of what the server writes for people, chosen by `Accept-Language`: the same refusal (same code,
 * same status, same fields) reads in Spanish (es-MX, the default) or in English; a procedure's public timeline
 * and the red flags too. Programs keep reading the codes, which do not change with the language.
 */
import { PROBLEM_CATALOGUE } from '@licita/shared';
import { aSupplierRegistration } from './register/register-api';
import { DAY, TenderingApi } from './tendering/tendering-api';

let world: TenderingApi;
let tenderId: string;

const SPANISH = 'es-MX,es;q=0.9,en;q=0.5';
const ENGLISH = 'en-US,en;q=0.9,es;q=0.3';

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z');
  const buyer = await world.buyer(await world.buyingUnit());
  tenderId = await world.publishedTender(buyer, new Date(world.clock.now().getTime() + DAY).toISOString());
}, 120_000);

afterAll(() => world?.close());

const call = (method: string, path: string, language: string | undefined, body?: unknown) =>
  world.api.call(method, path, { body, headers: language ? { 'Accept-Language': language } : {} });

describe('a refusal in the language asked for', () => {
  it('answers an unknown procedure with the same code in Spanish, in English, and in Spanish by default', async () => {
    const [es, en, none] = await Promise.all([
      call('GET', '/api/transparency/tenders/no-such-tender', SPANISH),
      call('GET', '/api/transparency/tenders/no-such-tender', ENGLISH),
      call('GET', '/api/transparency/tenders/no-such-tender', undefined),
    ]);
    for (const reply of [es, en, none]) {
      expect(reply.status).toBe(404);
      expect(reply.body.code).toBe('tender.not_found');
      expect(reply.headers.get('vary')).toMatch(/Accept-Language/i);
    }
    expect(es.body.title).toBe(PROBLEM_CATALOGUE['tender.not_found'].es);
    expect(en.body.title).toBe(PROBLEM_CATALOGUE['tender.not_found'].en);
    expect(none.body.title).toBe(PROBLEM_CATALOGUE['tender.not_found'].es);
    expect(es.headers.get('content-language')).toBe('es');
    expect(en.headers.get('content-language')).toBe('en');
  });

  it('marks the RFC field with what is wrong with it, in each language', async () => {
    const body = aSupplierRegistration({ rfc: 'EKU9003173C8' }); // the check digit of EKU9003173C9 changed
    const [es, en] = await Promise.all([
      call('POST', '/api/suppliers', SPANISH, body),
      call('POST', '/api/suppliers', ENGLISH, body),
    ]);
    expect(es.status).toBe(422);
    expect(en.status).toBe(422);
    expect(es.body).toMatchObject({
      code: 'rfc.invalid',
      title: 'El RFC no es válido: revisa el dígito verificador.',
      details: { part: 'check_digit', field: 'rfc' },
      errors: [{ field: 'rfc', code: 'rfc.invalid', message: 'El RFC no es válido: revisa el dígito verificador.' }],
    });
    expect(en.body).toMatchObject({
      code: 'rfc.invalid',
      title: 'The RFC is not valid: check the check digit.',
      errors: [{ field: 'rfc', code: 'rfc.invalid', message: 'The RFC is not valid: check the check digit.' }],
    });
  });

  it("gives every field validation refused a message for people, and keeps class-validator's for programs", async () => {
    const body = aSupplierRegistration({ classifierCodes: [], legalName: '' });
    const [es, en] = await Promise.all([
      call('POST', '/api/suppliers', SPANISH, body),
      call('POST', '/api/suppliers', ENGLISH, body),
    ]);
    expect(es.status).toBe(400);
    expect(es.body.code).toBe('request.invalid');
    expect(es.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      en.body.errors.map((e: { field: string }) => e.field).sort(),
    );
    expect(es.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['classifierCodes', 'legalName']),
    );
    for (const error of es.body.errors)
      expect(error).toMatchObject({ code: 'request.invalid', message: 'Este dato falta o no es válido.' });
    for (const error of en.body.errors) {
      expect(error).toMatchObject({ code: 'request.invalid', message: 'This value is missing or not valid.' });
      expect(error.messages.length).toBeGreaterThan(0);
    }
  });
});

describe('texts of the public record in the language asked for', () => {
  it("tells a procedure's timeline in Spanish or in English, step by step with the same keys", async () => {
    const read = async (language: string) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const reply = await call('GET', `/api/transparency/tenders/${tenderId}`, language);
        if (reply.status === 200 && reply.body.timeline.length >= 2) return reply.body;
        if (Date.now() > deadline) throw new Error(`tender ${tenderId} not public: ${JSON.stringify(reply.body)}`);
        await new Promise((resume) => setTimeout(resume, 100));
      }
    };
    const [es, en] = [await read(SPANISH), await read(ENGLISH)];
    expect(en.timeline.map((s: { key: string }) => s.key)).toEqual(es.timeline.map((s: { key: string }) => s.key));
    const published = (timeline: Array<{ key: string; text: string }>) =>
      timeline.find((step) => step.key === 'tender.published')!.text;
    expect(published(es.timeline)).toMatch(/^Se publicó la convocatoria\. Valor estimado: \$[\d,.]+ MXN\./);
    expect(published(en.timeline)).toMatch(/^The call was published\. Estimated value: \$[\d,.]+ MXN\./);
    for (const step of en.timeline) expect(step.text).not.toMatch(/\b(Se|propuestas?|convocatoria|el|la)\b/);
  });

  it('defines and explains the red flags in Spanish or in English', async () => {
    const [es, en] = await Promise.all([
      call('GET', '/api/transparency/red-flags', SPANISH),
      call('GET', '/api/transparency/red-flags', ENGLISH),
    ]);
    const title = (body: any, code: string) => body.definitions.find((d: { code: string }) => d.code === code).title;
    expect(title(es.body, 'single_bidder')).toBe('Un solo licitante');
    expect(title(en.body, 'single_bidder')).toBe('Single bidder');
    for (const definition of en.body.definitions)
      expect(`${definition.title} ${definition.description}`).not.toMatch(/\b(de|del|la|las|los|un|una)\b/);
  });
});
