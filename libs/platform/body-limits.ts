import type { IncomingMessage } from 'node:http';
import { HttpException } from '@nestjs/common';

/** A route that needs a body larger than the default: its method and its path (without the query). */
export type LargeBodyRoute = { method: string; path: RegExp };

export interface BodyLimits {
  /** Every route but the large ones (HTTP_BODY_LIMIT). */
  defaultBytes: number;
  /** The routes of `largeRoutes` (HTTP_LARGE_BODY_LIMIT). */
  largeBytes: number;
  largeRoutes: readonly LargeBodyRoute[];
}

type Request = IncomingMessage & { originalUrl?: string };

/** The largest body this request's route takes. */
export function bodyLimitOf(limits: BodyLimits, request: Request): number {
  const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
  const large = limits.largeRoutes.some((route) => route.method === request.method && route.path.test(path));
  return large ? limits.largeBytes : limits.defaultBytes;
}

const tooLarge = (limit: number) =>
  Object.assign(new Error(`the body is larger than this route takes (${limit} bytes)`), {
    type: 'entity.too.large',
    status: 413,
  });

/**
 * The maximum body per route. Before the JSON parser: a `Content-Length` past the route's limit is refused
 * unread (413 `request.too_large`). The parser itself stops at the largest limit of any route, and `verify`
 * (below) refuses a chunked body past its route's limit once read.
 */
export function refuseBodiesPastTheirRoutesLimit(
  limits: BodyLimits,
): (request: Request, response: unknown, next: (error?: unknown) => void) => void {
  return (request, _response, next) => {
    const declared = Number(request.headers['content-length']);
    const limit = bodyLimitOf(limits, request);
    if (Number.isFinite(declared) && declared > limit)
      return next(new HttpException({ code: 'request.too_large', detail: tooLarge(limit).message }, 413));
    next();
  };
}

/** body-parser's `verify`: a body read whole that is past its route's limit is refused as too large. */
export const verifyBodyLimit =
  (limits: BodyLimits) =>
  (request: Request, _response: unknown, body: Buffer): void => {
    const limit = bodyLimitOf(limits, request);
    if (body.length > limit) throw tooLarge(limit);
  };
