import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { ProjectionRunner } from '@licita/projections';
import { PROBLEM_CATALOGUE, type ProblemCode } from '@licita/shared';
import { LeaderElection } from '@licita/scheduling';
import { DataSource } from 'typeorm';

const CHECK_TIMEOUT_MS = 2_000;

/** What `/health/ready` of the projector answers (200 when `status` is `ok`, 503 otherwise). */
export interface ProjectorReadiness {
  status: 'ok' | 'error';
  database: 'up' | 'down';
  eventStore: 'up' | 'down';
  /** The background jobs this process leads now (`command-scheduler`, `auction-closing`, `ledger-checkpoints`). */
  leading: string[];
  projections: Array<{ name: string; owned: boolean; state: string; lag: number; failing?: string }>;
}

/**
 * The projector's own health endpoints, on `PROJECTOR_PORT` (the projector serves no API):
 * `GET /health/live` — the process answers; `GET /health/ready` — the database and the event store answer
 * (503 `service.not_ready` otherwise), with each projection's state and lag and the jobs led here. A standby
 * projector (every projection running elsewhere) is ready: it is there to take over.
 */
export async function startProjectorHealth(
  app: INestApplicationContext,
  port: number,
  host: string,
): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') return problem(response, 405, 'request.method_not_allowed', 'only GET is served');
    if (path === '/health/live' || path === '/health') return json(response, 200, { status: 'ok' });
    if (path !== '/health/ready') return problem(response, 404, 'route.not_found', `no route ${path}`);
    readiness(app).then(
      (ready) =>
        ready.status === 'ok'
          ? json(response, 200, ready)
          : problem(response, 503, 'service.not_ready', 'not ready: the database or the event store', ready),
      (error: unknown) => problem(response, 503, 'service.not_ready', `not ready: ${String(error)}`),
    );
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(port, host, () => listening());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export async function readiness(app: INestApplicationContext): Promise<ProjectorReadiness> {
  const [database, eventStore, statuses] = await Promise.all([
    up(() => app.get(DataSource).query('SELECT 1')),
    up(() => app.get<EventStore>(EVENT_STORE).ping()),
    app
      .get(ProjectionRunner)
      .status()
      .catch(() => []),
  ]);
  const projections = statuses.map(({ name, owned, state, lag, failure }) => ({
    name,
    owned,
    state,
    lag,
    ...(failure ? { failing: failure.message } : {}),
  }));
  return {
    status: database === 'up' && eventStore === 'up' ? 'ok' : 'error',
    database,
    eventStore,
    leading: app.get(LeaderElection, { strict: false }).leading,
    projections,
  };
}

async function up(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** A problem+json answer titled from the catalogue (Spanish, the default language). */
function problem(response: ServerResponse, status: number, code: ProblemCode, detail: string, details?: unknown): void {
  const title = PROBLEM_CATALOGUE[code].es;
  response
    .writeHead(status, { 'content-type': 'application/problem+json; charset=utf-8' })
    .end(JSON.stringify({ type: 'about:blank', title, status, code, detail, ...(details ? { details } : {}) }));
}
