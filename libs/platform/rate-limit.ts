import {
  HttpException,
  Injectable,
  Module,
  SetMetadata,
  type DynamicModule,
  type ExecutionContext,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerLimitDetail, type ThrottlerOptions } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import type { RateLimits } from './config';
import { PostgresThrottlerStorage } from './rate-limit-store';
import { ANONYMOUS, currentRequestContext } from './request-context';
import { recordSecurityEvent } from './security-events';

/**
 * Rate limits (@nestjs/throttler, counted in PostgreSQL so every API instance counts the same requests, over a
 * minute from the first request: `PostgresThrottlerStorage`):
 * - sign-in endpoints (`@CredentialsRateLimit()`: login, refresh): per client IP, and logins per email and
 *   client IP. Never per email alone: then anyone could keep an account's owner out by sending logins for it
 *   from elsewhere. Guessing one password is slowed further by the backoff on failed logins (per email and IP,
 *   libs/identity/application/login-attempts.ts). Each refused sign-in is recorded in `security_events`;
 * - command endpoints (POST, PUT, PATCH, DELETE): per account, and per client IP whoever is signed in;
 * - exports of lists as CSV/XLSX (`@ExportRateLimit()`: each may stream up to EXPORT_MAX_ROWS rows): per client IP.
 * Over a limit the answer is 429 `rate_limit.exceeded` (problem+json) with `Retry-After` in seconds and
 * `details.retryAfterMs` (the same wait as the Socket.IO bid limit's `bid.rate_limited`).
 *
 * The guard is registered after the contexts' modules, so it runs after the authentication guard has set the
 * request's actor (a request refused there costs no database work). Behind a reverse proxy the client IP is
 * the proxy's unless TRUST_PROXY is set (Express's `trust proxy`: then it comes from `X-Forwarded-For`).
 */
const CREDENTIALS = Symbol('credentials-rate-limit');
const EXPORT = Symbol('export-rate-limit');
const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WINDOW_MS = 60_000;

/** On login and refresh: counted by the sign-in limits instead of the command limits. */
export const CredentialsRateLimit = () => SetMetadata(CREDENTIALS, true);

/** On an export of a list (a file of many rows): counted by the exports limit. */
export const ExportRateLimit = () => SetMetadata(EXPORT, true);

type Request = { method: string; url?: string; ip?: string; socket?: { remoteAddress?: string }; body?: unknown };
type Limit = 'loginPerAccount' | 'loginPerIp' | 'commandsPerAccount' | 'commandsPerIp' | 'exportsPerIp';

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  override canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return Promise.resolve(true);
    return super.canActivate(context);
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const request = context.switchToHttp().getRequest<Request>();
    if (isCredentials(context) && this.storageService instanceof PostgresThrottlerStorage)
      await recordSecurityEvent(this.storageService.db, {
        kind: 'login.rate_limited',
        email: emailIn(request.body),
        ip: ipOf(request).slice('ip:'.length),
        details: { retryAfterMs: detail.timeToBlockExpire * 1000, limit: detail.limit, path: request.url },
      });
    context
      .switchToHttp()
      .getResponse<{ setHeader(name: string, value: string): void }>()
      .setHeader('Retry-After', String(detail.timeToBlockExpire));
    throw new HttpException(
      {
        code: 'rate_limit.exceeded',
        detail: `Too many requests: at most ${detail.limit} a minute; retry after ${detail.timeToBlockExpire} s.`,
        details: { retryAfterMs: detail.timeToBlockExpire * 1000 },
      },
      429,
    );
  }
}

/** The limits of `config.rateLimits`; a limit of 0 is left out. */
@Module({})
export class RateLimitModule {
  static forRoot(limits: RateLimits): DynamicModule {
    const throttlers = (Object.keys(limits) as Limit[])
      .filter((name) => limits[name] > 0)
      .map((name) => throttler(name, limits[name]));
    return {
      module: RateLimitModule,
      // No X-RateLimit-* headers per limit: Retry-After on the 429 says all a client needs.
      imports: [
        ThrottlerModule.forRootAsync({
          inject: [DataSource],
          useFactory: (db: DataSource) => ({
            throttlers,
            setHeaders: false,
            generateKey: (_context, tracker, name) => `${name}|${tracker}`,
            storage: new PostgresThrottlerStorage(db),
          }),
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
    };
  }
}

const isCredentials = (context: ExecutionContext) => Reflect.getMetadata(CREDENTIALS, context.getHandler()) === true;
const isExport = (context: ExecutionContext) => Reflect.getMetadata(EXPORT, context.getHandler()) === true;

function throttler(name: Limit, limit: number): ThrottlerOptions {
  const credentials = isCredentials;
  const isCommand = (context: ExecutionContext) =>
    COMMAND_METHODS.has(context.switchToHttp().getRequest<Request>().method) && !credentials(context);
  const applies: Record<Limit, (context: ExecutionContext) => boolean> = {
    loginPerAccount: (context) => credentials(context) && emailOf(context) !== undefined,
    loginPerIp: credentials,
    commandsPerAccount: (context) => isCommand(context) && actor() !== ANONYMOUS,
    commandsPerIp: isCommand,
    exportsPerIp: isExport,
  };
  const trackers: Record<Limit, (request: Request) => string> = {
    loginPerAccount: (request) => `email:${emailIn(request.body)}|${ipOf(request)}`,
    loginPerIp: ipOf,
    commandsPerAccount: () => actor(),
    commandsPerIp: ipOf,
    exportsPerIp: ipOf,
  };
  return {
    name,
    limit,
    ttl: WINDOW_MS,
    skipIf: (context) => !applies[name](context),
    getTracker: (request) => trackers[name](request as Request),
  };
}

const actor = () => currentRequestContext()?.actor ?? ANONYMOUS;
const ipOf = (request: Request) => `ip:${request.ip ?? request.socket?.remoteAddress ?? 'unknown'}`;
const emailOf = (context: ExecutionContext) => emailIn(context.switchToHttp().getRequest<Request>().body);

function emailIn(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 320 ? email.trim().toLowerCase() : undefined;
}
