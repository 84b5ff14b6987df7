import { Injectable } from '@nestjs/common';
import type { CommandContext } from '@licita/event-store/command-executor';
import { assertAuthorized } from '@licita/identity/domain/authorization.policy';
import { SYSTEM } from '@licita/identity/domain/roles';
import type { ScheduledCommandHandler, ScheduledJob } from '@licita/scheduling/command-scheduler';
import { RegisterScheduledCommandHandler } from '@licita/scheduling/scheduling.module';
import type { LiftExpiredSanctions } from '../domain/supplier.commands';
import { LIFT_EXPIRED_SANCTIONS } from '../projections/sanction-expiry.schedule';
import { SupplierRegistry } from './supplier-registry';

/** Runs the jobs of `SanctionExpirySchedule`: records (as `system`) every sanction of the supplier whose end date passed. */
@Injectable()
@RegisterScheduledCommandHandler()
export class LiftExpiredSanctionsHandler implements ScheduledCommandHandler {
  readonly kind = LIFT_EXPIRED_SANCTIONS;

  constructor(private readonly registry: SupplierRegistry) {}

  async run(job: ScheduledJob, context: CommandContext): Promise<void> {
    const command: LiftExpiredSanctions = { type: 'LiftExpiredSanctions', supplierId: String(job.payload.supplierId) };
    assertAuthorized(command, SYSTEM);
    await this.registry.handle(command, context);
  }
}
