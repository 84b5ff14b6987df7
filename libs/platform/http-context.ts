import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { problemLanguage } from '@licita/shared';
import { ANONYMOUS, runInRequestContext } from './request-context';

export const CORRELATION_HEADER = 'X-Correlation-Id';

type Next = (error?: unknown) => void;
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/** Ids we echo into headers and logs; anything else from the client is replaced by a fresh UUID. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET_PATHS = new Set(['/health', '/health/ready']);

/**
 * First middleware of every request: takes the caller's `X-Correlation-Id` (or makes one), echoes it, opens
 * the request context handlers read it from, and logs the request when it completes.
 */
export function requestContextMiddleware(logger: Logger): Middleware {
  const httpLogger = pinoHttp({
    logger,
    genReqId: (_req, res) => String(res.getHeader(CORRELATION_HEADER)),
    customProps: (req) => ({ correlationId: req.id }),
    serializers: {
      req: (req: { method: string; url: string; remoteAddress?: string }) => ({
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // The exception filter already logged the real error with its stack; pino-http would add a made-up one.
    customErrorObject: (_req, _res, _error, fields: Record<string, unknown>) => ({
      res: fields.res,
      responseTime: fields.responseTime,
    }),
    autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
  });
  return (req, res, next) => {
    const incoming = req.headers[CORRELATION_HEADER.toLowerCase()];
    const correlationId = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader(CORRELATION_HEADER, correlationId);
    // Express's body parser (raw-body) resumes the chain bound to this context, so handlers still see it.
    const language = problemLanguage(req.headers['accept-language']);
    // What the server writes for people depends on the language asked for: a cache keeps one answer per language.
    res.setHeader('Vary', 'Accept-Language');
    runInRequestContext({ correlationId, actor: ANONYMOUS, language }, () => httpLogger(req, res, next));
  };
}
