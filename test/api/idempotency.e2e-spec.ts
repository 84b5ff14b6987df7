import { randomUUID } from 'node:crypto';
import { Body, Controller, Global, HttpCode, Module, Post } from '@nestjs/common';
import { IsOptional, IsString, Length } from 'class-validator';
import { deterministicUuid } from '@licita/event-store/command-executor';
import { IdempotencyExempt, IDEMPOTENCY_OPTIONS } from '@licita/platform/idempotency';
import { DomainError } from '@licita/shared';
import { IdempotencyHousekeeping } from '@licita/scheduling';
import { SupplierRegistry } from '@licita/suppliers/application/supplier-registry';
import { DataSource } from 'typeorm';
import { aSupplierRegistration, PASSWORD, RegisterApi } from './register/register-api';

class ThingDto {
  @IsString()
  @Length(1, 50)
  name!: string;

  @IsOptional()
  @IsString()
  color?: string;
}

/** Counts how often each handler really ran; `gate` holds `slow` until the test opens it. */
const runs = { things: 0, failing: 0, empty: 0, exempt: 0 };
let gate: Promise<void> = Promise.resolve();

@Controller('test/idempotency')
class CountingController {
  @Post('things')
  async create(@Body() body: ThingDto) {
    runs.things += 1;
    await gate;
    return { run: runs.things, name: body.name };
  }

  @Post('failing')
  fail() {
    runs.failing += 1;
    if (runs.failing === 1) throw new DomainError('test.busy', 'try again', 'conflict');
    return { run: runs.failing };
  }

  @Post('empty')
  @HttpCode(204)
  empty(): void {
    runs.empty += 1;
  }

  @Post('exempt')
  @HttpCode(200)
  @IdempotencyExempt()
  exempt() {
    runs.exempt += 1;
    return { run: runs.exempt };
  }
}

@Global()
@Module({
  controllers: [CountingController],
  providers: [{ provide: IDEMPOTENCY_OPTIONS, useValue: { waitForFirstMs: 1_000 } }],
  exports: [IDEMPOTENCY_OPTIONS],
})
class CountingModule {}

const register = RegisterApi.use({ imports: [CountingModule] });

beforeEach(() => {
  for (const name of Object.keys(runs) as Array<keyof typeof runs>) runs[name] = 0;
  gate = Promise.resolve();
});

const post = (path: string, body: unknown, key?: string, token?: string) =>
  register().call('POST', `/test/idempotency/${path}`, { body, key, token });

