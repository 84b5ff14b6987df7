import { Module } from '@nestjs/common';
import { ClassifierModule } from '@licita/classifier';
import { PLAN_QUERY_HANDLERS, PlanQueries } from './application/plan-queries';
import { LinkProcedureHandler, PublishPlanRevisionHandler, TenderFactsReader } from './application/plan-writer';
import { PlansController } from './http/plans.controller';
import { PlansProjection } from './projections/plans.projection';

/** Annual procurement plans: their commands, public reads and projection. */
@Module({
  imports: [ClassifierModule],
  controllers: [PlansController],
  providers: [
    PublishPlanRevisionHandler,
    LinkProcedureHandler,
    TenderFactsReader,
    PlanQueries,
    ...PLAN_QUERY_HANDLERS,
    PlansProjection,
  ],
})
export class PlanningModule {}
