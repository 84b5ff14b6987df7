import { canonicalJson, conflict, invalid, notFound, type DecisionContext, type Decider } from '@licita/shared';
import type { LinkProcedure, PlanCommand, PlanLineInput, PublishPlanRevision } from './plan.commands';
import { lineEventsOf, type PlanEvent, type PlanRevisionPublished } from './plan.events';
import {
  PLANNED_PROCEDURES,
  type LineFieldChange,
  type PlanChanges,
  type PlanLine,
  type PlannedProcedure,
  type Quarter,
} from './plan.types';

export type PlanState = {
  revision: number;
  lines: PlanLine[];
  /** Which procedure executes each linked line, by line id. */
  links: Record<string, string>;
};

export const initialState = (): PlanState => ({ revision: 0, lines: [], links: {} });

/** Years a plan may be written for: a PAAAS is published for the coming or current year, kept for the record. */
export const FIRST_FISCAL_YEAR = 2000;
export const LAST_FISCAL_YEAR = 2100;
export const MAX_LINES = 2000;
const LINE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ISO_4217 = /^[A-Z]{3}$/;
const LINE_FIELDS: Array<LineFieldChange['path']> = [
  'classifierCode',
  'description',
  'estimate',
  'quarter',
  'procedureType',
  'legalBasis',
];

export function decide(command: PlanCommand, state: PlanState, context: DecisionContext): PlanEvent[] {
  switch (command.type) {
    case 'PublishPlanRevision':
      return publishRevision(command, state, context);
    case 'LinkProcedure':
      return link(command, state, context);
  }
}

export function evolve(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanRevisionPublished':
      return { ...state, revision: event.data.revision, lines: event.data.lines };
    case 'PlanLineLinked':
      return { ...state, links: { ...state.links, [event.data.lineId]: event.data.tenderId } };
    case 'PlanLineRevised':
      return state; // the revision's own event carries every line
  }
}

export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = { initialState, decide, evolve };

function publishRevision(command: PublishPlanRevision, state: PlanState, { now, actor }: DecisionContext): PlanEvent[] {
  checkFiscalYear(command.fiscalYear);
  const based = command.basedOnRevision;
  if (based !== undefined && based !== null && based !== state.revision)
    throw conflict('plan.stale_revision', 'the plan changed since this revision was written', {
      revision: state.revision,
      basedOnRevision: based,
    });
  const lines = checkLines(command.lines);
  const reason = text(command.reason, 1000);
  if (state.revision > 0 && reason === null)
    throw invalid('plan.reason_required', 'a revision of the plan says why it changes', { field: 'reason' });
  const changes = planChanges(state.lines, lines);
  if (state.revision > 0 && changes.added.length + changes.removed.length + changes.changed.length === 0)
    throw conflict('plan.unchanged', 'the revision changes nothing in the plan', { revision: state.revision });
  const linkedRemoved = changes.removed.find((line) => state.links[line.lineId] !== undefined);
  if (linkedRemoved)
    throw conflict('plan.linked_line_removed', 'a line a procedure executes stays in the plan', {
      lineId: linkedRemoved.lineId,
      tenderId: state.links[linkedRemoved.lineId],
    });
  const published: PlanRevisionPublished = {
    type: 'PlanRevisionPublished',
    data: {
      buyingUnitId: command.buyingUnitId,
      fiscalYear: command.fiscalYear,
      revision: state.revision + 1,
      lines,
      changes,
      reason,
      publishedBy: actor,
      publishedAt: now.toISOString(),
    },
  };
  return [published, ...lineEventsOf(published)];
}

function link(command: LinkProcedure, state: PlanState, { now, actor }: DecisionContext): PlanEvent[] {
  if (state.revision === 0)
    throw notFound('plan.not_found', `the unit has published no plan for ${command.fiscalYear}`, {
      fiscalYear: command.fiscalYear,
    });
  if (!state.lines.some((line) => line.lineId === command.lineId))
    throw notFound('plan.line_not_found', `the plan has no line ${command.lineId}`, { lineId: command.lineId });
  const { tender } = command;
  if (tender.buyingUnitId !== command.buyingUnitId)
    throw invalid('plan.tender_of_other_unit', 'the procedure belongs to another buying unit', {
      tenderId: tender.tenderId,
    });
  if (tender.fiscalYear !== command.fiscalYear)
    throw invalid('plan.tender_of_other_year', `the procedure belongs to fiscal year ${tender.fiscalYear}`, {
      tenderId: tender.tenderId,
      tenderFiscalYear: tender.fiscalYear,
      fiscalYear: command.fiscalYear,
    });
  const linked = state.links[command.lineId];
  if (linked === tender.tenderId) return [];
  if (linked !== undefined)
    throw conflict('plan.line_already_linked', 'another procedure already executes the line', {
      lineId: command.lineId,
      tenderId: linked,
    });
  return [
    {
      type: 'PlanLineLinked',
      data: {
        buyingUnitId: command.buyingUnitId,
        fiscalYear: command.fiscalYear,
        lineId: command.lineId,
        tenderId: tender.tenderId,
        reason: text(command.reason, 1000),
        linkedBy: actor,
        linkedAt: now.toISOString(),
      },
    },
  ];
}

