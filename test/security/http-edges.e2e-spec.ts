import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { operations } from './security-world';
import { useTestApi } from '../support/api-app';

/**
 * The HTTP edge against a hostile client: absolute URLs come from PUBLIC_URL, never from the `Host` or
 * `X-Forwarded-*` headers; a client sending its request slowly (or keeping an idle connection) is cut off
 * after the configured timeouts, with a real socket; and each route takes a body only as large as it needs.
 */
const PUBLIC_URL = 'https://compras.example.gob.mx/licita';
const TIMEOUTS = {
  HTTP_REQUEST_TIMEOUT_MS: '2000',
  HTTP_HEADERS_TIMEOUT_MS: '1000',
  HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
};
const SMALL = 100 * 1024;

const api = useTestApi({ env: { PUBLIC_URL, TRUST_PROXY: 'true', ...TIMEOUTS } });
const port = () => Number(new URL(api().url).port);

/** A GET with the headers given (fetch would not send our own `Host`). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: port(), path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('public URLs', () => {
  const HOSTILE = {
    Host: 'evil.example',
    'X-Forwarded-Host': 'evil-forwarded.example',
    'X-Forwarded-Proto': 'gopher',
  };

  it('builds the OCDS package uri and links.next from PUBLIC_URL, whatever Host the client sends', async () => {
    const page = await get('/api/ocds/releases?limit=2', HOSTILE);
    expect(page.status).toBe(200);
    const body = JSON.parse(page.text);
    expect(body.uri).toBe(`${PUBLIC_URL}/api/ocds/releases?limit=2`);
    expect(body.links.next).toBe(`${PUBLIC_URL}/api/ocds/releases?after=0&limit=2`);
    const download = await get('/api/ocds/download?format=json', HOSTILE);
    expect(JSON.parse(download.text).uri).toBe(`${PUBLIC_URL}/api/ocds/download?format=json`);
  });

  it('shows no client-given host in any answer of any GET the OpenAPI document lists', async () => {
    const gets = (await operations(api().url)).filter((op) => op.method === 'GET');
    expect(gets.length).toBeGreaterThan(20);
    const echoed: string[] = [];
    for (const op of gets) {
      const path = op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const reply = await get(path, HOSTILE);
      if (reply.text.includes('evil')) echoed.push(`${op.endpoint}: ${reply.text.slice(0, 200)}`);
    }
    expect(echoed).toEqual([]);
  }, 60_000);
});

// ------------------------------------------------------------------------------------------ slow clients

type Raw = { socket: Socket; received: () => string; closedAfterMs: Promise<number> };

/** A raw TCP client: what it was sent back, and how long after opening the server closed it. */
async function rawClient(): Promise<Raw> {
  const socket = connect(port(), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const opened = Date.now();
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const closedAfterMs = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - opened)));
  return { socket, received: () => text, closedAfterMs };
}

/** Resolves with the elapsed time of `closed`, or rejects when it has not come within `ms`. */
async function within(closed: Promise<number>, ms: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<number>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([closed, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('slow clients, on a real socket', () => {
  it('answers 408 request.timeout and closes a connection whose body trickles in past HTTP_REQUEST_TIMEOUT_MS', async () => {
    const client = await rawClient();
    client.socket.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"email":',
    );
    const drip = setInterval(() => client.socket.writable && client.socket.write(' '), 250); // never the whole body
    try {
      const after = await within(client.closedAfterMs, 6_000);
      expect(after).toBeGreaterThanOrEqual(1_900);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(client.received()).toContain('application/problem+json');
      expect(client.received()).toContain('"code":"request.timeout"');
    } finally {
      clearInterval(drip);
      client.socket.destroy();
    }
  });

  it('closes a connection whose headers never end, after HTTP_HEADERS_TIMEOUT_MS', async () => {
    const client = await rawClient();
    client.socket.write('GET /api/feed HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => client.socket.writable && client.socket.write('X-Slow: 1\r\n'), 200);
    try {
      const after = await within(client.closedAfterMs, 5_000);
      expect(after).toBeLessThan(3_000);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
      client.socket.destroy();
    }
  });

  it('closes an idle kept-alive connection after HTTP_KEEP_ALIVE_TIMEOUT_MS', async () => {
    const client = await rawClient();
    client.socket.write('GET /api/feed HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    const after = await within(client.closedAfterMs, 4_500);
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(after).toBeLessThan(3_000);
  });
});

// ------------------------------------------------------------------------------------------ body sizes

describe('the maximum body of each route', () => {
  const post = async (path: string, body: string, chunked = false) => {
    const response = await fetch(`${api().url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // A stream has no Content-Length: the body goes chunked and only its bytes can be counted.
      body: chunked ? new Blob([body]).stream() : body,
      ...(chunked ? { duplex: 'half' } : {}),
    });
    return { status: response.status, code: ((await response.json()) as { code: string }).code };
  };
  const json = (bytes: number) => JSON.stringify({ email: 'a@b.mx', password: 'x'.repeat(bytes) });

  it('takes a small JSON body by default: a login past HTTP_BODY_LIMIT is 413, declared or chunked', async () => {
    expect(await post('/api/auth/login', json(SMALL + 1))).toEqual({ status: 413, code: 'request.too_large' });
    expect(await post('/api/auth/login', json(SMALL + 1), true)).toEqual({ status: 413, code: 'request.too_large' });
    expect((await post('/api/auth/login', json(1_000))).status).toBe(400); // under the limit: read, then refused
  });

  it('takes a larger body where the route needs it (a tender and its lots), up to HTTP_LARGE_BODY_LIMIT', async () => {
    const tender = JSON.stringify({ title: 'Equipo', lots: [], description: 'x'.repeat(500 * 1024) });
    expect(await post('/api/tenders', tender)).toEqual({ status: 401, code: 'auth.unauthenticated' });
    expect(await post('/api/tenders', tender, true)).toEqual({ status: 401, code: 'auth.unauthenticated' });
    const huge = JSON.stringify({ description: 'x'.repeat(1024 * 1024 + 1) });
    expect(await post('/api/tenders', huge)).toEqual({ status: 413, code: 'request.too_large' });
  });
});
