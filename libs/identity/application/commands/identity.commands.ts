import { Command } from '@nestjs/cqrs';
import type { CommandContext, CommandOutcome } from '@licita/event-store';
import type { AccountState } from '../../domain/account.decider';
import type { AccountEvent } from '../../domain/account.events';
import type { NewAccount } from '../account-registry';
import type { TokenPair } from '../token-service';

/** A registrar (or a supplier's registration, or the first start) creates an account; idempotent by id. */
export class CreateAccount extends Command<{ accountId: string; email: string; alreadyCreated: boolean }> {
  constructor(
    readonly account: NewAccount,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The holder changes its own password: the current one must match (`account.wrong_password`, 403). */
export class ChangePassword extends Command<void> {
  constructor(
    readonly accountId: string,
    readonly currentPassword: string,
    readonly newPassword: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * A token pair for an email and password (`auth.invalid_credentials`, 401, for either being wrong), sent from
 * `ip` (failed logins slow down that email from that address: `auth.login_throttled`).
 */
export class LogIn extends Command<TokenPair> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly now: Date,
    readonly ip: string = 'unknown',
  ) {
    super();
  }
}

/** A new token pair for a refresh token whose account is still active and whose session is still current. */
export class RefreshTokens extends Command<TokenPair> {
  constructor(
    readonly refreshToken: string,
    readonly now: Date,
  ) {
    super();
  }
}

/** A registrar disables or enables an account, with a reason; disabling ends every session at the next refresh. */
export abstract class AccountStatusChange extends Command<CommandOutcome<AccountEvent, AccountState>> {
  constructor(
    readonly accountId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class DisableAccount extends AccountStatusChange {}

export class EnableAccount extends AccountStatusChange {}
