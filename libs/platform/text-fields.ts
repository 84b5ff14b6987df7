import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';

/**
 * The text fields request bodies and query strings share, so that each states its bounds in one place:
 * `Text(1, 200, { example })` a required string of 1 to 200 characters, `OptionalText(200)` an optional one of
 * at most 200, `OptionalInstant()` an optional ISO 8601 instant, `OptionalOneOf(SIZES)` an optional choice
 * among the listed values. `api`, when given, is the field's OpenAPI property (the Swagger plugin documents the
 * others from their type and doc comment); a choice lists its values as the property's enum.
 */
export function Text(minLength: number, maxLength: number, api?: ApiPropertyOptions): PropertyDecorator {
  return stacked(api && ApiProperty(api), IsString(), Length(minLength, maxLength));
}

export function OptionalText(maxLength: number, api?: ApiPropertyOptions): PropertyDecorator {
  return stacked(api && ApiPropertyOptional(api), IsOptional(), IsString(), MaxLength(maxLength));
}

export function OptionalInstant(): PropertyDecorator {
  return stacked(IsOptional(), IsISO8601({ strict: true }));
}

export function OptionalOneOf(
  values: readonly string[],
  api: { description?: string; default?: string } = {},
): PropertyDecorator {
  return stacked(ApiPropertyOptional({ enum: values, ...api }), IsOptional(), IsIn(values));
}

/**
 * The decorators as if written one above the other in this order: TypeScript applies such a stack from the
 * bottom up, and class-validator reports a field's failed rules in the order they were applied.
 */
function stacked(...decorators: Array<PropertyDecorator | undefined>): PropertyDecorator {
  return applyDecorators(...decorators.filter((decorator) => decorator !== undefined).reverse());
}
