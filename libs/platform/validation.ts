import { ValidationPipe, type ValidationError } from '@nestjs/common';

export interface FieldError {
  /** Dotted path into the body or query: `lots.0.value.amount`. */
  field: string;
  messages: string[];
}

/** The request's shape is wrong (400 `request.invalid`), as found by class-validator. */
export class RequestInvalid extends Error {
  readonly code = 'request.invalid';

  constructor(readonly errors: FieldError[]) {
    super(`${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((error) => error.field).join(', ')}`);
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
