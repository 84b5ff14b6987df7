import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';

/**
 * The query parameters every paged list shares, so that each declares its bounds the same way (the hostile-input
 * tests read them from the OpenAPI document): `limit`, an optional integer from 1 to `max`, and `cursor`, the
 * opaque `nextCursor` of the previous page.
 */
export function PageSize(max: number, fallback = 20): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: max, default: fallback }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
}

export function PageCursor(description = 'nextCursor of the previous page', maxLength = 500): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ description }), IsOptional(), IsString(), MaxLength(maxLength));
}

/** The largest number a query parameter may hold: past it JavaScript's numbers are no longer exact. */
export const MAX_QUERY_INTEGER = Number.MAX_SAFE_INTEGER;

/**
 * A query parameter holding an integer from `min` to `max` (at most MAX_QUERY_INTEGER): anything else (a
 * fraction, `1e21`, a number past bigint's range) is 400 `request.invalid` naming it, never a query that fails.
 */
export function IntegerParam(
  options: { min: number; max?: number; optional?: boolean; description?: string; default?: number } = { min: 0 },
): PropertyDecorator {
  const { min, max = MAX_QUERY_INTEGER, optional = true, description } = options;
  const docs = { minimum: min, maximum: max, type: 'integer' as const, description, default: options.default };
  return applyDecorators(
    optional ? ApiPropertyOptional(docs) : ApiProperty(docs),
    ...(optional ? [IsOptional()] : []),
    Type(() => Number),
    IsInt(),
    Min(min),
    Max(max),
  );
}

/** The largest position of the event log (PostgreSQL's bigint). */
export const MAX_LOG_POSITION = 2n ** 63n - 1n;

/**
 * A query parameter holding a position of the event log, as decimal digits (kept a string: a bigint is past
 * JavaScript's exact numbers): from 0 to MAX_LOG_POSITION, else 400 `request.invalid` naming it.
 */
export function LogPositionParam(
  options: { optional?: boolean; description?: string; default?: string } = {},
): PropertyDecorator {
  const { optional = true, description } = options;
  const docs = { type: 'string' as const, pattern: '^\\d{1,19}$', description, default: options.default };
  return applyDecorators(
    optional ? ApiPropertyOptional(docs) : ApiProperty(docs),
    ...(optional ? [IsOptional()] : []),
    ValidateBy({
      name: 'isLogPosition',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_LOG_POSITION,
        defaultMessage: (args) =>
          `${args?.property ?? 'the value'} is a position of the log: digits, at most ${MAX_LOG_POSITION}`,
      },
    }),
  );
}