/** Posts a thing with `key` and waits until its handler runs and holds at the gate; `open` lets it finish. */
async function aFirstRequestHeld(key: string) {
  let open!: () => void;
  gate = new Promise((resolve) => (open = resolve));
  const first = post('things', { name: 'silla' }, key);
  while (runs.things === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  return { first, open };
}

describe('Idempotency-Key', () => {
  it('answers the same request again with the first response (status and body) without running the handler', async () => {
    const key = randomUUID();
    const first = await post('things', { name: 'silla' }, key);
    const again = await post('things', { name: 'silla' }, key);

    expect(first).toMatchObject({ status: 201, body: { run: 1, name: 'silla' } });
    expect(again).toMatchObject({ status: 201, body: { run: 1, name: 'silla' } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(runs.things).toBe(1);
  });

  it('compares bodies by content, not by the order of their keys', async () => {
    const key = randomUUID();
    await register().call('POST', '/test/idempotency/things', { key, body: { name: 'mesa', color: 'roja' } });
    const reordered = await fetch(`${register().url}/test/idempotency/things`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: '{ "color": "roja",\n  "name" : "mesa" }',
    });
    expect(reordered.status).toBe(201);
    expect(runs.things).toBe(1);
  });

  it('refuses the same key with a different body: 422 idempotency.key_reused', async () => {
    const key = randomUUID();
    await post('things', { name: 'silla' }, key);
    expect(await post('things', { name: 'mesa' }, key)).toMatchObject({
      status: 422,
      body: { code: 'idempotency.key_reused' },
    });
    expect(runs.things).toBe(1);
  });

  it('treats the same key on another route, or from another account, as another request', async () => {
    const key = randomUUID();
    const [ana, beto] = [await register().account('registrar'), await register().account('registrar')];
    await post('things', { name: 'silla' }, key);
    await post('things', { name: 'silla' }, key, ana.token);
    await post('things', { name: 'silla' }, key, beto.token);
    await post('empty', {}, key);
    expect(runs).toMatchObject({ things: 3, empty: 1 });
  });

  it('runs concurrent duplicates once: the duplicate waits for the first and gets its response', async () => {
    const key = randomUUID();
    const { first, open } = await aFirstRequestHeld(key);
    const duplicate = post('things', { name: 'silla' }, key);
    await new Promise((resolve) => setTimeout(resolve, 200));
    open();

    const replies = await Promise.all([first, duplicate]);
    expect(replies.map((reply) => [reply.status, reply.body])).toEqual([
      [201, { run: 1, name: 'silla' }],
      [201, { run: 1, name: 'silla' }],
    ]);
    expect(runs.things).toBe(1);
  });

  it('answers 409 idempotency.in_progress to a duplicate when the first takes longer than the wait', async () => {
    const key = randomUUID();
    const { first, open } = await aFirstRequestHeld(key);

    expect(await post('things', { name: 'silla' }, key)).toMatchObject({
      status: 409,
      body: { code: 'idempotency.in_progress' },
    });
    open();
    expect((await first).status).toBe(201);
    expect(runs.things).toBe(1);
  });

  it('keeps no error: a request that failed runs again when retried with its key', async () => {
    const key = randomUUID();
    expect(await post('failing', {}, key)).toMatchObject({ status: 409, body: { code: 'test.busy' } });
    expect(await post('failing', {}, key)).toMatchObject({ status: 201, body: { run: 2 } });
    expect(await post('failing', {}, key)).toMatchObject({ status: 201, body: { run: 2 } });
  });

  it('replays a 204 without a body', async () => {
    const key = randomUUID();
    expect((await post('empty', {}, key)).status).toBe(204);
    const again = await post('empty', {}, key);
    expect(again.status).toBe(204);
    expect(again.body).toBeUndefined();
    expect(runs.empty).toBe(1);
  });

  it('runs requests without a key, and exempt handlers, every time', async () => {
    await post('things', { name: 'silla' });
    await post('things', { name: 'silla' });
    const key = randomUUID();
    await post('exempt', {}, key);
    await post('exempt', {}, key);
    expect(runs).toMatchObject({ things: 2, exempt: 2 });
  });

  it('refuses a malformed key: 400 idempotency.invalid_key', async () => {
    expect(await post('things', { name: 'silla' }, 'a key with spaces')).toMatchObject({
      status: 400,
      body: { code: 'idempotency.invalid_key' },
    });
    expect(await post('things', { name: 'silla' }, 'x'.repeat(201))).toMatchObject({
      status: 400,
      body: { code: 'idempotency.invalid_key' },
    });
    expect(runs.things).toBe(0);
  });

  it('never stores the body: only a keyed fingerprint (a registration carries a password)', async () => {
    const key = randomUUID();
    const reply = await register().call('POST', '/api/suppliers', {
      key,
      body: aSupplierRegistration({ rfc: 'SAT970701NN3', legalName: 'Servicio de Administración Tributaria' }),
    });
    expect(reply.status).toBe(201);
    const rows: Array<Record<string, unknown>> = await register().db.query(
      'SELECT * FROM idempotency_keys WHERE key = $1',
      [key],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain(PASSWORD);
    expect(rows[0]).toMatchObject({
      actor: 'anonymous',
      route: 'POST /api/suppliers',
      status: 'completed',
      response_status: 201,
    });
  });
});

/** The supplier registered through the registry alone, as if the API died before it opened the account. */
async function registeredBeforeTheCrash(supplierId: string, body: ReturnType<typeof aSupplierRegistration>) {
  const { account: _account, ...data } = body;
  await register()
    .api.app.get(SupplierRegistry)
    .register({ type: 'RegisterSupplier', supplierId, ...data } as never, {
      actor: 'anonymous',
      correlationId: randomUUID(),
      now: register().clock.now(),
    });
}

describe('a retry completes a registration that stopped half-way', () => {
  it('with the same supplierId: the supplier registered before the crash gets its account', async () => {
    const supplierId = randomUUID();
    const body = aSupplierRegistration({
      supplierId,
      rfc: 'IMS421231I45',
      legalName: 'Instituto Mexicano del Seguro Social',
    });
    await registeredBeforeTheCrash(supplierId, body);

    const retry = await register().call('POST', '/api/suppliers', { body });
    expect(retry).toMatchObject({ status: 201, body: { supplierId, rfc: 'IMS421231I45', alreadyRegistered: false } });
    expect(await register().login(body.account.email)).toEqual(expect.any(String));
    const events = await register().store.readStream(`supplier-${supplierId}`);
    expect(events.map((event) => event.type)).toEqual(['SupplierRegistered']);
  });

  it('with the same Idempotency-Key: the ids derive from the key, so the retry names the same supplier', async () => {
    const key = randomUUID();
    const body = aSupplierRegistration({ rfc: 'CFE370814QI0', legalName: 'Comisión Federal de Electricidad' });
    const supplierId = deterministicUuid(`anonymous|POST /api/suppliers|${key}|supplier`);
    await registeredBeforeTheCrash(supplierId, body);

    const retry = await register().call('POST', '/api/suppliers', { body, key });
    expect(retry).toMatchObject({ status: 201, body: { supplierId, rfc: 'CFE370814QI0' } });
    expect(await register().login(body.account.email)).toEqual(expect.any(String));
  });

  it('cannot be used to add a second account to a registered supplier', async () => {
    const body = aSupplierRegistration({ supplierId: randomUUID(), rfc: 'BMN930209927', legalName: 'Banco de México' });
    expect((await register().call('POST', '/api/suppliers', { body })).status).toBe(201);

    const hijack = await register().call('POST', '/api/suppliers', {
      body: { ...body, account: { email: 'intruso@example.mx', password: PASSWORD } },
    });
    expect(hijack).toMatchObject({ status: 409, body: { code: 'account.already_exists' } });
    expect(
      (await register().call('POST', '/api/auth/login', { body: { email: 'intruso@example.mx', password: PASSWORD } }))
        .status,
    ).toBe(401);
  });
});

describe('expiry of the records', () => {
  it('deletes the records older than the retention (7 days by default), keeps the recent ones, and runs an expired key again', async () => {
    const [old, recent] = [randomUUID(), randomUUID()];
    await post('things', { name: 'vieja' }, old);
    await post('things', { name: 'reciente' }, recent);
    const db = register().api.app.get(DataSource);
    await db.query(
      `UPDATE idempotency_keys SET started_at = now() - interval '8 days', completed_at = now() - interval '8 days'
        WHERE key = $1`,
      [old],
    );
    const housekeeping = register().api.app.get(IdempotencyHousekeeping);
    expect(housekeeping.retentionDays).toBe(7);

    expect(await housekeeping.cleanUp()).toBe(1);
    const left = await db.query<Array<{ key: string }>>('SELECT key FROM idempotency_keys WHERE key = ANY($1)', [
      [old, recent],
    ]);
    expect(left.map((row) => row.key)).toEqual([recent]);
    expect((await post('things', { name: 'vieja' }, old)).body).toMatchObject({ run: 3 });
    expect((await post('things', { name: 'reciente' }, recent)).body).toMatchObject({ run: 2 });
  });
});
