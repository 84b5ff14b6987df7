import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EVENT_STORE, type EventStore } from '../../libs/event-store';
import { rebuildCommand } from '../../apps/projector/cli/rebuild';
import { startProjectorHealth } from '../../apps/projector/health-server';
import { createProjectorApp } from '../../apps/projector/projector-app';
import { LeaderElection } from '../../libs/scheduling';
import { loadConfig } from '../../libs/platform/config';
import { createLogger, PinoLoggerService } from '../../libs/platform/logger';
import { ProjectionRunner } from '../../libs/projections/projection-runner';
import { eventually } from '../../libs/projections/testing/projection-testbed';
import { TEST_MASTER_KEY } from '../support/api-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

jest.setTimeout(90_000);

/** The projector process as `npm run start:projector` builds it (without the signal handling), on a test database. */
function startProjector(databaseUrl: string, run: boolean): Promise<INestApplicationContext> {
  const config = loadConfig(
    {
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256',
      LICITA_MASTER_KEY: TEST_MASTER_KEY,
      LOG_LEVEL: 'silent',
    },
    [],
  );
  return createProjectorApp({ config, databaseUrl, logger: new PinoLoggerService(createLogger('silent')), run });
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the projector process', () => {
  let database: TestDatabase;
  const apps: INestApplicationContext[] = [];

  beforeEach(async () => {
    database = await createTestDatabase('projector');
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await database.drop();
  });

  it('runs every projection the contexts register; a second projector stands by and takes over when the first stops', async () => {
    const first = await startProjector(database.url, true);
    apps.push(first);
    const runner = first.get(ProjectionRunner);
    const names = runner.projections.map((projection) => projection.name);
    expect(names).toContain('classifier');

    await eventually('every projection running here', async () =>
      (await runner.status()).every((status) => status.owned && status.state === 'live'),
    );
    const stored = await query<{ name: string }>(database.url, 'SELECT name FROM projection_checkpoints ORDER BY name');
    expect(stored.map((row) => row.name)).toEqual([...names].sort());

    const second = await startProjector(database.url, true);
    apps.push(second);
    const standby = second.get(ProjectionRunner);
    expect((await standby.status()).map((status) => [status.name, status.owned])).toEqual(
      names.map((name) => [name, false]),
    );

    await first.close();
    apps.splice(apps.indexOf(first), 1);
    await eventually('the second projector runs them all', async () =>
      (await standby.status()).every((status) => status.owned),
    );
  });

  it('the rebuild command replays a projection from zero and prints the summary', async () => {
    const app = await startProjector(database.url, false);
    apps.push(app);
    const output = { text: '', isTTY: false, write: (text: string) => void (output.text += text) };

    expect(await rebuildCommand(app.get(ProjectionRunner), 'classifier', output)).toBe(0);

    expect(output.text).toMatch(/^rebuilding classifier from zero\n/);
    expect(output.text).toMatch(/\nrebuilt classifier: \d+ events up to position \d+ in [\d.]+ s \(\d+ events\/s\)\n$/);
    const [checkpoint] = await query<{ position: string }>(
      database.url,
      `SELECT position::text AS position FROM projection_checkpoints WHERE name = 'classifier'`,
    );
    expect(BigInt(checkpoint.position)).toBeGreaterThan(0n);
  });

  it('lets another process (the API) report a lag of 0 once the system is quiet, and again after a restart', async () => {
    const projector = await startProjector(database.url, true);
    apps.push(projector);
    // The API in role `api`: the same projections registered, not running, reading the stored checkpoints.
    const apiApp = await startProjector(database.url, false);
    apps.push(apiApp);
    const api = apiApp.get(ProjectionRunner);
    const store = projector.get<EventStore>(EVENT_STORE);
    const lags = async () => (await api.status()).map((status) => [status.name, status.lag]);
    const settled = async () => (await lags()).every(([, lag]) => lag === 0);
    await eventually('the start-up settles', settled);

    const noise = { actor: 'system', correlationId: randomUUID(), occurredAt: new Date().toISOString() };
    // Events most projections pass over (they write no batch for them, only skip past them), close together.
    await Promise.all(
      [1, 2, 3].map((i) =>
        store.appendToStream(`noise-${i}`, [{ id: randomUUID(), type: 'Noise', data: {}, metadata: noise }], {
          expectedRevision: 'no_stream',
        }),
      ),
    );
    // The head moved past every stored checkpoint: the lag reads above 0 until the skips are stored (within the
    // poll interval and the idle checkpoint, 1 s each); waited for, not slept for a fixed 3 s.
    await eventually('the skips past the noise are stored', settled);
    expect(await lags()).toEqual((await lags()).map(([name]) => [name, 0]));

    await projector.close();
    apps.splice(apps.indexOf(projector), 1);
    const restarted = await startProjector(database.url, true);
    apps.push(restarted);
    // Once the restarted projector runs them all again (it has read the stored checkpoints and polled), still 0.
    await eventually('the restarted projector runs them all', async () =>
      (await restarted.get(ProjectionRunner).status()).every((status) => status.owned && status.state === 'live'),
    );
    expect(await lags()).toEqual((await lags()).map(([name]) => [name, 0]));
  });

  it('runs each background job in one of two projectors, answers its own health endpoints, and hands the jobs over when it stops', async () => {
    const first = await startProjector(database.url, true);
    apps.push(first);
    const second = await startProjector(database.url, true);
    apps.push(second);
    const jobs = first.get(LeaderElection).leading;
    expect(jobs).toEqual(expect.arrayContaining(['command-scheduler', 'auction-closing', 'idempotency-cleanup']));
    expect(second.get(LeaderElection).leading).toEqual([]);

    const health = await startProjectorHealth(second, 0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${health.port}`;
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      const standby = await fetch(`${base}/health/ready`);
      expect(standby.status).toBe(200);
      expect(await standby.json()).toMatchObject({ status: 'ok', database: 'up', eventStore: 'up', leading: [] });
      const unknown = await fetch(`${base}/nothing`);
      expect([unknown.status, unknown.headers.get('content-type')]).toEqual([
        404,
        'application/problem+json; charset=utf-8',
      ]);

      await first.close();
      apps.splice(apps.indexOf(first), 1);
      await eventually('the second projector leads every job', async () => {
        const ready = (await (await fetch(`${base}/health/ready`)).json()) as { leading: string[] };
        return [...ready.leading].sort().join() === [...jobs].sort().join();
      });
    } finally {
      await new Promise((closed) => health.server.close(closed));
    }
  });
});
