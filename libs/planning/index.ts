/**
 * The planning context: each buying unit's annual procurement plan (PAAAS) per fiscal year, in the stream
 * `plan-<buyingUnitId>-<year>`: its revisions (every line, what changed and why) and the links of its lines to
 * the procedures that execute them; the public read models (plans, revisions, totals, planned vs executed).
 */
export { PlanningModule } from './planning.module';
export { LinkProcedureMessage, PublishPlanRevisionMessage, type PlanAnswer } from './application/plan-writer';
export { PlanOfUnit, PlanRevisionOfUnit, PlansOfUnit, type PlanView } from './application/plan-queries';
export * from './domain/plan.events';
export * from './domain/plan.types';
export { planDecider, planChanges, type PlanState } from './domain/plan.decider';
