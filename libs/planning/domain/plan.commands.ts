import type { Money } from '@licita/shared';

/** A line as the desk sends it: checked and normalised by `decide`. */
export type PlanLineInput = {
  lineId: string;
  classifierCode: string;
  description: string;
  estimate: Money;
  quarter: number;
  procedureType: string;
  legalBasis?: string | null;
};

/** A buyer of the unit publishes its plan for the year, or a revision of it (the whole list of lines). */
export type PublishPlanRevision = {
  type: 'PublishPlanRevision';
  buyingUnitId: string;
  fiscalYear: number;
  lines: PlanLineInput[];
  /** Required from the second revision on: why the plan changes. */
  reason?: string | null;
  /**
   * The revision the desk edited (0: none yet). When given and no longer current, the revision is refused
   * (`plan.stale_revision`) instead of silently replacing what another buyer published meanwhile.
   */
  basedOnRevision?: number | null;
};

/** What the tender's own stream says, looked up by the handler: its unit and the fiscal year it belongs to. */
export type TenderFacts = { tenderId: string; buyingUnitId: string; fiscalYear: number };

/** A buyer of the unit says which procedure executes a line of the plan. */
export type LinkProcedure = {
  type: 'LinkProcedure';
  buyingUnitId: string;
  fiscalYear: number;
  lineId: string;
  tender: TenderFacts;
  reason?: string | null;
};

export type PlanCommand = PublishPlanRevision | LinkProcedure;
