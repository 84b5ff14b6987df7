import { Module } from '@nestjs/common';
import { FrameworkAgreements } from './application/framework-agreements';
import { FRAMEWORK_HANDLERS } from './application/framework.cqrs';

/**
 * Framework agreements (convenzioni, contratos marco): central purchasing bodies, the agreements they establish
 * from their awarded procedures, the catalogue across agreements in force, and the orders (call-offs) of the
 * authorised buying units, each checked against the agreement's remaining ceiling.
 */
@Module({
  providers: [FrameworkAgreements, ...FRAMEWORK_HANDLERS],
  exports: [FrameworkAgreements],
})
export class FrameworksModule {}
