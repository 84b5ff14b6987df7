/** The identity context: accounts, roles and who may send which command (COMMAND_POLICY), and the HTTP guard. */
export { assertAuthorized } from './domain/authorization.policy';
export { SYSTEM, type Principal } from './domain/roles';
export { Authorize, CommandCtx, CurrentPrincipal, newId } from './http/auth.guard';
export type { AuthenticatedRequest, CommandFieldsOf } from './http/auth.guard';
