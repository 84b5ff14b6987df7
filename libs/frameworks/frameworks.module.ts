import { Module } from '@nestjs/common';
import { FrameworkAgreements } from './application/framework-agreements';
import { FRAMEWORK_HANDLERS } from './application/framework.cqrs';
import { FrameworkQueries } from './application/framework-queries';
import { FrameworksController } from './http/frameworks.controller';
import { FrameworksProjection } from './projections/frameworks.projection';

/**
 * Framework agreements (convenzioni, contratos marco): central purchasing bodies, the agreements they establish
 * from their awarded procedures, the catalogue across agreements in force, and the orders (call-offs) of the
 * authorised buying units, each checked against the agreement's remaining ceiling.
 */
@Module({
  controllers: [FrameworksController],
  providers: [FrameworkAgreements, FrameworkQueries, FrameworksProjection, ...FRAMEWORK_HANDLERS],
  exports: [FrameworkAgreements],
})
export class FrameworksModule {}
