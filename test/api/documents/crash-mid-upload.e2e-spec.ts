import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSWORD } from '../register/register-api';
import { TenderingApi } from '../tendering/tendering-api';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import {
  buildFolder,
  buildOnce,
  eventually,
  kill,
  query,
  spawnLicita,
  untilReady,
  type Licita,
} from '../../reliability/processes';
import { aPdf, sha256 } from './documents-api';

/**
 * A process killed mid-upload (#17 point 5b): the API as a child process receives a large upload sent slowly,
 * is SIGKILLed while the bytes are still arriving, and is started again on the same database and folder. No
 * event names a blob that is not there, no final blob holds partial bytes, the dead upload's temp is swept at
 * start-up once stale, and uploads work again.
 */
jest.setTimeout(180_000);

const DIST = buildFolder('documents-crash');
let database: TestDatabase;
let dir: string;
let email: string;
const processes: Licita[] = [];

beforeAll(async () => {
  await buildOnce(DIST);
  database = await createTestDatabase('documents_crash');
  dir = await mkdtemp(join(tmpdir(), 'licita-documents-crash-'));
  const world = await TenderingApi.start(undefined, database.url);
  try {
    email = (await world.supplier('Imprenta Oriente')).email;
  } finally {
    await world.close();
  }
}, 240_000);

afterAll(async () => {
  for (const licita of processes)
    if (licita.child.exitCode === null && licita.child.signalCode === null) await kill(licita);
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function started(): Promise<Licita> {
  const licita = await spawnLicita('api', database.url, { DOCUMENTS_DIR: dir }, DIST);
  processes.push(licita);
  await untilReady(licita, 60_000);
  return licita;
}

async function tokenFrom(licita: Licita): Promise<string> {
  const response = await fetch(`${licita.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function upload(licita: Licita, token: string, bytes: Buffer): Promise<{ status: number; sha256?: string }> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'anexo.pdf');
  const response = await fetch(`${licita.url}/api/documents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, ...((await response.json()) as { sha256?: string }) };
}

/** A multipart upload whose file part is written a chunk at a time, never finished: the request errors when the server dies. */
function slowUpload(licita: Licita, token: string): { sent: () => number; done: Promise<unknown> } {
  const boundary = 'licita-crash-boundary';
  const url = new URL(`${licita.url}/api/documents`);
  const req = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
  });
  let sent = 0;
  const done = new Promise((resolve) => {
    req.on('error', resolve);
    req.on('response', resolve);
  });
  req.write(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="grande.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  req.write(aPdf('grande'));
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const timer = setInterval(() => {
    if (req.destroyed) return clearInterval(timer);
    req.write(chunk);
    sent += chunk.length;
  }, 10);
  void done.then(() => clearInterval(timer));
  return { sent: () => sent, done };
}

const listed = async (folder: string): Promise<string[]> =>
  (await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));

/** Every blob holds exactly the bytes its name hashes; every DocumentUploaded names a blob that is there. */
async function expectNothingHalfKept(): Promise<void> {
  for (const blob of await listed(join(dir, 'blobs')))
    expect(
      createHash('sha256')
        .update(await readFile(blob))
        .digest('hex'),
    ).toBe(blob.split('/').pop());
  const recorded = await query<{ sha256: string }>(
    database.url,
    `SELECT data->>'sha256' AS sha256 FROM es_events WHERE type = 'DocumentUploaded'`,
  );
  for (const { sha256: hash } of recorded)
    expect((await stat(join(dir, 'blobs', hash.slice(0, 2), hash))).isFile()).toBe(true);
}

it('keeps nothing partial of an upload cut by SIGKILL, and sweeps its temp at a later start', async () => {
  const first = await started();
  const token = await tokenFrom(first);
  const before = aPdf('antes del fallo');
  expect(await upload(first, token, before)).toMatchObject({ status: 201, sha256: sha256(before) });

  const slow = slowUpload(first, token);
  const temp = await eventually('the upload is being written to a temp', async () => {
    const [file] = await listed(join(dir, 'tmp'));
    return file && (await stat(file)).size > 1024 * 1024 ? file : undefined;
  });
  await kill(first);
  await slow.done;
  expect(slow.sent()).toBeGreaterThan(1024 * 1024);

  await expectNothingHalfKept();
  expect(await listed(join(dir, 'blobs'))).toHaveLength(1);
  const [{ n }] = await query<{ n: number }>(
    database.url,
    `SELECT count(*)::int AS n FROM es_events WHERE type = 'DocumentUploaded'`,
  );
  expect(n).toBe(1);

  // The dead upload's temp is older than an hour by the time the next process starts: it is swept.
  const stale = new Date(Date.now() - 2 * 3_600_000);
  await utimes(temp, stale, stale);
  const second = await started();
  expect(await listed(join(dir, 'tmp'))).toEqual([]);
  await expectNothingHalfKept();

  const after = aPdf('después del fallo');
  expect(await upload(second, await tokenFrom(second), after)).toMatchObject({ status: 201, sha256: sha256(after) });
  await expectNothingHalfKept();
  await kill(second);
});
