/**
 * The identity context: accounts (stream `account-<id>`, one per email through `account-email-<email>`),
 * passwords, tokens (login, refresh) and who may do what (roles, COMMAND_POLICY, the global AuthGuard,
 * `@Authorize`, Socket.IO handshakes). It is upstream of every context: it asks SupplierExists and
 * BuyingUnitExists on the QueryBus and the suppliers and buying-units contexts answer.
 */
export { assertAuthorized } from './domain/authorization.policy';
export { actorOf, ANONYMOUS, type Principal } from './domain/roles';
export { SocketAuthentication } from './http/socket-auth';
export { Authorize, CommandCtx, CurrentPrincipal, type CommandFieldsOf } from './http/auth.guard';
export { authorize, COMMAND_POLICY, type Authorization } from './domain/authorization.policy';
export { authorizeRead, READ_POLICY } from './domain/authorization.policy';
export { ROLES, SYSTEM, type AccountPrincipal, type Role } from './domain/roles';
export { newId, type AuthenticatedRequest } from './http/auth.guard';
export { principalFromHandshake, type HandshakeSocket } from './http/socket-auth';
export { IdentityModule } from './identity.module';
export { accountStream, type AccountEvent, type AccountCreated } from './domain/account.events';
export { normalizeEmail, type AccountState } from './domain/account.decider';
export { accountEmailStream, emailReservation, emailTaken } from './domain/account-email-reservation';
export { AccountRegistry, type NewAccount } from './application/account-registry';
export { Authentication } from './application/authentication';
export { createFirstRegistrar } from './application/create-first-registrar';
export { checkPassword, PasswordHasher, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './application/password-hasher';
export { TokenService, type TokenPair } from './application/token-service';
export { ChangePassword, CreateAccount, LogIn, RefreshTokens } from './application/commands/identity.commands';
export { DisableAccount, EnableAccount } from './application/commands/identity.commands';
export {
  AccountById,
  ListAccounts,
  type AccountListEntry,
  BuyingUnitExists,
  BuyingUnitStateCode,
  SupplierExists,
  type AccountView,
} from './application/queries/identity.queries';
export { PrincipalOfHandshake } from './application/queries/identity.queries';
export { AccountsProjection } from './projections/accounts.projection';
