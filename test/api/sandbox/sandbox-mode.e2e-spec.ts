import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { checkDeploymentMode } from '@licita/platform/deployment-mode';
import { useTestApi } from '../../support/api-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/** Practice mode (README "Sandbox (practice mode)"): a sandbox's data never mixes with production's, and says so. */
const sandbox = useTestApi({ env: { LICITA_MODE: 'sandbox' } });

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const appendOneEvent = (client: Client) =>
  client.query(
    `SELECT es_append('test-1', -1, ARRAY[$1]::uuid[], ARRAY['TestHappened']::text[], ARRAY['{}']::jsonb[], ARRAY['{}']::jsonb[])`,
    [randomUUID()],
  );

/** What checkDeploymentMode reads through (TypeORM's `query`: the rows). */
const rowsOf = (client: Client) => ({
  query: async (sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows,
});

describe('the mode recorded in the database', () => {
  const databases: TestDatabase[] = [];
  const migrated = async () => {
    const database = await createTestDatabase('mode', { migrated: true });
    databases.push(database);
    return database.url;
  };
  afterAll(() => Promise.all(databases.map((database) => database.drop())));

  it('is recorded at the first start, and a process of the other mode is refused with what to do', async () => {
    await withClient(await migrated(), async (db) => {
      await checkDeploymentMode(rowsOf(db), 'production');
      await checkDeploymentMode(rowsOf(db), 'production');
      await expect(checkDeploymentMode(rowsOf(db), 'sandbox')).rejects.toThrow(
        /LICITA_MODE=sandbox refuses this database: it holds a production log/,
      );
      expect((await db.query('SELECT mode FROM licita_deployment')).rows).toEqual([{ mode: 'production' }]);
    });
    await withClient(await migrated(), async (db) => {
      await checkDeploymentMode(rowsOf(db), 'sandbox');
      await expect(checkDeploymentMode(rowsOf(db), 'production')).rejects.toThrow(/was started in sandbox mode/);
    });
  });

  it('counts a log kept before the mode existed as production: a sandbox never starts on it', async () => {
    await withClient(await migrated(), async (db) => {
      await appendOneEvent(db);
      await expect(checkDeploymentMode(rowsOf(db), 'sandbox')).rejects.toThrow(/holds a production log/);
      expect((await db.query('SELECT count(*)::int AS n FROM licita_deployment')).rows).toEqual([{ n: 0 }]);
      await checkDeploymentMode(rowsOf(db), 'production');
      expect((await db.query('SELECT mode FROM licita_deployment')).rows).toEqual([{ mode: 'production' }]);
    });
  });
});

describe('a sandbox deployment', () => {
  it('records its mode at start and marks every answer: the header, /health, pages and OCDS packages', async () => {
    const recorded = await withClient(sandbox().databaseUrl, (db) => db.query('SELECT mode FROM licita_deployment'));
    expect(recorded.rows).toEqual([{ mode: 'sandbox' }]);

    const health = await fetch(`${sandbox().url}/health`);
    expect(health.headers.get('licita-mode')).toBe('sandbox');
    expect(await health.json()).toEqual({ status: 'ok', mode: 'sandbox' });

    const problem = await fetch(`${sandbox().url}/api/tenders/not-a-tender`);
    expect(problem.headers.get('licita-mode')).toBe('sandbox');

    const ocds = await fetch(`${sandbox().url}/api/ocds/releases`);
    expect(ocds.headers.get('licita-mode')).toBe('sandbox');
    expect(((await ocds.json()) as { publisher: { name: string } }).publisher.name).toMatch(/SANDBOX \/ PRÁCTICA/);
    expect(sandbox().config.ocidPrefix).toBe('ocds-licita-sandbox-');
  });
});
