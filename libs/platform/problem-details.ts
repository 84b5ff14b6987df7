import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter, type LoggerService } from '@nestjs/common';
import {
  EventStoreUnavailable,
  EventTooLarge,
  IdempotencyConflict,
  WrongExpectedVersion,
  isConnectionError,
} from '@licita/event-store';
import {
  DomainError,
  problemEntry,
  problemLanguage,
  problemMessage,
  problemStatuses,
  type DomainErrorKind,
  type ProblemLanguage,
} from '@licita/shared';
import { PRIVATE_NO_STORE } from './cache-policy';
import { currentCorrelationId } from './request-context';
import { RequestInvalid, type FieldError } from './validation';

/** RFC 9457 problem document, with our stable `code` and the request's correlation id as extensions. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  correlationId?: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}

export interface Problem {
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const KIND_STATUS: Record<DomainErrorKind, number> = {
  invalid: 422,
  conflict: 409,
  not_found: 404,
  forbidden: 403,
  unauthorized: 401,
  gone: 410,
  too_many_requests: 429,
};

/** Errors from the body parser (they carry `type`), by type. */
const BODY_PARSER_PROBLEMS: Record<string, Problem> = {
  'entity.parse.failed': { status: 400, code: 'request.malformed_json', detail: 'The request body is not valid JSON.' },
  'entity.too.large': {
    status: 413,
    code: 'request.too_large',
    detail: 'The request body is larger than the server accepts.',
  },
  'encoding.unsupported': {
    status: 415,
    code: 'request.unsupported_encoding',
    detail: 'The request body uses a content encoding the server does not accept.',
  },
  'charset.unsupported': {
    status: 415,
    code: 'request.unsupported_charset',
    detail: 'The request body uses a character set the server does not accept.',
  },
  'request.aborted': {
    status: 400,
    code: 'request.aborted',
    detail: 'The client aborted the request before its body arrived.',
  },
  'request.size.invalid': {
    status: 400,
    code: 'request.invalid',
    detail: 'The request body is shorter or longer than its Content-Length.',
  },
};

/** For HttpExceptions thrown without a code (Nest's own, guards). */
const STATUS_CODE_NAMES: Record<number, string> = {
  400: 'request.invalid',
  401: 'auth.unauthenticated',
  403: 'auth.forbidden',
  404: 'resource.not_found',
  405: 'request.method_not_allowed',
  406: 'request.not_acceptable',
  409: 'resource.conflict',
  410: 'resource.gone',
  413: 'request.too_large',
  415: 'request.unsupported_media_type',
  422: 'request.unprocessable',
  429: 'rate_limit.exceeded',
};

const UNAVAILABLE: Problem = {
  status: 503,
  code: 'service.unavailable',
  detail: 'A service Licita depends on cannot be reached; try again shortly.',
};
const INTERNAL: Problem = {
  status: 500,
  code: 'internal',
  detail: 'An unexpected error occurred; quote the correlation id when reporting it.',
};

/**
 * What the client is told about an error, its status as the catalogue of problem codes states it (a code
 * missing there keeps the status it was thrown with, and is noted: see `uncataloguedProblemCodes`). Unknown
 * errors say nothing about their cause.
 */
export function toProblem(error: unknown): Problem {
  const problem = classify(error);
  const entry = problemEntry(problem.code);
  if (!entry) {
    UNCATALOGUED.add(problem.code);
    return problem;
  }
  return problemStatuses(entry).includes(problem.status) ? problem : { ...problem, status: entry.status };
}

const UNCATALOGUED = new Set<string>();

/** The codes this process answered that the catalogue lacks (the tests require none). */
export const uncataloguedProblemCodes = (): string[] => [...UNCATALOGUED];

function classify(error: unknown): Problem {
  if (error instanceof RequestInvalid)
    return { status: 400, code: error.code, detail: error.message, errors: error.errors };
  if (error instanceof DomainError) return fromDomainError(error);
  if (error instanceof WrongExpectedVersion) {
    return {
      status: 409,
      code: 'concurrency.conflict',
      detail: 'Someone else changed this at the same time; reload it and try again.',
    };
  }
  if (error instanceof IdempotencyConflict)
    return {
      status: 409,
      code: 'idempotency.conflict',
      detail:
        'This retry does not match the request first sent with its Idempotency-Key; send it as it was, or use a new key.',
    };
  if (error instanceof EventTooLarge)
    return {
      status: 413,
      code: 'command.too_large',
      detail: 'What this request would record is larger than the event store accepts; send less.',
    };
  if (error instanceof EventStoreUnavailable || isConnectionError(error)) return UNAVAILABLE;
  // Nest's Express adapter wraps body-parser errors in an HttpException whose cause is the original.
  const bodyParserProblem = fromBodyParser(error instanceof HttpException ? error.cause : error);
  if (bodyParserProblem) return bodyParserProblem;
  if (error instanceof HttpException) return fromHttpException(error);
  return INTERNAL;
}

