import type { DataSource } from 'typeorm';
import { CreateTenderingTables1763856300000 } from '../../../migrations/1763856300000-CreateTenderingTables';
import { createMigratedTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { TenderKeyStore } from './tender-keys';

const MASTER_KEY = Buffer.alloc(32, 0x11).toString('base64');
let database: TestDatabase;
let db: DataSource;
let keys: TenderKeyStore;

beforeAll(async () => {
  ({ database, db } = await createMigratedTestDatabase('tender_keys', [CreateTenderingTables1763856300000]));
  keys = new TenderKeyStore(db, { masterKey: MASTER_KEY });
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('the key store of sealed proposals', () => {
  it('makes one key per tender, however often and concurrently it is asked', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => keys.keyIdFor('tender-1')));
    expect(new Set(ids).size).toBe(1);
    expect(await keys.keyIdFor('tender-1')).toBe(ids[0]);
    expect(await keys.keyIdFor('tender-2')).not.toBe(ids[0]);
    expect((await db.query('SELECT count(*)::int AS n FROM tender_keys'))[0].n).toBe(2);
  });

  it('gives back the same 32-byte key, which the table holds only wrapped', async () => {
    const keyId = await keys.keyIdFor('tender-1');
    const key = await keys.dataKey(keyId);
    expect(key).toHaveLength(32);
    expect(await keys.dataKey(keyId)).toEqual(key);
    const [row] = await db.query('SELECT t::text AS text FROM tender_keys t WHERE tender_key_id = $1', [keyId]);
    expect(row.text).not.toContain(key.toString('base64'));
    expect(row.text).not.toContain(key.toString('hex'));
  });

  it('refuses to unwrap with another master key, naming which key wrapped it', async () => {
    const keyId = await keys.keyIdFor('tender-1');
    const other = new TenderKeyStore(db, { masterKey: Buffer.alloc(32, 0x22).toString('base64') });
    await expect(other.dataKey(keyId)).rejects.toThrow(
      /was wrapped by master key [0-9a-f]{16}, not by the configured LICITA_MASTER_KEY/,
    );
  });

  it('does not open a wrapped key moved onto another tender', async () => {
    const keyId = await keys.keyIdFor('tender-3');
    await db.query(`UPDATE tender_keys SET tender_id = 'tender-4' WHERE tender_key_id = $1`, [keyId]);
    await expect(keys.dataKey(keyId)).rejects.toThrow(/Unsupported state or unable to authenticate data/);
  });
});
