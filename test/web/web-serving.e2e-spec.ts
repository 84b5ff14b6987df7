import { startTestApi, type TestApi } from '../support/api-app';
import { ensureWebBuilt } from './browser';

let api: TestApi;

beforeAll(async () => {
  ensureWebBuilt();
  api = await startTestApi({ env: { LICITA_OCID_PREFIX: 'ocds-test01' } });
});

afterAll(() => api?.close());

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers });

describe('the API serves the web front end', () => {
  it('answers / and every page path a browser asks for with the app, carrying the ocid prefix of this installation', async () => {
    for (const path of ['/', '/licitaciones/abc', '/subastas/123?x=1', '/clasificador/30213100-6']) {
      const reply = await get(path, { accept: BROWSER_ACCEPT });
      expect([path, reply.status, reply.headers.get('content-type')]).toEqual([path, 200, 'text/html; charset=utf-8']);
      const html = await reply.text();
      expect(html).toContain('<div id="app"></div>');
      expect(html).toContain('<meta name="licita-ocid-prefix" content="ocds-test01-"');
    }
  });

  it('serves the built assets with long caching, and 404s a missing file instead of the app', async () => {
    const html = await (await get('/')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await get(script);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await get('/assets/missing-file.js')).status).toBe(404);
  });

  it('leaves the API, its docs, health and Socket.IO alone', async () => {
    const missing = await get('/api/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect((await get('/health')).headers.get('content-type')).toContain('application/json');
    expect((await get('/docs-json')).headers.get('content-type')).toContain('application/json');
    const program = await get('/no/such/route', { accept: 'application/json' });
    expect([program.status, program.headers.get('content-type')]).toEqual([
      404,
      'application/problem+json; charset=utf-8',
    ]);
    expect((await get('/socket.io/?EIO=4&transport=polling')).headers.get('content-type')).not.toContain('text/html');
  });
});
