import { randomUUID } from 'node:crypto';
import type { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { appendsMeetFirst } from '../../../test/support/appends-meet-first';
import { contextOf, useEventStore } from '../../../test/support/event-store-spec';
import { accountEmailStream } from '../domain/account-email-reservation';
import { accountStream } from '../domain/account.events';
import { AccountRegistry, type NewAccount } from './account-registry';
import { Authentication } from './authentication';
import { createFirstRegistrar } from './create-first-registrar';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token-service';

const db = useEventStore('identity');
let store: PostgresEventStore;
let accounts: AccountRegistry;
let auth: Authentication;
let tokens: TokenService;
const hasher = new PasswordHasher({ ln: 10, r: 8, p: 1 }); // cheap for tests; the format is the same

beforeAll(() => {
  store = db.store;
  accounts = new AccountRegistry(store, hasher);
  tokens = new TokenService({ secret: 'a-test-secret-that-is-long-enough-1234' });
  auth = new Authentication(accounts, hasher, tokens);
});

const NOW = new Date('2026-03-02T15:00:00.000Z');
const context = contextOf('account-registrar', NOW);
const PASSWORD = 'correct horse battery staple';
let n = 0;
const aSupplierAccount = (overrides: Partial<NewAccount> = {}): NewAccount => ({
  accountId: randomUUID(),
  email: `officer${++n}@kemper.example.mx`,
  role: 'supplier',
  origin: 'supplier_registration',
  supplierId: randomUUID(),
  password: PASSWORD,
  ...overrides,
});

it('creates an account that logs in with its email in any case and gets its principal back', async () => {
  const account = aSupplierAccount();
  await expect(accounts.create(account, context())).resolves.toEqual({
    accountId: account.accountId,
    email: account.email,
    alreadyCreated: false,
  });
  const pair = await auth.login(account.email.toUpperCase(), PASSWORD, NOW);
  expect(auth.principalOf(`Bearer ${pair.accessToken}`, NOW)).toEqual({
    kind: 'account',
    accountId: account.accountId,
    role: 'supplier',
    supplierId: account.supplierId,
  });
});

it('stores only a salted hash: the clear password appears in no event', async () => {
  const account = aSupplierAccount({ password: 'a-very-distinctive-password-Ω' });
  await accounts.create(account, context());
  const events = [
    ...(await store.readStream(accountStream(account.accountId))),
    ...(await store.readStream(accountEmailStream(account.email))),
  ];
  expect(events.length).toBe(2);
  expect(JSON.stringify(events.map((e) => [e.data, e.metadata]))).not.toContain('distinctive');
});

it('answers a wrong password and an unknown email alike', async () => {
  const account = aSupplierAccount();
  await accounts.create(account, context());
  await expect(auth.login(account.email, 'wrong password, wrong', NOW)).rejects.toMatchObject({
    code: 'auth.invalid_credentials',
    kind: 'unauthorized',
  });
  await expect(auth.login('nobody@example.mx', PASSWORD, NOW)).rejects.toMatchObject({
    code: 'auth.invalid_credentials',
    kind: 'unauthorized',
  });
});

it.each([
  ['as they come', () => accounts],
  [
    'when all have read the email as free before any writes',
    () => new AccountRegistry(appendsMeetFirst(store, 'account-email-', 10), hasher),
  ],
])('gives an email to one account only, of 10 created in parallel %s', async (_how, registryUnderTest) => {
  const email = `shared${++n}@example.mx`;
  const attempts = Array.from({ length: 10 }, (_, i) =>
    aSupplierAccount({ email: i % 2 ? email.toUpperCase() : email }),
  );
  const underTest = registryUnderTest();
  const outcomes = await Promise.allSettled(attempts.map((a) => underTest.create(a, context())));
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  for (const o of outcomes)
    if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'account.email_taken', kind: 'conflict' });
  expect(await store.readStream(accountEmailStream(email))).toHaveLength(1);
});

