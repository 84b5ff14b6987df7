import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountRegistry } from '../account-registry';
import { Authentication } from '../authentication';
import { ChangePassword, CreateAccount, LogIn, RefreshTokens } from './identity.commands';

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

  execute({ email, password, now }: LogIn) {
    return this.authentication.login(email, password, now);
  }
}

@CommandHandler(RefreshTokens)
export class RefreshTokensHandler implements ICommandHandler<RefreshTokens> {
  constructor(private readonly authentication: Authentication) {}

  execute({ refreshToken, now }: RefreshTokens) {
    return this.authentication.refresh(refreshToken, now);
  }
}
