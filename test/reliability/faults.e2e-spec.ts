import { randomUUID } from 'node:crypto';
import { rebuildCommand } from '../../apps/projector/cli/rebuild';
import { createProjectorApp } from '../../apps/projector/projector-app';
import { loadConfig } from '../../libs/platform/config';
import { createLogger, PinoLoggerService } from '../../libs/platform/logger';
import { ProjectionRunner } from '../../libs/projections/projection-runner';
import { supplierAccountId } from '@licita/suppliers';
import { aSupplierRegistration, aUniqueRfc } from '../api/register/register-api';
import { startTestApi, TEST_MASTER_KEY, type TestApi } from '../support/api-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { buildOnce, eventually, JWT_SECRET, kill, type Licita, query, spawnLicita, untilReady } from './processes';

/**
 * Faults: the API killed (SIGKILL) under load and started again, the database refusing connections for a few
 * seconds under load, and the projector holding the locks killed while another stands by. Nothing acknowledged
 * is lost, nothing is recorded twice, errors are quick 503s, and everything recovers by itself.
 */
// Two processes start in one test, each allowed 60 s to be ready (untilReady).
jest.setTimeout(150_000);

const databases: TestDatabase[] = [];
const processes: Licita[] = [];
const apis: TestApi[] = [];

beforeAll(async () => {
  await buildOnce();
}, 120_000);

afterAll(async () => {
  for (const licita of processes)
    if (licita.child.exitCode === null && licita.child.signalCode === null) await kill(licita);
  for (const api of apis) await api.close().catch(() => undefined);
  for (const database of databases) await database.drop();
});

async function aDatabase(prefix: string): Promise<string> {
  const database = await createTestDatabase(prefix);
  databases.push(database);
  return database.url;
}

async function spawned(kind: 'api' | 'projector', url: string, env: Record<string, string> = {}): Promise<Licita> {
  const licita = await spawnLicita(kind, url, env);
  processes.push(licita);
  return licita;
}

type Sent = { key: string; body: Record<string, any>; status?: number; supplierId?: string };