export function checkFiscalYear(year: unknown): void {
  if (!Number.isInteger(year) || (year as number) < FIRST_FISCAL_YEAR || (year as number) > LAST_FISCAL_YEAR)
    throw invalid(
      'plan.invalid_fiscal_year',
      `the fiscal year is between ${FIRST_FISCAL_YEAR} and ${LAST_FISCAL_YEAR}`,
      {
        field: 'fiscalYear',
      },
    );
}

/** The lines checked in order (the first wrong one answers, naming it) and normalised. */
export function checkLines(inputs: PlanLineInput[]): PlanLine[] {
  if (!Array.isArray(inputs) || inputs.length === 0)
    throw invalid('plan.no_lines', 'a plan has at least one line', { field: 'lines' });
  if (inputs.length > MAX_LINES)
    throw invalid('plan.too_many_lines', `a plan has at most ${MAX_LINES} lines`, { max: MAX_LINES });
  const seen = new Set<string>();
  return inputs.map((input) => {
    const line = checkLine(input);
    if (seen.has(line.lineId))
      throw invalid('plan.duplicate_line', `line ${line.lineId} appears twice`, { lineId: line.lineId });
    seen.add(line.lineId);
    return line;
  });
}

function checkLine(input: PlanLineInput): PlanLine {
  const lineId = typeof input?.lineId === 'string' ? input.lineId.trim() : '';
  if (!LINE_ID.test(lineId))
    throw invalid('plan.invalid_line_id', 'a line id has 1 to 64 letters, digits, dots, hyphens or underscores', {
      field: 'lineId',
    });
  const wrong = (code: string, message: string, field: string) => invalid(code, message, { lineId, field });
  const classifierCode = typeof input.classifierCode === 'string' ? input.classifierCode.trim() : '';
  if (classifierCode.length === 0 || classifierCode.length > 40)
    throw wrong('classifier.unknown_code', 'the line needs a classifier code', 'classifierCode');
  const description = text(input.description, 1000);
  if (description === null)
    throw wrong('plan.invalid_description', 'the description has 1 to 1000 characters', 'description');
  const amount = input.estimate?.amount;
  const currency = input.estimate?.currency;
  if (!Number.isSafeInteger(amount) || amount < 0 || typeof currency !== 'string' || !ISO_4217.test(currency))
    throw wrong(
      'plan.invalid_estimate',
      'the estimate is integer minor units (≥ 0) and an ISO 4217 currency',
      'estimate',
    );
  if (![1, 2, 3, 4].includes(input.quarter))
    throw wrong('plan.invalid_quarter', 'the planned quarter is 1, 2, 3 or 4', 'quarter');
  if (!PLANNED_PROCEDURES.includes(input.procedureType as PlannedProcedure))
    throw wrong(
      'plan.invalid_procedure_type',
      `the procedure is one of ${PLANNED_PROCEDURES.join(', ')}`,
      'procedureType',
    );
  const legalBasis = input.legalBasis === undefined || input.legalBasis === null ? null : text(input.legalBasis, 300);
  if (input.legalBasis && legalBasis === null)
    throw wrong('plan.invalid_legal_basis', 'the legal basis has at most 300 characters', 'legalBasis');
  return {
    lineId,
    classifierCode,
    description,
    estimate: { amount, currency },
    quarter: input.quarter as Quarter,
    procedureType: input.procedureType as PlannedProcedure,
    legalBasis,
  };
}

/** Lines added, removed and changed (field by field, old → new) from one list of lines to the next. */
export function planChanges(before: PlanLine[], after: PlanLine[]): PlanChanges {
  const old = new Map(before.map((line) => [line.lineId, line]));
  const now = new Set(after.map((line) => line.lineId));
  const changes: PlanChanges = { added: [], removed: [], changed: [] };
  for (const line of after) {
    const previous = old.get(line.lineId);
    if (!previous) {
      changes.added.push({ lineId: line.lineId, description: line.description });
      continue;
    }
    const fields = LINE_FIELDS.filter((field) => canonicalJson(previous[field]) !== canonicalJson(line[field])).map(
      (field) => ({ path: field, before: previous[field], after: line[field] }),
    );
    if (fields.length > 0)
      changes.changed.push({ lineId: line.lineId, description: line.description, changes: fields });
  }
  for (const line of before)
    if (!now.has(line.lineId)) changes.removed.push({ lineId: line.lineId, description: line.description });
  return changes;
}

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed.length > 0 && trimmed.length <= max ? trimmed : null;
}
