import { HttpException } from '@nestjs/common';
import { EventStoreUnavailable, EventTooLarge, IdempotencyConflict } from '@licita/event-store';
import { DomainError, PROBLEM_CATALOGUE, invalid } from '@licita/shared';
import { toProblem, toProblemDocument, uncataloguedProblemCodes } from './problem-details';
import { RequestInvalid } from './validation';

describe('problems from the catalogue', () => {
  it('keeps a status the catalogue gives the code', () => {
    expect(toProblem(new DomainError('classifier.unknown_code', 'x', 'not_found')).status).toBe(404);
    expect(toProblem(new DomainError('classifier.unknown_code', 'x', 'invalid')).status).toBe(422);
  });

  it("answers a catalogued code with the catalogue's status whatever kind it was thrown with", () => {
    expect(toProblem(new DomainError('tender.not_found', 'x', 'invalid')).status).toBe(404);
  });

  it('gives HttpExceptions without a code the code of their status', () => {
    expect(toProblem(new HttpException('no', 401)).code).toBe('auth.unauthenticated');
    expect(toProblem(new HttpException('slow down', 429)).code).toBe('rate_limit.exceeded');
  });

  it("answers an append that reuses some of an earlier one's event ids 409 and one too large for the store 413", () => {
    expect(toProblem(new IdempotencyConflict('tender-1', ['a', 'b']))).toMatchObject({
      status: 409,
      code: 'idempotency.conflict',
    });
    expect(toProblem(new EventTooLarge('tender-1', 1_048_576))).toMatchObject({
      status: 413,
      code: 'command.too_large',
    });
    expect(uncataloguedProblemCodes()).not.toContain('idempotency.conflict');
    expect(uncataloguedProblemCodes()).not.toContain('command.too_large');
  });

  it('notes a code the catalogue lacks and keeps its status', () => {
    expect(toProblem(new DomainError('nowhere.listed', 'x', 'conflict')).status).toBe(409);
    expect(uncataloguedProblemCodes()).toContain('nowhere.listed');
  });

  it('titles the document with the message in the language asked for', () => {
    const problem = toProblem(new EventStoreUnavailable('down'));
    expect(toProblemDocument(problem).title).toBe(PROBLEM_CATALOGUE['service.unavailable'].es);
    expect(toProblemDocument(problem, undefined, undefined, 'en').title).toBe(
      PROBLEM_CATALOGUE['service.unavailable'].en,
    );
  });
  it('marks the field a domain error names, with the finer message of its part in each language', () => {
    const problem = toProblem(invalid('rfc.invalid', 'check digit', { rfc: 'X', part: 'check_digit', field: 'rfc' }));
    expect(toProblemDocument(problem).errors).toEqual([
      { field: 'rfc', code: 'rfc.invalid', message: 'El RFC no es válido: revisa el dígito verificador.' },
    ]);
    expect(toProblemDocument(problem, undefined, undefined, 'en')).toMatchObject({
      title: 'The RFC is not valid: check the check digit.',
      errors: [{ field: 'rfc', code: 'rfc.invalid', message: 'The RFC is not valid: check the check digit.' }],
    });
  });

  it('gives each field validation refused a message for people beside the messages for programs', () => {
    const problem = toProblem(new RequestInvalid([{ field: 'email', messages: ['email must be an email'] }]));
    expect(toProblemDocument(problem, undefined, undefined, 'en').errors).toEqual([
      {
        field: 'email',
        messages: ['email must be an email'],
        code: 'request.invalid',
        message: 'This value is missing or not valid.',
      },
    ]);
    expect(toProblemDocument(problem).errors?.[0].message).toBe('Este dato falta o no es válido.');
  });

  it('lists no field errors for a problem about no field', () => {
    expect(toProblemDocument(toProblem(invalid('tender.not_found'))).errors).toBeUndefined();
  });
});
