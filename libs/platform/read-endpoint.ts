import { applyDecorators, Get } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';

/** What the OpenAPI document says of a read endpoint: its summary, its 200 answer and the refusals it has. */
export interface ReadDocs {
  summary?: string;
  ok: string;
  notFound?: string;
  badRequest?: string;
}

/** `GET path` (the controller's own path when none), documented by `docs`. */
export function Read(path: string | undefined, { summary, ok, notFound, badRequest }: ReadDocs): MethodDecorator {
  return applyDecorators(
    Get(path),
    ...(summary === undefined ? [] : [ApiOperation({ summary })]),
    ApiOkResponse({ description: ok }),
    ...(notFound === undefined ? [] : [ApiNotFoundResponse({ description: notFound })]),
    ...(badRequest === undefined ? [] : [ApiBadRequestResponse({ description: badRequest })]),
  );
}
