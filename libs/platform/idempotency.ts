import { createHmac, randomUUID } from 'node:crypto';
import {
  CallHandler,
  ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  Module,
  NestInterceptor,
  Optional,
  SetMetadata,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { canonicalJson, DomainError } from '@licita/shared';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { LICITA_CONFIG, type LicitaConfig } from './config';
import { requestMetadata } from './request-context';

/**
 * `Idempotency-Key` on command endpoints (POST, PUT, PATCH, DELETE): the first successful response (status
 * and body) is kept per (key, actor, method + path) in `idempotency_keys`; the same request sent again gets
 * it back (header `Idempotent-Replayed: true`) without running the handler. The same key with another body
 * is `idempotency.key_reused` (422); while the first request still runs, a duplicate waits for it (5 s by
 * default), then gets `idempotency.in_progress` (409). A malformed key is `idempotency.invalid_key` (400).
 *
 * Errors are not kept: a failed request frees its key, so the client may retry it as it is. A request whose
 * process died holds its key for a minute (by default), after which a retry takes it over.
 *
 * Bodies are compared by an HMAC (keyed with the JWT secret) of their canonical JSON, never stored in clear:
 * some carry passwords. Handlers whose response is secret (tokens) opt out with `@IdempotencyExempt()`.
 * Retention: rows are kept; a clean-up of old completed keys is left to a scheduled job.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const KEY = /^[\x21-\x7e]{1,200}$/;
const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const POLL_MS = 50;
const EXEMPT = Symbol('idempotency-exempt');

export interface IdempotencyOptions {
  /** How long a duplicate waits for the first request before `idempotency.in_progress` (default 5 s). */
  waitForFirstMs?: number;
  /** After this long a key still `in_progress` is taken to be abandoned by a dead process (default 60 s). */
  abandonedAfterSeconds?: number;
}

/** Optional provider (a global module) to change IdempotencyOptions; tests shorten the waits. */
export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');

/** For handlers whose response must never be stored (login and refresh return tokens). */
export const IdempotencyExempt = () => SetMetadata(EXEMPT, true);

type HttpRequest = {
  method: string;
  originalUrl?: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
};
type HttpResponse = { setHeader(name: string, value: string): void };

/**
 * The request's key, scoped to who sends it and where, for `CommandContext.idempotencyKey` (from which event
 * ids are derived): the same client key on another route or by another actor is another command.
 * `undefined` when the request has no key. Throws `idempotency.invalid_key` (400) for a malformed one.
 */
export function scopedIdempotencyKey(request: HttpRequest): string | undefined {
  const key = idempotencyKeyOf(request);
  return key === undefined ? undefined : `${requestMetadata().actor}|${routeOf(request)}|${key}`;
}

function idempotencyKeyOf(request: HttpRequest): string | undefined {
  const raw = request.headers[IDEMPOTENCY_HEADER.toLowerCase()];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !KEY.test(raw)) {
    throw new HttpException(
      {
        code: 'idempotency.invalid_key',
        detail: 'Idempotency-Key is 1 to 200 visible ASCII characters (a UUID is best)',
      },
      400,
    );
  }
  return raw;
}

const routeOf = (request: HttpRequest) => `${request.method} ${(request.originalUrl ?? request.url).split('?')[0]}`;

