/**
 * A rule of the domain said no. `code` is stable (`<area>.<reason>`, snake case) and reaches the client in
 * the problem document; `kind` tells the edge which HTTP status fits, so the domain never speaks HTTP.
 */
export type DomainErrorKind =
  'invalid' | 'conflict' | 'not_found' | 'forbidden' | 'unauthorized' | 'gone' | 'too_many_requests';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message?: string,
    readonly kind: DomainErrorKind = 'invalid',
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? code);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message?: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'invalid', details);
export const conflict = (code: string, message?: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'conflict', details);
export const notFound = (code: string, message?: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'not_found', details);
