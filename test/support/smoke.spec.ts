import { Client } from 'pg';
import { createTestDatabase } from './test-database';

it('the test cluster serves a fresh database per test file', async () => {
  const database = await createTestDatabase();
  const client = new Client({ connectionString: database.url });
  await client.connect();
  const { rows } = await client.query('select current_database() as name');
  await client.end();
  await database.drop();
  expect(rows[0].name).toBe(database.name);
});
