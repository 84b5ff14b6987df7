import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountRegistry } from '../account-registry';
import { Authentication } from '../authentication';
import {
  ChangePassword,
  CreateAccount,
  DisableAccount,
  EnableAccount,
  LogIn,
  RefreshTokens,
  type AccountStatusChange,
} from './identity.commands';

@CommandHandler(CreateAccount)
export class CreateAccountHandler implements ICommandHandler<CreateAccount> {
  constructor(private readonly accounts: AccountRegistry) {}

  execute({ account, context }: CreateAccount) {
    return this.accounts.create(account, context);
  }
}

@CommandHandler(ChangePassword)
export class ChangePasswordHandler implements ICommandHandler<ChangePassword> {
  constructor(private readonly accounts: AccountRegistry) {}

  async execute({ accountId, currentPassword, newPassword, context }: ChangePassword): Promise<void> {
    await this.accounts.changePassword({ accountId, currentPassword, newPassword }, context);
  }
}

@CommandHandler(LogIn)
export class LogInHandler implements ICommandHandler<LogIn> {
  constructor(private readonly authentication: Authentication) {}

  execute({ email, password, now, ip }: LogIn) {
    return this.authentication.login(email, password, now, ip);
  }
}

@CommandHandler(RefreshTokens)
export class RefreshTokensHandler implements ICommandHandler<RefreshTokens> {
  constructor(private readonly authentication: Authentication) {}

  execute({ refreshToken, now }: RefreshTokens) {
    return this.authentication.refresh(refreshToken, now);
  }
}

@Injectable()
abstract class AccountStatusHandler implements ICommandHandler<AccountStatusChange> {
  protected abstract readonly type: 'DisableAccount' | 'EnableAccount';

  constructor(private readonly accounts: AccountRegistry) {}

  execute({ accountId, reason, context }: AccountStatusChange) {
    return this.accounts.handle({ type: this.type, accountId, reason }, context);
  }
}

@CommandHandler(DisableAccount)
export class DisableAccountHandler extends AccountStatusHandler {
  protected readonly type = 'DisableAccount' as const;
}

@CommandHandler(EnableAccount)
export class EnableAccountHandler extends AccountStatusHandler {
  protected readonly type = 'EnableAccount' as const;
}
