import { randomBytes, randomUUID } from 'node:crypto';
import type { CommandContext } from '@licita/event-store';
import type { AccountRegistry } from './account-registry';

/**
 * The first registrar, for `npm run admin:create -- --email …` or the first start: a generated one-time
 * password (24 characters, 144 random bits) that the caller prints once and that must be changed at the
 * first login. Never a default password.
 */
export async function createFirstRegistrar(
  accounts: AccountRegistry,
  email: string,
  context: CommandContext,
): Promise<{ accountId: string; email: string; oneTimePassword: string }> {
  const oneTimePassword = randomBytes(18).toString('base64url');
  const created = await accounts.create(
    {
      accountId: randomUUID(),
      origin: 'first_start',
      email,
      role: 'registrar',
      password: oneTimePassword,
      mustChangePassword: true,
    },
    context,
  );
  return { accountId: created.accountId, email: created.email, oneTimePassword };
}
