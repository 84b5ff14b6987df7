import { applyDecorators, Get } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { Cached, type CachePolicy } from './cache-policy';

/** What the OpenAPI document says of a read endpoint: its summary, its 200 answer and the refusals it has. */
export interface ReadDocs {
  summary?: string;
  ok: string;
  notFound?: string;
  badRequest?: string;
  /** How it may be cached (cache-policy.ts); none: `private, no-store`. */
  cache?: CachePolicy;
}

const MIN_POSITION =
  'Read your own writes: the `Licita-Position` a command answered; the read models this query reads are waited for ' +
  'until they reach it (at most READ_MODEL_WAIT_MS), else 503 `read_model.still_updating`.';

/**
 * `GET path` (the controller's own path when none), documented by `docs`, and by the `minPosition` parameter and
 * `Licita-Min-Position` header every query takes (libs/projections/read-your-writes.ts).
 */
export function Read(
  path: string | undefined,
  { summary, ok, notFound, badRequest, cache }: ReadDocs,
): MethodDecorator {
  return applyDecorators(
    Get(path),
    ...(cache === undefined ? [] : [Cached(cache)]),
    ...(summary === undefined ? [] : [ApiOperation({ summary })]),
    ApiOkResponse({ description: ok }),
    ...(notFound === undefined ? [] : [ApiNotFoundResponse({ description: notFound })]),
    ...(badRequest === undefined ? [] : [ApiBadRequestResponse({ description: badRequest })]),
    ApiQuery({ name: 'minPosition', required: false, type: String, description: MIN_POSITION }),
    ApiHeader({ name: 'Licita-Min-Position', required: false, description: MIN_POSITION }),
    ApiServiceUnavailableResponse({ description: '`read_model.still_updating` (with `Retry-After`)' }),
  );
}
