import { Client } from 'pg';
import { ALL_MIGRATIONS } from '../../migrations';
import { startTestApi, type TestApi } from '../support/api-app';
import { createMigratedTestDatabase, type TestDatabase } from '../support/test-database';
import { eventually, registerVerifiedSuppliers } from './auctions/auction-clients';

/**
 * READ_DATABASE_URL: the public read models are answered by another database (in production a hot standby of
 * the primary); commands and projections stay on the primary. Here the "standby" is a second database the test
 * fills by hand, which shows where each read goes.
 */
let api: TestApi;
let replica: TestDatabase;

beforeAll(async () => {
  const migrated = await createMigratedTestDatabase('replica', ALL_MIGRATIONS);
  await migrated.db.destroy();
  replica = migrated.database;
  api = await startTestApi({ env: { READ_DATABASE_URL: replica.url } });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await replica?.drop();
});

async function on<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const directory = async () =>
  ((await (await fetch(`${api.url}/api/suppliers?q=Replica`)).json()) as { items: Array<{ legalName: string }> }).items;

describe('public reads from a standby', () => {
  it('answer the public directory from READ_DATABASE_URL, while the primary projects the register', async () => {
    await registerVerifiedSuppliers(api, [{ bidderId: 'supplier-r1', name: 'Replica Uno, S.A.', openingPrice: 1 }]);
    const projected = async () =>
      on<Record<string, unknown>>(
        api.databaseUrl,
        `SELECT to_jsonb(d) AS row FROM supplier_directory d WHERE supplier_id = 'supplier-r1'`,
      );
    await eventually('the primary projects the supplier', async () => (await projected()).length === 1);

    // Not on the standby yet: the public directory does not have it.
    expect(await directory()).toEqual([]);

    // The standby catches up (here: the row copied by hand): now the public directory has it.
    const [{ row }] = (await projected()) as Array<{ row: unknown }>;
    await on(
      replica.url,
      'INSERT INTO supplier_directory SELECT * FROM jsonb_populate_record(NULL::supplier_directory, $1)',
      [row],
    );
    expect((await directory()).map((supplier) => supplier.legalName)).toEqual(['Replica Uno, S.A.']);
  });

  it('say in /health/ready that public reads go to the standby, and how far it is behind', async () => {
    const ready = (await (await fetch(`${api.url}/health/ready`)).json()) as {
      details: { publicReads: { status: string; on: string; replicaLagSeconds: number } };
    };
    expect(ready.details.publicReads).toEqual({ status: 'up', on: 'replica', replicaLagSeconds: 0 });
  });
});