it('ends every session when the password changes: the old refresh token no longer works', async () => {
  const account = aSupplierAccount();
  await accounts.create(account, context());
  const before = await auth.login(account.email, PASSWORD, NOW);
  await expect(auth.refresh(before.refreshToken, NOW)).resolves.toMatchObject({ tokenType: 'Bearer' });

  await expect(
    accounts.changePassword(
      { accountId: account.accountId, currentPassword: 'not it at all!', newPassword: 'x'.repeat(12) },
      context(),
    ),
  ).rejects.toMatchObject({
    code: 'account.wrong_password',
  });
  await accounts.changePassword(
    { accountId: account.accountId, currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    context({ actor: `account-${account.accountId}` }),
  );
  await expect(auth.refresh(before.refreshToken, NOW)).rejects.toMatchObject({
    code: 'auth.session_ended',
    kind: 'unauthorized',
  });
  await expect(auth.login(account.email, PASSWORD, NOW)).rejects.toMatchObject({ code: 'auth.invalid_credentials' });
  await expect(auth.login(account.email, 'a brand new passphrase', NOW)).resolves.toMatchObject({
    tokenType: 'Bearer',
  });
});

it('refuses login and refresh to a disabled account', async () => {
  const account = aSupplierAccount();
  await accounts.create(account, context());
  const pair = await auth.login(account.email, PASSWORD, NOW);
  await accounts.handle(
    { type: 'DisableAccount', accountId: account.accountId, reason: 'left the company' },
    context(),
  );
  await expect(auth.login(account.email, PASSWORD, NOW)).rejects.toMatchObject({
    code: 'auth.account_disabled',
    kind: 'forbidden',
  });
  await expect(auth.refresh(pair.refreshToken, NOW)).rejects.toMatchObject({ code: 'auth.session_ended' });
});

it('creates the first registrar with a one-time password that must be changed first', async () => {
  const { accountId, oneTimePassword } = await createFirstRegistrar(
    accounts,
    'registro@licita.example.mx',
    context({ actor: 'system' }),
  );
  expect(oneTimePassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
  const pair = await auth.login('registro@licita.example.mx', oneTimePassword, NOW);
  expect(auth.principalOf(`Bearer ${pair.accessToken}`, NOW)).toEqual({
    kind: 'account',
    accountId,
    role: 'registrar',
    mustChangePassword: true,
  });
  await accounts.changePassword(
    { accountId, currentPassword: oneTimePassword, newPassword: 'my own registrar passphrase' },
    context(),
  );
  const after = await auth.login('registro@licita.example.mx', 'my own registrar passphrase', NOW);
  expect(auth.principalOf(after.accessToken, NOW)).toEqual({ kind: 'account', accountId, role: 'registrar' });
});

it('answers a repeated creation with the account made, and refuses a different one under the same id', async () => {
  const account = aSupplierAccount();
  await accounts.create(account, context());
  await expect(accounts.create(account, context())).resolves.toMatchObject({ alreadyCreated: true });
  await expect(accounts.create({ ...account, email: 'other@example.mx' }, context())).rejects.toMatchObject({
    code: 'account.already_exists',
  });
});

it('refuses an account bound to a unit that does not exist, when told how to check', async () => {
  const checked = new AccountRegistry(store, hasher, { bindingExists: () => Promise.resolve(false) });
  const buyer = aSupplierAccount({ role: 'buyer', origin: 'registrar', supplierId: undefined, buyingUnitId: 'unit-x' });
  await expect(checked.create(buyer, context())).rejects.toMatchObject({
    code: 'account.binding_not_found',
  });
});

it('treats a request without a token as anonymous and a bad token as 401', () => {
  expect(auth.principalOf(undefined, NOW)).toEqual({ kind: 'anonymous' });
  expect(() => auth.principalOf('Bearer not.a.token', NOW)).toThrow(
    expect.objectContaining({ code: 'auth.invalid_token', kind: 'unauthorized' }),
  );
});
