import { randomUUID } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import { AccountRegistry, type Role } from '@licita/identity';
import { RegisterProjection, type Projection } from '@licita/projections/projection';
import { ProjectionRunner } from '@licita/projections/projection-runner';
import { eventually, MemoryLogger } from '@licita/projections/testing/projection-testbed';
import { SCHEDULER_OPTIONS } from '@licita/scheduling/scheduling.module';
import { ManualClock } from '@licita/shared';
import { rfcCheckDigit } from '@licita/suppliers';
import { DataSource } from 'typeorm';
import { TestClockModule } from '../../support/clock.module';
import { startTestApi, type TestApi, type TestApiOptions } from '../../support/api-app';
import { useStarted } from '../../support/use-started';

export { eventually };

export type Reply = { status: number; body: any; headers: Headers };
export type Call = { token?: string; body?: unknown; key?: string; headers?: Record<string, string> };

/** The password every test account gets (the API's rules: 12 to 128 characters). */
export const PASSWORD = 'correct horse battery staple';

@Global()
@Module({ providers: [{ provide: SCHEDULER_OPTIONS, useValue: { pollIntervalMs: 50 } }], exports: [SCHEDULER_OPTIONS] })
class FastSchedulerModule {}

export type RegisterApiOptions = {
  clock?: ManualClock;
  env?: Record<string, string>;
  logs?: { write(line: string): void };
  /** Modules of the test next to the real ones. */
  imports?: TestApiOptions['imports'];
  /** An existing database (kept on close); a fresh one by default. */
  databaseUrl?: string;
  /** false: no projection runner here (another process, e.g. a projector container, runs them). */
  projections?: boolean;
};

/**
 * The real API on a fresh database with a ManualClock, its projections running (the app's own runner when the
 * application starts one, else one started here), the scheduler polling every 50 ms, and the CPV 2008 codes
 * projected so supplier registrations can name them.
 */
export class RegisterApi {
  private constructor(
    readonly api: TestApi,
    readonly clock: ManualClock,
    private readonly ownRunner?: ProjectionRunner,
  ) {}

  /** A register for the specs of one file, started before them and closed after: `register()` in hooks and tests. */
  static use(options: RegisterApiOptions = {}): () => RegisterApi {
    return useStarted(() => RegisterApi.start(options), 120_000);
  }

  static async start(options: RegisterApiOptions = {}): Promise<RegisterApi> {
    const clock = options.clock ?? new ManualClock('2026-01-15T16:00:00.000Z');
    const api = await startTestApi({
      imports: [TestClockModule.using(clock), FastSchedulerModule, ...(options.imports ?? [])],
      env: options.env,
      logs: options.logs,
      databaseUrl: options.databaseUrl,
    });
    const registerApi = new RegisterApi(
      api,
      clock,
      options.projections === false ? undefined : await startProjections(api),
    );
    await eventually(
      'the CPV 2008 codes are projected',
      async () => (await registerApi.call('GET', '/api/classifier/45210000-2')).status === 200,
      60_000,
    );
    return registerApi;
  }

  get url(): string {
    return this.api.url;
  }

  get db(): DataSource {
    return this.api.app.get(DataSource);
  }

  get store(): EventStore {
    return this.api.app.get(EVENT_STORE);
  }

  /** The runner applying the projections (the application's, or the one started here). */
  get projections(): ProjectionRunner {
    return this.ownRunner ?? this.api.app.get(ProjectionRunner, { strict: false });
  }

  /**
   * Waits until every projection has applied the whole log. A projection the new events do not concern is not
   * woken by them: it moves its position past them at its next poll, which is up to a second later in the
   * application's runner. Each lagging one is woken here instead, as its poll would (the same read of the log
   * from its position, the same checkpoint move), so the wait ends when the work is done, not at the next poll.
   */
  async caughtUp(): Promise<void> {
    await eventually('projections caught up', async () => {
      const lagging = (await this.projections.status()).filter((projection) => projection.lag > 0);
      for (const projection of lagging) workersOf(this.projections)?.get(projection.name)?.wake();
      return lagging.length === 0;
    });
  }