async function register(url: string, sent: Sent, timeoutMs = 20_000): Promise<Sent> {
  try {
    const response = await fetch(`${url}/api/suppliers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': sent.key },
      body: JSON.stringify(sent.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { supplierId?: string; code?: string };
    return { ...sent, status: response.status, supplierId: body.supplierId };
  } catch {
    return { ...sent, status: undefined }; // no answer: the client does not know whether it happened
  }
}

/**
 * What a client does with a request that got no answer or a 503 `service.unavailable` (on this loaded machine the
 * restarted API may briefly wait too long for a pooled connection): send it again with the same key, a few times.
 */
async function retryUntilAnswered(url: string, sent: Sent, attempts = 5): Promise<Sent> {
  let reply = await register(url, sent);
  for (let attempt = 1; attempt < attempts && (reply.status === undefined || reply.status === 503); attempt++) {
    await new Promise((resume) => setTimeout(resume, 500 * attempt));
    reply = await register(url, sent);
  }
  return reply;
}

const aRegistration = (): Sent => ({ key: randomUUID(), body: aSupplierRegistration({ rfc: aUniqueRfc() }) });

/** Registrations name CPV codes: the classifier must have been projected first. */
const classifierReady = (apiUrl: string) =>
  eventually(
    'the CPV codes are projected',
    async () => (await fetch(`${apiUrl}/api/classifier/45210000-2`)).status === 200,
    60_000,
  );

/** In the supplier directory (the public sees verified suppliers only: this one is pending). */
const projected = async (url: string, supplierId: string) =>
  (await query(url, 'SELECT 1 FROM supplier_directory WHERE supplier_id = $1', [supplierId])).length === 1;

/** The supplier directory, row by row, as text (what a rebuild must give again). */
const directory = (url: string) =>
  query(url, `SELECT supplier_id, t::text AS row FROM supplier_directory t ORDER BY supplier_id`);

describe('the API killed with SIGKILL under load', () => {
  it('loses no acknowledged registration, records none twice, completes the unanswered ones on retry, and its read model equals a rebuild', async () => {
    const url = await aDatabase('faults_crash');
    const first = await spawned('api', url);
    await untilReady(first);
    await classifierReady(first.url);

    const sent: Sent[] = [];
    let stop = false;
    const workers = Array.from({ length: 4 }, async () => {
      while (!stop) sent.push(await register(first.url, aRegistration()));
    });
    await eventually('some registrations are acknowledged', () => sent.filter((s) => s.status === 201).length >= 8);
    await kill(first); // mid-flight: requests in progress lose their answer
    stop = true;
    await Promise.all(workers);
    const acknowledged = sent.filter((s) => s.status === 201);
    // No answer, or 503 (try again): the client cannot know whether it happened, and sends it again.
    const unanswered = sent.filter((s) => s.status === undefined || s.status === 503);
    expect(
      sent.filter((s) => !(s.status === 201 || s.status === undefined || s.status === 503)).map((s) => s.status),
    ).toEqual([]);

    const second = await spawned('api', url);
    await untilReady(second);
    // A key whose request died with the process stays taken for a minute (idempotency.ts), then a retry takes it
    // over: here the minute is made to pass. The client retries what got no answer, with the same key: each
    // completes (or is found done) exactly once.
    await query(
      url,
      `UPDATE idempotency_keys SET started_at = started_at - interval '2 minutes' WHERE status = 'in_progress'`,
    );
    const retried = await Promise.all(unanswered.map((s) => retryUntilAnswered(second.url, s)));
    expect(retried.map((s) => s.status)).toEqual(unanswered.map(() => 201));
    const again = await Promise.all(acknowledged.slice(0, 3).map((s) => register(second.url, s)));
    expect(again.map((s) => s.supplierId)).toEqual(acknowledged.slice(0, 3).map((s) => s.supplierId));

    const registered = await query<{ supplier_id: string; rfc: string }>(
      url,
      `SELECT data->>'supplierId' AS supplier_id, data->>'rfc' AS rfc FROM es_events WHERE type = 'SupplierRegistered'`,
    );
    const expected = [...acknowledged, ...retried].map((s) => s.supplierId!).sort();
    expect(registered.map((row) => row.supplier_id).sort()).toEqual(expected);
    expect(new Set(registered.map((row) => row.rfc)).size).toBe(registered.length);
    const accounts = await query<{ stream_id: string }>(
      url,
      `SELECT stream_id FROM es_events WHERE type = 'AccountCreated'`,
    );
    expect(accounts.map((row) => row.stream_id).sort()).toEqual(
      expected.map((id) => `account-${supplierAccountId(id)}`).sort(),
    );

    await eventually('the directory has caught up', async () => (await directory(url)).length === expected.length);
    second.child.kill('SIGTERM');
    await second.exited;
    const live = await directory(url);
    const projector = await createProjectorApp({
      config: loadConfig(
        { DATABASE_URL: url, JWT_SECRET, LICITA_MASTER_KEY: TEST_MASTER_KEY, LOG_LEVEL: 'silent' },
        [],
      ),
      databaseUrl: url,
      logger: new PinoLoggerService(createLogger('silent')),
      run: false,
    });
    try {
      expect(
        await rebuildCommand(projector.get(ProjectionRunner), 'supplier-register', { isTTY: false, write: () => true }),
      ).toBe(0);
    } finally {
      await projector.close();
    }
    expect(await directory(url)).toEqual(live);
  });
});

describe('the database refusing connections for a few seconds under load', () => {
  let api: TestApi;
  let url: string;
  const database = () => new URL(url).pathname.slice(1);
  const server = () => process.env.TEST_DATABASE_URL!;

  beforeAll(async () => {
    url = await aDatabase('faults_outage');
    api = await startTestApi({ databaseUrl: url });
    apis.push(api);
    await classifierReady(api.url);
  });

  const timed = async <T>(work: () => Promise<T>) => {
    const started = Date.now();
    const value = await work();
    return { value, ms: Date.now() - started };
  };

  it('answers commands with a quick 503 service.unavailable and readiness with 503, then recovers by itself and projects again', async () => {
    expect((await register(api.url, aRegistration())).status).toBe(201);

    await query(server(), `ALTER DATABASE "${database()}" ALLOW_CONNECTIONS false`);
    await query(
      server(),
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database()],
    );
    const during: string[] = [];
    try {
      const until = Date.now() + 3_000;
      while (Date.now() < until) {
        const command = await timed(async () => {
          const response = await fetch(`${api.url}/api/suppliers`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(aRegistration().body),
          });
          return { status: response.status, code: ((await response.json()) as { code: string }).code };
        });
        const ready = await timed(async () => (await fetch(`${api.url}/health/ready`)).status);
        during.push(
          `${command.value.status} ${command.value.code} ${command.ms < 5_000 ? 'quick' : `${command.ms} ms`}; ready ${ready.value} ${ready.ms < 5_000 ? 'quick' : `${ready.ms} ms`}`,
        );
      }
    } finally {
      await query(server(), `ALTER DATABASE "${database()}" ALLOW_CONNECTIONS true`);
    }
    expect(during.length).toBeGreaterThan(2);
    expect([...new Set(during)]).toEqual(['503 service.unavailable quick; ready 503 quick']);

    const after = await eventually('a registration goes through again', async () => {
      const sent = await register(api.url, aRegistration());
      return sent.status === 201 && sent;
    });
    await eventually('ready again', async () => (await fetch(`${api.url}/health/ready`)).status === 200);
    await eventually('the new supplier is projected', () => projected(url, after.supplierId!));
  });
});

describe('two projector processes', () => {
  it('the standby takes over within seconds when the lock holder is killed, without applying anything twice', async () => {
    const url = await aDatabase('faults_projector');
    const api = await startTestApi({ databaseUrl: url, env: { LICITA_ROLE: 'api' } });
    apis.push(api);
    const holders = async () =>
      query<{ application_name: string }>(
        url,
        `SELECT DISTINCT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.application_name LIKE 'licita-projector:%'`,
      );
    const owner = (licita: Licita) => `:${licita.child.pid}:`;

    const first = await spawned('projector', url);
    await eventually('the first projector holds the locks', async () =>
      (await holders()).some((h) => h.application_name.includes(owner(first))),
    );
    await classifierReady(api.url);
    const second = await spawned('projector', url);
    const before = await register(api.url, aRegistration());
    expect(before.status).toBe(201);
    await eventually('the first projector projects', () => projected(url, before.supplierId!));
    expect((await holders()).every((h) => h.application_name.includes(owner(first)))).toBe(true);

    await kill(first);
    const killedAt = Date.now();
    const after = await register(api.url, aRegistration());
    expect(after.status).toBe(201);
    await eventually('the second projector projects', () => projected(url, after.supplierId!), 15_000);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(10_000);
    expect((await holders()).map((h) => h.application_name.includes(owner(second)))).toContain(true);

    const [{ events }] = await query(
      url,
      `SELECT count(*)::int AS events FROM es_events WHERE type = 'SupplierRegistered'`,
    );
    const [{ rows }] = await query(url, 'SELECT count(*)::int AS rows FROM supplier_directory');
    expect(rows).toBe(events);
    const [{ lag }] = await query(
      url,
      `SELECT (SELECT max(global_position) FROM es_events) - position AS lag FROM projection_checkpoints WHERE name = 'supplier-register'`,
    );
    expect(Number(lag)).toBeGreaterThanOrEqual(0);
    process.stdout.write(`projector takeover after SIGKILL: ${takeoverMs} ms\n`);
  });
});
