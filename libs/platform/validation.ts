import { HttpException, ValidationPipe, type ValidationError } from '@nestjs/common';

export interface FieldError {
  /** Dotted path into the body or query: `lots.0.value.amount`. */
  field: string;
  /** What class-validator found, in English, for programs. */
  messages?: string[];
  /** The problem code, and what it means for people in the request's language (set by the problem filter). */
  code?: string;
  message?: string;
}

/** The request's shape is wrong (400 `request.invalid`), as found by class-validator. */
export class RequestInvalid extends Error {
  readonly code = 'request.invalid';

  constructor(readonly errors: FieldError[]) {
    super(
      `${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((error) => error.field).join(', ')}`,
    );
    this.name = 'RequestInvalid';
  }
}

/** Every DTO is validated; unknown fields are refused rather than silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestInvalid(flattenValidationErrors(errors)),
  });
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Text PostgreSQL cannot store or that is not Unicode at all (NUL, unpaired surrogates), and JSON nested deeper
 * than any request of ours (a "JSON bomb" that would exhaust the stack of every recursive walk after this one).
 * Refused wherever the client can put it (path, query, JSON body) with 400 `request.invalid_text` /
 * `request.invalid`, before any handler runs: no query fails on it later (a 500) and nothing is stored mangled.
 */
export function refuseUnstorableText(): (
  request: { url?: string; body?: unknown },
  response: unknown,
  next: (error?: unknown) => void,
) => void {
  return (request, _response, next) => {
    const found = unstorableIn('url', safeDecode(request.url ?? '')) ?? unstorableIn('body', request.body);
    if (!found) return next();
    next(
      found.tooDeep
        ? new HttpException(
            { code: 'request.invalid', detail: `the body is nested deeper than ${MAX_DEPTH} levels` },
            400,
          )
        : new HttpException(
            {
              code: 'request.invalid_text',
              detail: `${found.where} holds a NUL character or an unpaired surrogate, which is not text`,
            },
            400,
          ),
    );
  };
}

const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

/** Walks the value without recursion (its depth is the client's choice). */
function unstorableIn(root: string, value: unknown): { where: string; tooDeep?: true } | undefined {
  const pending: Array<{ where: string; value: unknown; depth: number }> = [{ where: root, value, depth: 0 }];
  while (pending.length > 0) {
    const { where, value: item, depth } = pending.pop()!;
    if (typeof item === 'string') {
      if (unstorable(item)) return { where };
      continue;
    }
    if (item === null || typeof item !== 'object' || Buffer.isBuffer(item)) continue; // a raw body (a PDF) is bytes
    if (depth >= MAX_DEPTH) return { where, tooDeep: true };
    for (const [key, child] of Object.entries(item)) {
      if (unstorable(key)) return { where: `${where} (a key)` };
      pending.push({ where: `${where}.${key}`, value: child, depth: depth + 1 });
    }
  }
  return undefined;
}

/** `%00` and `%ED%A0%80` decode to what they are; a malformed escape is left as it is (the router refuses it). */
function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url.replace(/\+/g, ' '));
  } catch {
    return url;
  }
}