type StoredKey = {
  fingerprint: string;
  status: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
};

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly waitForFirstMs: number;
  private readonly abandonedAfterSeconds: number;

  constructor(
    private readonly db: DataSource,
    private readonly reflector: Reflector,
    @Inject(LICITA_CONFIG) private readonly config: LicitaConfig,
    @Optional() @Inject(IDEMPOTENCY_OPTIONS) options: IdempotencyOptions = {},
  ) {
    this.waitForFirstMs = options.waitForFirstMs ?? 5_000;
    this.abandonedAfterSeconds = options.abandonedAfterSeconds ?? 60;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (!COMMAND_METHODS.has(request.method) || this.reflector.get(EXEMPT, context.getHandler())) return next.handle();
    const key = idempotencyKeyOf(request);
    if (key === undefined) return next.handle();
    const response = context.switchToHttp().getResponse<HttpResponse>();
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? 201 : 200);
    return from(
      this.once(
        { key, actor: requestMetadata().actor, route: routeOf(request), fingerprint: this.fingerprint(request) },
        status,
        response,
        next,
      ),
    );
  }

  private async once(id: KeyId, status: number, response: HttpResponse, next: CallHandler): Promise<unknown> {
    const owner = randomUUID();
    const stored = await this.claim(id, owner);
    if (stored) return this.replay(stored, id, response);
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await this.db.query('DELETE FROM idempotency_keys WHERE key = $1 AND actor = $2 AND route = $3 AND owner = $4', [
        id.key,
        id.actor,
        id.route,
        owner,
      ]);
      throw error;
    }
    await this.db.query(
      `UPDATE idempotency_keys SET status = 'completed', response_status = $5, response_body = $6::jsonb, completed_at = now()
       WHERE key = $1 AND actor = $2 AND route = $3 AND owner = $4`,
      [id.key, id.actor, id.route, owner, status, JSON.stringify(body ?? null)],
    );
    return body;
  }

  /** Takes the key (new, or abandoned by a dead process): `undefined`. Else the row someone else holds, once it is final. */
  private async claim(id: KeyId, owner: string): Promise<StoredKey | undefined> {
    const deadline = Date.now() + this.waitForFirstMs;
    for (;;) {
      const taken: unknown[] = await this.db.query(
        `INSERT INTO idempotency_keys (key, actor, route, fingerprint, owner, status, started_at)
         VALUES ($1, $2, $3, $4, $5, 'in_progress', now())
         ON CONFLICT (key, actor, route) DO UPDATE SET owner = EXCLUDED.owner, started_at = now()
           WHERE idempotency_keys.status = 'in_progress' AND idempotency_keys.fingerprint = EXCLUDED.fingerprint
             AND idempotency_keys.started_at < now() - make_interval(secs => $6)
         RETURNING 1`,
        [id.key, id.actor, id.route, id.fingerprint, owner, this.abandonedAfterSeconds],
      );
      if (taken.length > 0) return undefined;
      const [row]: StoredKey[] = await this.db.query(
        'SELECT fingerprint, status, response_status, response_body FROM idempotency_keys WHERE key = $1 AND actor = $2 AND route = $3',
        [id.key, id.actor, id.route],
      );
      if (!row) continue; // the first request failed and freed the key meanwhile: try to take it
      if (row.fingerprint !== id.fingerprint || row.status === 'completed') return row;
      if (Date.now() >= deadline) {
        throw new DomainError(
          'idempotency.in_progress',
          'a request with this Idempotency-Key is still being processed; retry shortly',
          'conflict',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private replay(stored: StoredKey, id: KeyId, response: HttpResponse): unknown {
    if (stored.fingerprint !== id.fingerprint) {
      throw new DomainError(
        'idempotency.key_reused',
        'this Idempotency-Key was used for a different request; use a new key',
        'invalid',
      );
    }
    response.setHeader(REPLAYED_HEADER, 'true');
    return stored.response_body;
  }

  /** HMAC of the canonical JSON body (@licita/shared): equal bodies (in any key order) give the same fingerprint. */
  private fingerprint(request: HttpRequest): string {
    return createHmac('sha256', this.config.jwtSecret)
      .update(canonicalJson(request.body ?? null))
      .digest('base64url');
  }
}

type KeyId = { key: string; actor: string; route: string; fingerprint: string };

/** Applies `IdempotencyInterceptor` to every route of the application (import it once). */
@Module({ providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }] })
export class IdempotencyModule {}

/**
 * Deletes the idempotency records older than `retentionDays` (by when they completed, or started if they never
 * did), `batch` rows a statement so no transaction grows with the table; returns how many went. A request
 * repeated after its record expired runs again: clients retry within minutes, the retention is days.
 */
export async function deleteExpiredIdempotencyKeys(
  db: { query(sql: string, params?: unknown[]): Promise<unknown> },
  retentionDays: number,
  batch = 10_000,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    // A SELECT around the DELETE: TypeORM answers a SELECT with its rows (a DELETE with [rows, count]).
    const [{ n }] = (await db.query(
      `WITH expired AS (
         SELECT ctid FROM idempotency_keys
          WHERE coalesce(completed_at, started_at) < now() - make_interval(days => $1) LIMIT $2),
       gone AS (DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM expired) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [retentionDays, batch],
    )) as [{ n: number }];
    deleted += n;
    if (n < batch) return deleted;
  }
}
