import { DomainError } from '@licita/shared';

/**
 * A refusal whose HTTP status no DomainErrorKind names (400, 413, 415, 416, 503): the problem filter answers
 * it with the status the catalogue gives its code.
 */
export const documentProblem = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, undefined, details);
