import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { problemLanguage } from '@licita/shared';
import { MAX_LOG_POSITION } from './paging';
import { ANONYMOUS, runInRequestContext, type RequestContext } from './request-context';

export const CORRELATION_HEADER = 'X-Correlation-Id';
/** On a response to a request that appended events: the log position of the last one. */
export const POSITION_HEADER = 'Licita-Position';
/** On a query: the log position the read models must have reached first (also `?minPosition=`). */
export const MIN_POSITION_HEADER = 'Licita-Min-Position';
export const MIN_POSITION_PARAM = 'minPosition';

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
    const language = problemLanguage(req.headers['accept-language']);
    const context: RequestContext = {
      correlationId,
      actor: ANONYMOUS,
      language,
      minPosition: takeMinPosition(req),
    };
    announcePosition(res, context);
    // What the server writes for people depends on the language asked for: a cache keeps one answer per language.
    res.setHeader('Vary', 'Accept-Language');
    // Express's body parser (raw-body) resumes the chain bound to this context, so handlers still see it.
    runInRequestContext(context, () => httpLogger(req, res, next));
  };
}

/**
 * The position a query must wait for, from `?minPosition=` (taken out of the URL, so no endpoint's query DTO
 * sees a parameter it does not declare) or the `Licita-Min-Position` header; the larger when both are sent.
 */
function takeMinPosition(req: IncomingMessage): bigint | 'invalid' | undefined {
  const header = req.headers[MIN_POSITION_HEADER.toLowerCase()];
  const sent: string[] = typeof header === 'string' ? [header] : (header ?? []);
  const url = req.url ?? '';
  const mark = url.indexOf('?');
  if (mark >= 0 && url.includes(MIN_POSITION_PARAM, mark)) {
    const params = new URLSearchParams(url.slice(mark + 1));
    sent.push(...params.getAll(MIN_POSITION_PARAM));
    params.delete(MIN_POSITION_PARAM);
    const rest = params.toString();
    req.url = url.slice(0, mark) + (rest ? `?${rest}` : '');
  }
  let highest: bigint | undefined;
  for (const value of sent.map((text) => text.trim()).filter((text) => text !== '')) {
    if (!/^\d{1,19}$/.test(value) || BigInt(value) > MAX_LOG_POSITION) return 'invalid';
    if (highest === undefined || BigInt(value) > highest) highest = BigInt(value);
  }
  return highest;
}

/** Sets `Licita-Position` from the request context as the response's head is written, however it is sent. */
function announcePosition(res: ServerResponse, context: RequestContext): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = (...args: unknown[]) => {
    if (context.position !== undefined && !res.headersSent) res.setHeader(POSITION_HEADER, context.position.toString());
    return writeHead(...args);
  };
}
