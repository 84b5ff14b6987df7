import { Global, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { DataSource } from 'typeorm';
import { AccountRegistry } from './application/account-registry';
import { Authentication } from './application/authentication';
import { PostgresLoginAttempts } from './application/login-attempts';
import {
  ChangePasswordHandler,
  CreateAccountHandler,
  DisableAccountHandler,
  EnableAccountHandler,
  LogInHandler,
  RefreshTokensHandler,
} from './application/commands/identity.handlers';
import { FirstRegistrarBootstrap } from './application/first-registrar.bootstrap';
import { PASSWORD_HASH_COST, PasswordHasher, type ScryptCost } from './application/password-hasher';
import { AccountByIdHandler } from './application/queries/account-by-id.handler';
import { BuyingUnitExists, SupplierExists } from './application/queries/identity.queries';
import { ListAccountsHandler } from './application/queries/list-accounts.handler';
import { TokenService } from './application/token-service';
import { AccountsController } from './http/accounts.controller';
import { AuthController } from './http/auth.controller';
import { AuthGuard } from './http/auth.guard';
import { SocketAuthentication } from './http/socket-auth';
import { AccountsProjection } from './projections/accounts.projection';

/**
 * Accounts, login and the authorization of every request: the global `AuthGuard` (token -> principal and
 * actor, `@Authorize` -> COMMAND_POLICY), `/api/auth/*`, `/api/accounts`, the first registrar from
 * LICITA_ADMIN_EMAIL, and `SocketAuthentication` for gateways. Global, so any context can inject them.
 * Whether the supplier or buying unit of a new account exists is asked on the QueryBus (SupplierExists,
 * BuyingUnitExists), which those contexts answer: identity imports neither.
 */
@Global()
@Module({
  controllers: [AuthController, AccountsController],
  providers: [
    {
      provide: PasswordHasher,
      useFactory: (cost?: ScryptCost) => new PasswordHasher(cost),
      inject: [{ token: PASSWORD_HASH_COST, optional: true }],
    },
    {
      provide: TokenService,
      useFactory: (config: LicitaConfig) => new TokenService({ secret: config.jwtSecret }),
      inject: [LICITA_CONFIG],
    },
    {
      provide: AccountRegistry,
      useFactory: (store: EventStore, hasher: PasswordHasher, queries: QueryBus) =>
        new AccountRegistry(store, hasher, {
          bindingExists: ({ supplierId, buyingUnitId }) =>
            supplierId
              ? queries.execute(new SupplierExists(supplierId))
              : buyingUnitId
                ? queries.execute(new BuyingUnitExists(buyingUnitId))
                : Promise.resolve(true),
        }),
      inject: [EVENT_STORE, PasswordHasher, QueryBus],
    },
    {
      provide: Authentication,
      useFactory: (
        accounts: AccountRegistry,
        hasher: PasswordHasher,
        tokens: TokenService,
        db: DataSource,
        config: LicitaConfig,
      ) => {
        const attempts = new PostgresLoginAttempts(db, config.loginBackoff, new Logger('LoginAttempts'));
        return new Authentication(accounts, hasher, tokens, attempts);
      },
      inject: [AccountRegistry, PasswordHasher, TokenService, DataSource, LICITA_CONFIG],
    },
    { provide: APP_GUARD, useClass: AuthGuard },
    SocketAuthentication,
    FirstRegistrarBootstrap,
    CreateAccountHandler,
    ChangePasswordHandler,
    DisableAccountHandler,
    EnableAccountHandler,
    LogInHandler,
    RefreshTokensHandler,
    AccountByIdHandler,
    ListAccountsHandler,
    AccountsProjection,
  ],
  exports: [AccountRegistry, Authentication, TokenService, PasswordHasher, SocketAuthentication],
})
export class IdentityModule {}
