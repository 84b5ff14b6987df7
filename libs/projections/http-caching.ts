import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ANONYMOUS,
  CACHE_POLICY,
  cacheControl,
  currentRequestContext,
  lastModifiedHeader,
  MIN_POSITION_HEADER,
  PRIVATE_NO_STORE,
  PublicReads,
  type CachePolicy,
} from '@licita/platform';
import { from, switchMap, type Observable } from 'rxjs';
import { READS_FROM } from './read-your-writes';

type Request = IncomingMessage & { method: string };
type Response = ServerResponse & { vary?(field: string): void };

const CACHEABLE_METHODS = new Set(['GET', 'HEAD']);
/** What a public answer depends on besides its URL (`Accept-Language` is added for every request already). */
const PUBLIC_VARY = ['Authorization', MIN_POSITION_HEADER];

/**
 * HTTP caching of public reads (README "Caching"). Every response starts `private, no-store`; a GET or HEAD of a
 * route with a policy (`@Cached`, or `@Read(…, { cache })`) asked anonymously and without a minimum position is
 * given `Cache-Control: public, max-age=…, stale-while-revalidate=…` and `Last-Modified`, so Express answers
 * `If-Modified-Since` (and `If-None-Match`, the weak ETag winning when both are sent) with 304.
 *
 * - Signed in (any `Authorization`): `private, no-store`: desks, and public routes that show a party more.
 * - With `minPosition`: `no-cache`: the client waits for its own write and must never get an older copy.
 * - Errors: `private, no-store` (the problem filter).
 * - `Last-Modified`: when the read models the route reads (`@ReadsFrom`, else all) last moved their checkpoint,
 *   read *before* the handler, so it is never later than the data answered: a checkpoint commits with its
 *   projection's writes. Not a procedure's own `changed_at` or a release's `date`: those are the command's time,
 *   and a projection writes them later (lag, a command's events split across batches), so a client holding an
 *   older body could be told 304. None until two seconds have begun since (cache-policy.ts `lastModifiedHeader`).
 */
@Injectable()
export class HttpCachingInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly reads: PublicReads,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const policy = this.reflector.getAllAndOverride<CachePolicy | undefined>(CACHE_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const requestContext = currentRequestContext();
    const signedIn =
      request.headers.authorization !== undefined ||
      (requestContext !== undefined && requestContext.actor !== ANONYMOUS);
    if (!CACHEABLE_METHODS.has(request.method) || policy === undefined || policy === 'private' || signedIn) {
      response.setHeader('Cache-Control', PRIVATE_NO_STORE);
      return next.handle();
    }
    for (const field of PUBLIC_VARY) response.vary?.(field);
    if (requestContext?.minPosition !== undefined) {
      response.setHeader('Cache-Control', 'no-cache');
      return next.handle();
    }
    response.setHeader('Cache-Control', cacheControl(policy));
    if (typeof policy === 'string') return next.handle();
    return from(this.checkpointTime(context)).pipe(
      switchMap((changed) => {
        const header = changed && lastModifiedHeader(changed, new Date());
        if (header) response.setHeader('Last-Modified', header);
        return next.handle();
      }),
    );
  }

  /** When the read models the route reads last moved; none when it reads no projection (`@ReadsFrom()`). */
  private async checkpointTime(context: ExecutionContext): Promise<Date | undefined> {
    const names = this.reflector.getAllAndOverride<string[] | undefined>(READS_FROM, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (names !== undefined && names.length === 0) return undefined;
    const db = await this.reads.dataSource();
    const [row] = await db.query<Array<{ latest: Date | null }>>(
      'SELECT max(updated_at) AS latest FROM projection_checkpoints WHERE $1::text[] IS NULL OR name = ANY ($1::text[])',
      [names ?? null],
    );
    return row?.latest ?? undefined;
  }
}
