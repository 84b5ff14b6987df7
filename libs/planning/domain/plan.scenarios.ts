import type { LinkProcedure, PlanLineInput, PublishPlanRevision } from './plan.commands';
import type { PlanEvent } from './plan.events';
import type { PlanChanges, PlanLine } from './plan.types';

export const UNIT = '5c1f3a2e-7d4b-4e0a-9b61-2f8c0d9e1a37';
export const OTHER_UNIT = '9a0e4b7c-1d2f-4c3b-8e5a-6f7d8c9b0a12';
export const YEAR = 2026;
export const ACTOR = 'account-test';

export const aLine = (overrides: Partial<PlanLineInput> = {}): PlanLineInput => ({
  lineId: 'L1',
  classifierCode: '21100001',
  description: 'Papelería para oficinas',
  estimate: { amount: 125_000_00, currency: 'MXN' },
  quarter: 1,
  procedureType: 'invitation',
  legalBasis: 'LAASSP art. 43',
  ...overrides,
});

export const asLine = (input: PlanLineInput): PlanLine => ({
  ...input,
  quarter: input.quarter as PlanLine['quarter'],
  procedureType: input.procedureType as PlanLine['procedureType'],
  legalBasis: input.legalBasis ?? null,
});

export const publish = (lines: PlanLineInput[], reason?: string): PublishPlanRevision => ({
  type: 'PublishPlanRevision',
  buyingUnitId: UNIT,
  fiscalYear: YEAR,
  lines,
  ...(reason === undefined ? {} : { reason }),
});

export const published = (
  revision: number,
  lines: PlanLineInput[],
  changes: Partial<PlanChanges>,
  reason: string | null = null,
  at = '2026-01-15T16:00:00.000Z',
): PlanEvent => ({
  type: 'PlanRevisionPublished',
  data: {
    buyingUnitId: UNIT,
    fiscalYear: YEAR,
    revision,
    lines: lines.map(asLine),
    changes: { added: [], removed: [], changed: [], ...changes },
    reason,
    publishedBy: ACTOR,
    publishedAt: at,
  },
});

export const linkTo = (
  lineId: string,
  tenderId = 'tender-1',
  tender: Partial<LinkProcedure['tender']> = {},
): LinkProcedure => ({
  type: 'LinkProcedure',
  buyingUnitId: UNIT,
  fiscalYear: YEAR,
  lineId,
  tender: { tenderId, buyingUnitId: UNIT, fiscalYear: YEAR, ...tender },
});

export const linked = (lineId: string, tenderId = 'tender-1', at = '2026-01-15T16:00:00.000Z'): PlanEvent => ({
  type: 'PlanLineLinked',
  data: { buyingUnitId: UNIT, fiscalYear: YEAR, lineId, tenderId, reason: null, linkedBy: ACTOR, linkedAt: at },
});
