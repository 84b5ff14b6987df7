import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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
