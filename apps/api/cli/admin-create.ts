import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AccountRegistry, createFirstRegistrar, PasswordHasher } from '@licita/identity';
import { createEventStore, type EventStore } from '@licita/event-store';
import { loadConfigOrExit, openDatabase } from '@licita/platform';
import { ALL_MIGRATIONS } from '../../../migrations';
import { eventStoreConfig, exitWith } from './cli-process';

const USAGE = `usage: npm run admin:create -- --email someone@example.org

Creates a registrar account with a generated one-time password, printed once on stdout; it must be changed
at the first login (POST /api/accounts/me/password). Works against DATABASE_URL (or the embedded database;
stop a Licita running on the same data folder first) and the configured event store. Alternatively, set
LICITA_ADMIN_EMAIL and the first start creates the account and logs its one-time password.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help || !values.email) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadConfigOrExit(process.env, []);
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const database = await openDatabase(config, log, { migrations: ALL_MIGRATIONS });
  let store: EventStore | undefined;
  try {
    store = await createEventStore(eventStoreConfig(config, database.url));
    const accounts = new AccountRegistry(store, new PasswordHasher());
    const created = await createFirstRegistrar(accounts, values.email, {
      actor: 'system',
      correlationId: randomUUID(),
      now: new Date(),
    });
    process.stdout.write(
      `registrar ${created.email} created (account ${created.accountId})\n` +
        `one-time password: ${created.oneTimePassword}\n` +
        'It is shown only now and must be changed at the first login.\n',
    );
    return 0;
  } finally {
    await store?.close();
    await database.stop();
  }
}

exitWith('admin:create', main);
