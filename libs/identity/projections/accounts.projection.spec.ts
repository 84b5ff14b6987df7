import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { ProjectionRunner } from '@licita/projections/projection-runner';
import { eventually, MemoryLogger } from '@licita/projections/testing/projection-testbed';
import { DataSource } from 'typeorm';
import { CreateProjectionCheckpoints1763856000100 } from '../../../migrations/1763856000100-CreateProjectionCheckpoints';
import { NotifyProjectionCheckpoints1796669238136 } from '../../../migrations/1796669238136-NotifyProjectionCheckpoints';
import { CreateAccounts1765000200000 } from '../../../migrations/1765000200000-CreateAccounts';
import { createMigratedTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { accountStream } from '../domain/account.events';
import { AccountsProjection } from './accounts.projection';

/**
 * The accounts projection runs on a real event store and PostgreSQL: account events carry password hashes, the
 * `accounts` rows must carry none of them (nor any column a hash could hide in), only the whitelisted fields.
 */
const HASH = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0$SECRET-HASH-THAT-MUST-NOT-LEAK';
const NEW_HASH = 'scrypt$16384$8$1$bmV3c2FsdA$ANOTHER-SECRET-HASH';
const ACCOUNT = '6f0c6d1e-6b3a-4a57-9c53-2f1f0c0a0001';
const UNIT = '6f0c6d1e-6b3a-4a57-9c53-2f1f0c0a00aa';

let database: TestDatabase;
let db: DataSource;
let store: PostgresEventStore;
let runner: ProjectionRunner;

beforeAll(async () => {
  ({ database, db } = await createMigratedTestDatabase('accounts', [
    CreateProjectionCheckpoints1763856000100,
    NotifyProjectionCheckpoints1796669238136,
    CreateAccounts1765000200000,
  ]));
  store = await PostgresEventStore.create({ connectionString: database.url });
  runner = new ProjectionRunner({
    dataSource: db,
    eventStore: store,
    databaseUrl: database.url,
    pollIntervalMs: 50,
    lockRetryMs: 50,
    idleCheckpointMs: 0,
    logger: new MemoryLogger(),
  }).register(new AccountsProjection());
  await runner.start();
});

afterAll(async () => {
  await runner.stop();
  await store.close();
  await db.destroy();
  await database.drop();
});

const metadata = (occurredAt: string) => ({ actor: 'account-registrar-1', correlationId: 'c-1', occurredAt });

async function rowsOf(): Promise<Array<Record<string, unknown>>> {
  return db.query('SELECT * FROM accounts ORDER BY email');
}

describe('the accounts projection', () => {
  it('copies the whitelisted fields of a new account and never its password hash', async () => {
    await store.appendToStream(
      accountStream(ACCOUNT),
      [
        {
          id: '00000000-0000-4000-8000-000000000001',
          type: 'AccountCreated',
          data: {
            accountId: ACCOUNT,
            email: 'compras@salud.example.gob.mx',
            role: 'buyer',
            supplierId: null,
            buyingUnitId: UNIT,
            passwordHash: HASH,
            mustChangePassword: true,
          },
          metadata: metadata('2026-03-02T16:00:00.000Z'),
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    const [row] = await eventually('the account listed', async () => (await rowsOf())[0] && rowsOf());

    expect(row).toEqual({
      account_id: ACCOUNT,
      email: 'compras@salud.example.gob.mx',
      role: 'buyer',
      buying_unit_id: UNIT,
      supplier_id: null,
      status: 'active',
      created_at: new Date('2026-03-02T16:00:00.000Z'),
      created_by: 'account-registrar-1',
      last_change: 'AccountCreated',
      last_change_at: new Date('2026-03-02T16:00:00.000Z'),
    });
    expect(JSON.stringify(await rowsOf())).not.toContain('SECRET');
    const columns: Array<{ column_name: string }> = await db.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts'",
    );
    expect(columns.map(({ column_name }) => column_name)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/password|hash/)]),
    );
  });

  it('follows a password change, a disabling and an enabling by name and time, without the new hash', async () => {
    const at = (minute: number) => `2026-03-02T16:${String(minute).padStart(2, '0')}:00.000Z`;
    await store.appendToStream(
      accountStream(ACCOUNT),
      (
        [
          { type: 'PasswordChanged', data: { accountId: ACCOUNT, passwordHash: NEW_HASH }, minute: 1 },
          { type: 'AccountDisabled', data: { accountId: ACCOUNT, reason: 'Baja del servidor público' }, minute: 2 },
        ] as Array<{ type: string; data: Record<string, string>; minute: number }>
      ).map(({ type, data, minute }, i) => ({
        id: `00000000-0000-4000-8000-00000000001${i}`,
        type,
        data,
        metadata: metadata(at(minute)),
      })),
      { expectedRevision: 0n },
    );
    await eventually('the account disabled', async () => (await rowsOf())[0]?.status === 'disabled');
    expect((await rowsOf())[0]).toMatchObject({ last_change: 'AccountDisabled', last_change_at: new Date(at(2)) });
    expect(JSON.stringify(await rowsOf())).not.toContain('SECRET');

    await store.appendToStream(
      accountStream(ACCOUNT),
      [
        {
          id: '00000000-0000-4000-8000-000000000020',
          type: 'AccountEnabled',
          data: { accountId: ACCOUNT, reason: 'Reingreso' },
          metadata: metadata(at(3)),
        },
      ],
      { expectedRevision: 2n },
    );
    await eventually('the account enabled', async () => (await rowsOf())[0]?.status === 'active');
    expect(await rowsOf()).toHaveLength(1);
  });

  it('rebuilds to the same rows from the log', async () => {
    const before = await rowsOf();
    await db.query('UPDATE accounts SET email = $1', ['tampered@example.mx']);
    await runner.rebuildProjection('accounts');
    await eventually('rebuilt', async () => JSON.stringify(await rowsOf()) === JSON.stringify(before));
    expect(before[0]).toMatchObject({ status: 'active', last_change: 'AccountEnabled' });
  });
});
