import { randomUUID } from 'node:crypto';
import {
  createParamDecorator,
  Inject,
  Injectable,
  Optional,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { deterministicUuid, type CommandContext } from '@licita/event-store';
import { scopedIdempotencyKey, requestMetadata, setActor } from '@licita/platform';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { Authentication } from '../application/authentication';
import { assertAuthorized } from '../domain/authorization.policy';
import { actorOf, ANONYMOUS, type Principal } from '../domain/roles';

/** What the guard adds to every HTTP request: who is calling, and the one instant the request acts at. */
export interface AuthenticatedRequest {
  principal: Principal;
  now: Date;
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  method: string;
  url: string;
  originalUrl?: string;
  body?: unknown;
}

/** The command's fields the policy's ownership rules look at (`supplierId`, `accountId`), from the request. */
export type CommandFieldsOf = (request: AuthenticatedRequest, principal: Principal) => Record<string, unknown>;

const AUTHORIZE = Symbol('authorize');
type AuthorizeMetadata = { command: string; fields?: CommandFieldsOf };

/**
 * The one place a command endpoint is authorized: `@Authorize('VerifySupplier')` on the handler. The global
 * `AuthGuard` checks it against COMMAND_POLICY (authorization.policy.ts) before the body is even validated,
 * so the answer for a caller outside the role is always 401/403, whatever they send.
 */
export const Authorize = (command: string, fields?: CommandFieldsOf) =>
  SetMetadata(AUTHORIZE, { command, fields } satisfies AuthorizeMetadata);

/**
 * Every HTTP request: reads `Authorization: Bearer <access token>` (none: the anonymous public; unknown,
 * forged or expired: 401 `auth.invalid_token` / `auth.token_expired`), records the principal and the
 * request's instant (from the injected clock) on the request and the actor in the request context, then
 * applies the handler's `@Authorize` rule.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly clock: Clock;

  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: Authentication,
    @Optional() @Inject(CLOCK) clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.now = this.clock.now();
    const header = request.headers.authorization;
    // Every use of an access token checks its session against the account stream (#16 point 6).
    const principal = await this.authentication.currentPrincipal(
      typeof header === 'string' ? header : undefined,
      request.now,
    );
    request.principal = principal;
    setActor(actorOf(principal));
    const rule = this.reflector.get<AuthorizeMetadata | undefined>(AUTHORIZE, context.getHandler());
    if (rule) assertAuthorized({ type: rule.command, ...rule.fields?.(request, principal) }, principal);
    return true;
  }
}

/** The caller, as the guard found it (`{ kind: 'anonymous' }` without a token). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<Partial<AuthenticatedRequest>>().principal ?? ANONYMOUS;
});

/**
 * The `CommandContext` of the request: the acting account, the correlation id, the request's instant and,
 * when the client sent `Idempotency-Key`, that key scoped to actor and route (event ids derive from it).
 */
export const CommandCtx = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.now || !request.principal)
    throw new Error('CommandCtx needs the AuthGuard (IdentityModule) to have run');
  const idempotencyKey = scopedIdempotencyKey(request);
  return {
    actor: actorOf(request.principal),
    correlationId: requestMetadata().correlationId,
    now: request.now,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
});

/**
 * The id of a new aggregate: the client's own when it sent one, else derived from the Idempotency-Key (so a
 * retry names the same aggregate and completes it), else a fresh UUID.
 */
export function newId(context: CommandContext, what: string, given?: string): string {
  if (given) return given;
  return context.idempotencyKey ? deterministicUuid(`${context.idempotencyKey}|${what}`) : randomUUID();
}
