import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { buyingUnitStream } from '@licita/buying-units/domain/buying-unit.events';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform/config';
import { supplierStream } from '@licita/suppliers/domain/supplier.events';
import { AccountRegistry } from './application/account-registry';
import { Authentication } from './application/authentication';
import { FirstRegistrarBootstrap } from './application/first-registrar.bootstrap';
import { PasswordHasher } from './application/password-hasher';
import { TokenService } from './application/token-service';
import { AccountsController } from './http/accounts.controller';
import { AuthController } from './http/auth.controller';
import { AuthGuard } from './http/auth.guard';
import { SocketAuthentication } from './http/socket-auth';

/**
 * Accounts, login and the authorization of every request: the global `AuthGuard` (token -> principal and
 * actor, `@Authorize` -> COMMAND_POLICY), `/api/auth/*`, `/api/accounts`, the first registrar from
 * LICITA_ADMIN_EMAIL, and `SocketAuthentication` for gateways. Global, so any context can inject them.
 */
@Global()
@Module({
  controllers: [AuthController, AccountsController],
  providers: [
    { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
    {
      provide: TokenService,
      useFactory: (config: LicitaConfig) => new TokenService({ secret: config.jwtSecret }),
      inject: [LICITA_CONFIG],
    },
    {
      provide: AccountRegistry,
      useFactory: (store: EventStore, hasher: PasswordHasher) =>
        new AccountRegistry(store, hasher, { bindingExists: (binding) => bindingExists(store, binding) }),
      inject: [EVENT_STORE, PasswordHasher],
    },
    {
      provide: Authentication,
      useFactory: (accounts: AccountRegistry, hasher: PasswordHasher, tokens: TokenService) =>
        new Authentication(accounts, hasher, tokens),
      inject: [AccountRegistry, PasswordHasher, TokenService],
    },
    { provide: APP_GUARD, useClass: AuthGuard },
    SocketAuthentication,
    FirstRegistrarBootstrap,
  ],
  exports: [AccountRegistry, Authentication, TokenService, PasswordHasher, SocketAuthentication],
})
export class IdentityModule {}

/**
 * Whether the supplier or buying unit an account is bound to was registered. Those contexts' streams start
 * with their registration event, so a stream that exists is a registered one (their stream names are part
 * of their published events).
 */
async function bindingExists(
  store: EventStore,
  binding: { supplierId: string | null; buyingUnitId: string | null },
): Promise<boolean> {
  const stream = binding.supplierId
    ? supplierStream(binding.supplierId)
    : binding.buyingUnitId
      ? buyingUnitStream(binding.buyingUnitId)
      : null;
  if (stream === null) return true;
  return (await store.readStream(stream, { maxCount: 1 })).length > 0;
}
