import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CATALOGUE, type ProblemCodeEntry } from '@licita/shared';

/** One row of the `x-problem-codes` table of the OpenAPI document. */
export interface ProblemCodeRow extends ProblemCodeEntry {
  code: string;
}

export const problemCodeRows = (): ProblemCodeRow[] =>
  Object.entries(PROBLEM_CATALOGUE).map(([code, entry]: [string, ProblemCodeEntry]) => ({ code, ...entry }));

/**
 * The catalogue of problem codes in the OpenAPI document: `components.schemas.ProblemCode` (the enum of codes),
 * `components.schemas.Problem` (the problem+json body every error answers) and `x-problem-codes` (each code's
 * status and its Spanish and English message).
 */
export function withProblemCodes(document: OpenAPIObject): OpenAPIObject & { 'x-problem-codes': ProblemCodeRow[] } {
  const rows = problemCodeRows();
  const schemas = {
    ...document.components?.schemas,
    ProblemCode: { type: 'string' as const, enum: rows.map((row) => row.code), description: 'See x-problem-codes.' },
    Problem: {
      type: 'object' as const,
      description: 'RFC 9457 problem details (application/problem+json); `title` in the Accept-Language (es, en).',
      required: ['type', 'title', 'status', 'code'],
      properties: {
        type: { type: 'string' as const, example: 'urn:licita:problem:tender.not_found' },
        title: { type: 'string' as const },
        status: { type: 'integer' as const },
        detail: { type: 'string' as const },
        instance: { type: 'string' as const },
        code: { $ref: '#/components/schemas/ProblemCode' },
        correlationId: { type: 'string' as const },
        errors: { type: 'array' as const, items: { type: 'object' as const } },
        details: { type: 'object' as const },
      },
    },
  };
  return { ...document, components: { ...document.components, schemas }, 'x-problem-codes': rows };
}
