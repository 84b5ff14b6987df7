import { PROBLEM_CATALOGUE, problemEntry, problemStatuses } from '@licita/shared';
import { uncataloguedProblemCodes } from '@licita/platform';
import { startTestApi, type TestApi } from '../support/api-app';

/**
 * A representative run of refusals across the API (platform, identity, register, tendering, classifier,
 * transparency, open data, ledger): each answers a code of the catalogue, with a status the catalogue gives it
 * and the catalogue's message as `title` in the language asked for; and the API noted no uncatalogued code.
 */
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

/** `<status> <code>` of each answer above. */
const seen: string[] = [];
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const json = { 'content-type': 'application/json' };

const REQUESTS: Array<[string, RequestInit?]> = [
  ['/api/no/such/route'],
  ['/api/auth/login', { method: 'POST', headers: json, body: '{"email": ' }],
  ['/api/auth/login', { method: 'POST', headers: json, body: '{}' }],
  ['/api/auth/login', { method: 'POST', headers: json, body: '{"email":"nadie@licita.mx","password":"x"}' }],
  ['/api/accounts/me'],
  ['/api/accounts/me', { headers: { authorization: 'Bearer not-a-token' } }],
  ['/api/tenders', { method: 'POST', headers: json, body: '{}' }],
  ['/api/tenders', { method: 'POST', headers: { ...json, 'idempotency-key': 'ñ' }, body: '{}' }],
  [`/api/tenders/${UNKNOWN}`],
  ['/api/suppliers?cursor=bm90LWEtY3Vyc29y'],
  ['/api/classifier?cursor=garbage'],
  ['/api/classifier/45210000-3'],
  ['/api/transparency/tenders?cursor=bm90LWEtY3Vyc29y'],
  ['/api/transparency/tenders?minValue=5&maxValue=1'],
  ['/api/transparency/tenders?limit=0'],
  ['/api/feed?after=abc'],
  ['/api/ocds/records/ocds-nothing-here'],
  [`/api/ocds/releases/${UNKNOWN}`],
  [`/api/ledger/proof?eventId=${UNKNOWN}`],
];

it.each(REQUESTS)('%s answers a catalogued code, status and message', async (path, init = {}) => {
  const response = await fetch(`${api.url}${path}`, init);
  const body = (await response.json()) as { code: string; status: number; title: string };
  const entry = problemEntry(body.code);
  seen.push(`${response.status} ${body.code}`);
  expect({ path, code: body.code, catalogued: entry !== undefined }).toEqual({
    path,
    code: body.code,
    catalogued: true,
  });
  expect(problemStatuses(entry!)).toContain(response.status);
  expect(body.title).toBe(entry!.es);
  expect(response.headers.get('content-language')).toBe('es');
});

it('answers in English when the client prefers it', async () => {
  const response = await fetch(`${api.url}/api/no/such/route`, { headers: { 'accept-language': 'en-US,es;q=0.5' } });
  expect(((await response.json()) as { title: string }).title).toBe(PROBLEM_CATALOGUE['route.not_found'].en);
  expect(response.headers.get('content-language')).toBe('en');
});

it('publishes the catalogue in the OpenAPI document', async () => {
  const document = (await (await fetch(`${api.url}/docs-json`)).json()) as {
    components: { schemas: Record<string, { enum?: string[] }> };
    'x-problem-codes': Array<{ code: string; status: number }>;
  };
  expect(document.components.schemas.ProblemCode.enum).toEqual(Object.keys(PROBLEM_CATALOGUE));
  expect(document['x-problem-codes'].map((row) => row.code)).toEqual(Object.keys(PROBLEM_CATALOGUE));
});

it('noted no code the catalogue lacks during the run', () => {
  expect(uncataloguedProblemCodes()).toEqual([]);
});

it('covered a spread of codes and statuses', () => {
  expect(new Set(seen.map((answer) => answer.split(' ')[1])).size).toBeGreaterThanOrEqual(12);
  expect(new Set(seen.map((answer) => answer.split(' ')[0]))).toEqual(new Set(['400', '401', '404', '422']));
});
