import { randomUUID } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { Client } from 'pg';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import { RegisterProjection, type Projection } from '@licita/projections/projection';
import { useTestApi } from '../support/api-app';

@Injectable()
@RegisterProjection()
class TenderSearchProjection implements Projection {
  readonly name = 'tender-search';
  readonly version = 1;
  readonly filter = { eventTypePrefixes: ['Test'] };
  async handle(): Promise<void> {}
  async reset(): Promise<void> {}
}

@Module({ providers: [TenderSearchProjection] })
class TenderSearchModule {}

// The API-only role: the projection is registered but runs elsewhere, so its stored checkpoint stays put.
const api = useTestApi({ imports: [TenderSearchModule], env: { LICITA_ROLE: 'api' } });

const get = async (path: string) => {
  const response = await fetch(`${api().url}${path}`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, any>,
  };
};

async function asAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

const databaseName = () => new URL(api().databaseUrl).pathname.slice(1);

it('GET /health says the process is alive', async () => {
  expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
});

it('GET /health/ready is 200 with the database, the event store and the projector lag in events', async () => {
  const store = api().app.get<EventStore>(EVENT_STORE);
  const event = () => ({
    id: randomUUID(),
    type: 'TestHappened',
    data: {},
    metadata: { actor: 'system', correlationId: randomUUID(), occurredAt: new Date().toISOString() },
  });
  await store.appendToStream('test-1', [event(), event(), event()], { expectedRevision: 'no_stream' });
  const head = await store.headPosition();
  const projector = new Client({ connectionString: api().databaseUrl });
  await projector.connect();
  await projector.query(
    `INSERT INTO projection_checkpoints (name, position, version) VALUES ('tender-search', $1, 1)`,
    [String(head - 2n)],
  );
  await projector.end();

  const response = await get('/health/ready');

  expect(response.status).toBe(200);
  expect(response.body.details).toMatchObject({
    database: { status: 'up' },
    eventStore: { status: 'up' },
    projector: { status: 'up' },
  });
  // The contexts' own projections are listed too; this one is 2 events behind.
  expect(response.body.details.projector.projections).toContainEqual({ name: 'tender-search', lag: 2 });
});

it('GET /health/ready is 503 problem+json while the database refuses connections, and 200 again after', async () => {
  await asAdmin(`ALTER DATABASE "${databaseName()}" WITH ALLOW_CONNECTIONS false`);
  await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${databaseName()}'`);
  try {
    const response = await get('/health/ready');
    expect(response.status).toBe(503);
    expect(response.type).toBe('application/problem+json; charset=utf-8');
    expect(response.body).toMatchObject({
      code: 'service.not_ready',
      details: { database: { status: 'down' }, eventStore: { status: 'down' } },
    });
  } finally {
    await asAdmin(`ALTER DATABASE "${databaseName()}" WITH ALLOW_CONNECTIONS true`);
  }
  expect((await get('/health/ready')).status).toBe(200);
});
