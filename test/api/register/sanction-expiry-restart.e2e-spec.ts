import { CommandScheduler } from '@licita/scheduling/command-scheduler';
import { ManualClock } from '@licita/shared';
import { listScheduledCommands } from '@licita/scheduling/scheduled-commands';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { aSupplierRegistration, eventually, RegisterApi } from './register-api';

/**
 * The automatic end of sanctions is durable: it survives the API being stopped across the end date, and a
 * rebuild of the projections derives the same jobs without recording any end twice. Also the first start
 * with LICITA_ADMIN_EMAIL creates the registrar once, not at every start.
 */
const ADMIN_EMAIL = 'primer.registrador@licita.example.mx';
const clock = new ManualClock('2026-01-15T16:00:00.000Z');
let database: TestDatabase;
let register: RegisterApi | undefined;

beforeAll(async () => {
  database = await createTestDatabase('restart');
});

afterAll(async () => {
  await register?.close();
  await database?.drop();
});

async function start(): Promise<{ api: RegisterApi; oneTimePasswordLogs: number }> {
  const lines: string[] = [];
  process.env.LICITA_ADMIN_EMAIL = ADMIN_EMAIL;
  try {
    const api = await RegisterApi.start({
      clock,
      databaseUrl: database.url,
      env: { LOG_LEVEL: 'info' },
      logs: { write: (line) => void lines.push(line) },
    });
    return { api, oneTimePasswordLogs: lines.filter((line) => line.includes('one-time password')).length };
  } finally {
    delete process.env.LICITA_ADMIN_EMAIL;
  }
}

const expiredEvents = async (api: RegisterApi, supplierId: string) =>
  (await api.store.readStream(`supplier-${supplierId}`))
    .filter((event) => event.type === 'SanctionExpired')
    .map((event) => event.data.sanctionId);

let supplierId: string;
let firstSanction: string;
let secondSanction: string;

describe('sanctions end at their date across restarts and rebuilds', () => {
  it('first start: creates the first registrar from LICITA_ADMIN_EMAIL; two sanctions get their end scheduled', async () => {
    const first = await start();
    register = first.api;
    expect(first.oneTimePasswordLogs).toBe(1);

    const registered = await register.call('POST', '/api/suppliers', {
      body: aSupplierRegistration({ rfc: 'SAT970701NN3', legalName: 'Servicio de Administración Tributaria' }),
    });
    supplierId = registered.body.supplierId;
    const auditor = await register.account('auditor');
    const impose = (endsAt: string, resolutionNumber: string) =>
      register!.call('POST', `/api/suppliers/${supplierId}/sanctions`, {
        token: auditor.token,
        body: { startsAt: '2026-01-16T00:00:00.000Z', endsAt, reason: 'Incumplimiento', resolutionNumber },
      });
    firstSanction = (await impose('2026-02-01T06:00:00.000Z', 'R-1')).body.sanctionId;
    secondSanction = (await impose('2026-06-01T06:00:00.000Z', 'R-2')).body.sanctionId;
    await eventually(
      'both jobs derived',
      async () => (await listScheduledCommands(register!.db, 'sanction-expiry:')).length === 2,
    );
  });

  it('records an end date that passed while the API was stopped as soon as it starts again, at the end date itself', async () => {
    await register?.close();
    register = undefined;
    clock.set('2026-02-08T12:00:00.000Z'); // a week late

    const second = await start();
    register = second.api;
    expect(second.oneTimePasswordLogs).toBe(0); // the registrar exists: no second one, no new password

    await eventually('the first sanction ends', async () => (await expiredEvents(register!, supplierId)).length === 1);
    const [event] = (await register.store.readStream(`supplier-${supplierId}`)).filter(
      (e) => e.type === 'SanctionExpired',
    );
    expect(event.data).toEqual({ supplierId, sanctionId: firstSanction, expiredAt: '2026-02-01T06:00:00.000Z' });
    expect(event.metadata).toMatchObject({ actor: 'system', occurredAt: '2026-02-08T12:00:00.000Z' });
  });

  it('derives the same jobs again after a rebuild, without ending any sanction twice', async () => {
    const before = (await listScheduledCommands(register!.db, 'sanction-expiry:')).map(({ key, status, dueAt }) => ({
      key,
      status,
      dueAt,
    }));
    expect(before.map((job) => job.status)).toEqual(['done', 'pending']);

    await register!.projections.rebuildProjection('supplier-sanction-expiry');
    await register!.projections.rebuildProjection('supplier-register');

    expect(
      (await listScheduledCommands(register!.db, 'sanction-expiry:')).map(({ key, status, dueAt }) => ({
        key,
        status,
        dueAt,
      })),
    ).toEqual(before);
    await register!.api.app.get(CommandScheduler).runDue();
    expect(await expiredEvents(register!, supplierId)).toEqual([firstSanction]);
    const history = await eventually('the directory is rebuilt', async () => {
      const reply = await register!.call('GET', '/api/sanctions');
      return reply.body.items.length === 2 && reply.body.items;
    });
    expect(
      history.map((item: { sanctionId: string; status: string }) => [item.sanctionId, item.status]).sort(),
    ).toEqual(
      [
        [firstSanction, 'ended'],
        [secondSanction, 'in_force'],
      ].sort(),
    );
  });

  it('ends the other sanction at its own date', async () => {
    clock.set('2026-06-01T06:00:00.000Z');
    await eventually('the second sanction ends', async () => (await expiredEvents(register!, supplierId)).length === 2);
    expect(await expiredEvents(register!, supplierId)).toEqual([firstSanction, secondSanction]);
  });
});
