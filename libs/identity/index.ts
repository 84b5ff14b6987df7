export { assertAuthorized } from './domain/authorization.policy';
export { actorOf, ANONYMOUS, type Principal } from './domain/roles';
export { SocketAuthentication } from './http/socket-auth';
export { Authorize, CommandCtx, CurrentPrincipal, type CommandFieldsOf } from './http/auth.guard';