  async call(method: string, path: string, { token, body, key, headers = {} }: Call = {}): Promise<Reply> {
    const response = await fetch(`${this.api.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(key ? { 'Idempotency-Key': key } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? parsedOr(text) : undefined, headers: response.headers };
  }

  async login(email: string, password = PASSWORD): Promise<string> {
    const reply = await this.call('POST', '/api/auth/login', { body: { email, password } });
    if (reply.status !== 200)
      throw new Error(`login of ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.accessToken;
  }

  /**
   * An active account of the role with PASSWORD (no one-time password), made through the registry as a
   * registrar would, and its access token. Buyers need `buyingUnitId`, suppliers `supplierId`.
   */
  async account(
    role: Role,
    binding: { supplierId?: string; buyingUnitId?: string; stateCode?: string } = {},
  ): Promise<{ accountId: string; email: string; token: string }> {
    const accountId = randomUUID();
    const email = `${role}-${accountId.slice(0, 8)}@licita.example.mx`;
    await this.api.app.get(AccountRegistry).create(
      {
        accountId,
        email,
        role,
        // A test shortcut past the HTTP registration: the origin a real account of the role has.
        origin: role === 'supplier' ? 'supplier_registration' : 'registrar',
        ...binding,
        password: PASSWORD,
      },
      { actor: 'system', correlationId: randomUUID(), now: this.clock.now() },
    );
    return { accountId, email, token: await this.login(email) };
  }

  async close(): Promise<void> {
    await this.ownRunner?.stop();
    await this.api.close();
  }
}

/** The runner's workers (not part of its API: a test only wakes them, as the runner's own feed does). */
function workersOf(runner: ProjectionRunner): Map<string, { wake(): void }> | undefined {
  const workers = (runner as unknown as { workers?: unknown }).workers;
  return workers instanceof Map ? (workers as Map<string, { wake(): void }>) : undefined;
}

async function startProjections(api: TestApi): Promise<ProjectionRunner | undefined> {
  const inApp = tryGet(api, ProjectionRunner);
  if (inApp?.isStarted) return undefined;
  const projections = api.app
    .get(DiscoveryService, { strict: false })
    .getProviders({ metadataKey: RegisterProjection.KEY })
    .map((wrapper) => wrapper.instance as Projection)
    .filter(Boolean);
  const runner = new ProjectionRunner({
    dataSource: api.app.get(DataSource),
    eventStore: api.app.get(EVENT_STORE),
    databaseUrl: api.databaseUrl,
    pollIntervalMs: 100,
    lockRetryMs: 50,
    retryInitialMs: 20,
    retryMaxMs: 500,
    logger: new MemoryLogger(),
  }).register(...projections);
  await runner.start();
  return runner;
}

function tryGet<T>(api: TestApi, token: new (...args: any[]) => T): T | undefined {
  try {
    return api.app.get(token, { strict: false });
  } catch {
    return undefined;
  }
}

/** A self-registration body with valid defaults: the SAT's test taxpayer "Escuela Kemper Urgate". */
export function aSupplierRegistration(overrides: Record<string, unknown> = {}): Record<string, any> {
  const id = randomUUID().slice(0, 8);
  return {
    rfc: 'EKU9003173C9',
    legalName: 'Escuela Kemper Urgate, S.A. de C.V.',
    personType: 'legal_entity',
    size: 'small',
    address: { street: 'Av. Juárez 100', municipality: 'Guadalajara', state: 'MX-JAL', postalCode: '44100' },
    contact: { name: 'Ana Pérez', email: `ana-${id}@kemper.example.mx`, phone: '+52 33 1234 5678' },
    classifierCodes: ['45210000-2', '33100000-1'],
    account: { email: `proveedor-${id}@kemper.example.mx`, password: PASSWORD },
    ...overrides,
  };
}

export const aBuyingUnit = (overrides: Record<string, unknown> = {}) => ({
  code: `UC-${randomUUID().slice(0, 8).toUpperCase()}`,
  name: 'Dirección General de Recursos Materiales y Servicios Generales',
  level: 'federal',
  parentInstitution: 'Secretaría de Salud',
  ...overrides,
});

let rfcCount = 0;

/** A legal entity RFC no other call returns: random letters, a real date, a homoclave and its check digit. */
export function aUniqueRfc(): string {
  rfcCount += 1;
  const letters = Array.from({ length: 3 }, () => 'ABCDEFGHIJKLMNPQRSTUVWXYZ'[Math.floor(Math.random() * 25)]).join('');
  const day = new Date(Date.UTC(1960, 0, 1) + rfcCount * 86_400_000 + Math.floor(Math.random() * 20_000) * 86_400_000);
  const date = day.toISOString().slice(2, 10).replace(/-/g, '');
  const withoutCheckDigit = `${letters}${date}A${1 + (rfcCount % 9)}`;
  return withoutCheckDigit + rfcCheckDigit(withoutCheckDigit);
}

/** A JSON answer parsed; any other (a document's bytes) as its text. */
function parsedOr(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
