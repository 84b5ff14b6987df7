import type { Money } from '@licita/shared';

/** The procedure a plan line expects to be bought through (LAASSP arts. 26, 41, 42; framework orders and quick quotations). */
export type PlannedProcedure = 'public_tender' | 'invitation' | 'direct_award' | 'framework_order' | 'quick_quotation';
export const PLANNED_PROCEDURES: readonly PlannedProcedure[] = [
  'public_tender',
  'invitation',
  'direct_award',
  'framework_order',
  'quick_quotation',
];

export type Quarter = 1 | 2 | 3 | 4;

/** One line of an annual plan (PAAAS): what, how much, when in the year and by which procedure. */
export type PlanLine = {
  /** Chosen by the buyer's desk; stable across revisions, so a revision's differences are per line. */
  lineId: string;
  /** A code of the classifier (CUCoP by default), checked against it before anything is written. */
  classifierCode: string;
  description: string;
  /** Integer minor units (centavos) and ISO 4217 currency. */
  estimate: Money;
  quarter: Quarter;
  procedureType: PlannedProcedure;
  /** The article the expected procedure rests on, e.g. "LAASSP art. 42"; `null` when not given. */
  legalBasis: string | null;
};

/** A field of a line that changed between two revisions, with its values before and after. */
export type LineFieldChange = { path: keyof Omit<PlanLine, 'lineId'>; before: unknown; after: unknown };

/** What one revision changed against the one before (the first revision: every line added). */
export type PlanChanges = {
  added: Array<Pick<PlanLine, 'lineId' | 'description'>>;
  removed: Array<Pick<PlanLine, 'lineId' | 'description'>>;
  changed: Array<Pick<PlanLine, 'lineId' | 'description'> & { changes: LineFieldChange[] }>;
};

export type IsoDateTime = string;