function fromBodyParser(error: unknown): Problem | undefined {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number') return undefined;
  return BODY_PARSER_PROBLEMS[type];
}

function fromDomainError(error: DomainError): Problem {
  return {
    status: KIND_STATUS[error.kind] ?? 422,
    code: error.code,
    detail: error.message === error.code ? undefined : error.message,
    details: error.details,
  };
}

function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  const response = error.getResponse();
  const body = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  const detail = typeof body.detail === 'string' ? body.detail : error.message;
  if (typeof body.code === 'string') {
    const details =
      typeof body.details === 'object' && body.details !== null ? (body.details as Record<string, unknown>) : undefined;
    return { status, code: body.code, detail, ...(details ? { details } : {}) };
  }
  // Nest's own answer to a path no controller serves.
  if (status === 404 && /^Cannot [A-Z]+ /.test(error.message))
    return { status, code: 'route.not_found', detail: 'No route serves this method and path.' };
  if (status === 503) return UNAVAILABLE;
  if (status >= 500) return { ...INTERNAL, status }; // its message may hold internal details
  return { status, code: STATUS_CODE_NAMES[status] ?? 'request.invalid', detail };
}

/** `title` is what the code means, in the request's language (the HTTP reason phrase for an uncatalogued code). */
export function toProblemDocument(
  problem: Problem,
  instance?: string,
  correlationId?: string,
  language: ProblemLanguage = 'es',
): ProblemDocument {
  const title = problemMessage(problem.code, language, problem.details) ?? STATUS_CODES[problem.status] ?? 'Error';
  const field = typeof problem.details?.field === 'string' ? problem.details.field : undefined;
  return {
    type: `urn:licita:problem:${problem.code}`,
    title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(instance ? { instance } : {}),
    code: problem.code,
    ...(correlationId ? { correlationId } : {}),
    ...(problem.errors || field ? { errors: fieldErrors(problem, field, title, language) } : {}),
    ...(problem.details ? { details: problem.details } : {}),
  };
}

/**
 * Each field a form should mark, with the code and a message for people: the request's own fields as
 * validation found them, or the one field a domain error names (`details.field`) with the problem's message.
 */
function fieldErrors(
  problem: Problem,
  field: string | undefined,
  title: string,
  language: ProblemLanguage,
): FieldError[] {
  if (!problem.errors) return [{ field: field!, code: problem.code, message: title }];
  const message = problemMessage(problem.code, language, { part: 'field' }) ?? title;
  return problem.errors.map((error) => ({ ...error, code: error.code ?? problem.code, message }));
}

/**
 * Every error an HTTP request ends with becomes `application/problem+json`. Server-side failures are logged
 * with the correlation id; their cause never reaches the body.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: LoggerService) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return this.reportOutsideHttp(error, host);
    const request = host.switchToHttp().getRequest<IncomingMessage & { originalUrl?: string }>();
    const language = problemLanguage(request.headers['accept-language']);
    const response = host.switchToHttp().getResponse<ServerResponse>();
    const correlationId = currentCorrelationId();
    const problem = toProblem(error);
    if (problem.status >= 500)
      this.logger.error(
        { err: error, correlationId, code: problem.code, msg: `request failed: ${describe(error)}` },
        'ProblemDetailsFilter',
      );
    if (response.headersSent) return void response.end();
    const instance = (request.originalUrl ?? request.url ?? '').split('?')[0];
    response.statusCode = problem.status;
    response.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    response.setHeader('Content-Language', language);
    response.setHeader('Cache-Control', PRIVATE_NO_STORE); // an error is about this request, not the resource
    response.removeHeader('Last-Modified');
    response.end(JSON.stringify(toProblemDocument(problem, instance, correlationId, language)));
  }

  /** Socket.IO handlers: the client gets the same code on an `exception` event. */
  private reportOutsideHttp(error: unknown, host: ArgumentsHost): void {
    const problem = toProblem(error);
    if (problem.status >= 500)
      this.logger.error(
        { err: error, code: problem.code, msg: `handler failed: ${describe(error)}` },
        'ProblemDetailsFilter',
      );
    if (host.getType() !== 'ws') return;
    const client = host.switchToWs().getClient<{
      emit?: (event: string, payload: unknown) => void;
      handshake?: { headers?: Record<string, string | string[] | undefined> };
    }>();
    // Titled in the language of the connection's handshake, as an HTTP request's problem is.
    const acceptLanguage = client.handshake?.headers?.['accept-language'];
    const language = problemLanguage(typeof acceptLanguage === 'string' ? acceptLanguage : undefined);
    client.emit?.('exception', toProblemDocument(problem, undefined, undefined, language));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
