import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
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
  requestLanguage,
  type CachePolicy,
} from '@licita/platform';
import { from, of, switchMap, tap, type Observable } from 'rxjs';
import { CheckpointGenerations } from './checkpoint-generations';
import { READS_FROM } from './read-your-writes';

type Request = IncomingMessage & { method: string };
type Response = ServerResponse & { vary?(field: string): void };

const CACHEABLE_METHODS = new Set(['GET', 'HEAD']);
/** What a public answer depends on besides its URL (`Accept-Language` is added for every request already). */
const PUBLIC_VARY = ['Authorization', MIN_POSITION_HEADER];

const VALIDATED_BY_CHECKPOINTS = Symbol('validated-by-checkpoints');

/**
 * On a public GET route with a `{ maxAge }` policy and `@ReadsFrom(...)` naming its read models: its answer is a
 * function of its URL, the negotiated language and those read models alone (no clock, no other table, no
 * configuration that differs between API processes of one deployment, no stream read). Its ETag is then the
 * checkpoint generations of those read models, and an `If-None-Match` holding the current one is answered 304
 * from memory, before the handler (see `HttpCachingInterceptor`).
 */
export const ValidatedByCheckpoints = () => SetMetadata(VALIDATED_BY_CHECKPOINTS, true);

/** What the checkpoint ETags of one deployment share: its build and the settings public answers show. */
export const CHECKPOINT_ETAG_PREFIX = Symbol('checkpoint-etag-prefix');

/**
 * The deployment's part of a checkpoint ETag: a code change can change an answer without moving a checkpoint, so
 * the build's time (this compiled file's, the same in every process started from one build) and the settings an
 * answer shows (its public URL, the mode) are part of it.
 */
export function checkpointEtagPrefix(build: string, settings: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([build, settings]))
    .digest('base64url')
    .slice(0, 10);
}

/**
 * The weak ETag of the answer to `url` in `language` over read models at `generations`. The URL's digest keeps a
 * tag borrowed from another URL (another procedure, another query) from earning a 304 there: the handler would
 * have answered 404 or 400.
 */
export function checkpointEtag(prefix: string, url: string, language: string, generations: readonly bigint[]): string {
  const digest = createHash('sha256').update(url).digest('base64url').slice(0, 8);
  return `W/"${prefix}-${digest}-${language}-${generations.join('.')}"`;
}

/**
 * Whether `If-None-Match` names `etag` (weak comparison, RFC 9110 §8.8.3.2), as Express's `req.fresh` will decide
 * it: never for `*`, nor for a request sent with `Cache-Control: no-cache` (an end-to-end reload).
 */
export function matchesEtag(headers: IncomingMessage['headers'], etag: string): boolean {
  const noneMatch = headers['if-none-match'];
  if (!noneMatch || noneMatch.trim() === '*') return false;
  const cacheControl = headers['cache-control'];
  if (cacheControl && /(?:^|,)\s*?no-cache\s*?(?:,|$)/.test(cacheControl)) return false;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  return noneMatch.split(',').some((token) => {
    const trimmed = token.trim();
    return (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === opaque;
  });
}

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
 * - `@ValidatedByCheckpoints()` routes: the ETag is the generations of their read models' checkpoints, read in
 *   the same query *before* the handler (so the body is never older than its ETag says), and set on success
 *   only. An `If-None-Match` naming the generations this process holds in memory (`CheckpointGenerations`,
 *   kept by notifications from every writer and trusted only while its listening connection answers) is
 *   answered 304 at once: no query, no handler, no body. A body read while the memory lagged a notification
 *   raises the memory to what it read, so an ETag older than a body this process has served is never 304.
 */
@Injectable()
export class HttpCachingInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly reads: PublicReads,
    @Inject(CheckpointGenerations) private readonly generations: CheckpointGenerations,
    @Inject(CHECKPOINT_ETAG_PREFIX) private readonly etagPrefix: string,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const handler = context.getHandler();
    const controller = context.getClass();
    const policy = this.reflector.getAllAndOverride<CachePolicy | undefined>(CACHE_POLICY, [handler, controller]);
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
    const names = this.reflector.getAllAndOverride<string[] | undefined>(READS_FROM, [handler, controller]);
    const validated =
      names !== undefined &&
      names.length > 0 &&
      this.reflector.getAllAndOverride<boolean | undefined>(VALIDATED_BY_CHECKPOINTS, [handler, controller]) === true;
    if (!validated)
      return from(this.checkpointTime(names)).pipe(
        switchMap((changed) => {
          const header = changed && lastModifiedHeader(changed, new Date());
          if (header) response.setHeader('Last-Modified', header);
          return next.handle();
        }),
      );
    const language = requestLanguage();
    const known = request.headers['if-none-match'] === undefined ? undefined : this.generations.current(names);
    if (known !== undefined) {
      const etag = checkpointEtag(this.etagPrefix, request.url ?? '', language, known);
      if (matchesEtag(request.headers, etag)) {
        // Express's send() finds the request fresh against this ETag and answers 304 without a body.
        response.setHeader('ETag', etag);
        return of(undefined);
      }
    }
    return from(this.checkpointState(names)).pipe(
      switchMap(({ changed, generations }) => {
        const header = changed && lastModifiedHeader(changed, new Date());
        if (header) response.setHeader('Last-Modified', header);
        const etag = checkpointEtag(this.etagPrefix, request.url ?? '', language, generations);
        return next.handle().pipe(
          tap(() => {
            if (!response.headersSent) response.setHeader('ETag', etag);
          }),
        );
      }),
    );
  }

  /** When the read models the route reads last moved; none when it reads no projection (`@ReadsFrom()`). */
  private async checkpointTime(names: string[] | undefined): Promise<Date | undefined> {
    if (names !== undefined && names.length === 0) return undefined;
    const db = await this.reads.dataSource();
    const [row] = await db.query<Array<{ latest: Date | null }>>(
      'SELECT max(updated_at) AS latest FROM projection_checkpoints WHERE $1::text[] IS NULL OR name = ANY ($1::text[])',
      [names ?? null],
    );
    return row?.latest ?? undefined;
  }

  /**
   * Where the database the reads come from has `names`' checkpoints (one query): when they last moved and their
   * generations, in the order of `names`; this process's memory is raised to them.
   */
  private async checkpointState(names: string[]): Promise<{ changed?: Date; generations: bigint[] }> {
    const db = await this.reads.dataSource();
    const rows = await db.query<Array<{ name: string; generation: string; updated_at: Date }>>(
      'SELECT name, generation::text AS generation, updated_at FROM projection_checkpoints WHERE name = ANY ($1::text[])',
      [names],
    );
    const byName = new Map(rows.map((row) => [row.name, BigInt(row.generation)]));
    // From a standby the memory (the primary's notifications) may be ahead: raising it only ever helps it agree.
    for (const [name, generation] of byName) this.generations.raise(name, generation);
    const latest = rows.reduce<Date | undefined>(
      (max, row) => (max && max >= row.updated_at ? max : row.updated_at),
      undefined,
    );
    return { changed: latest, generations: names.map((name) => byName.get(name) ?? 0n) };
  }
}
