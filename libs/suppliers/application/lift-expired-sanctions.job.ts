import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import { assertAuthorized, SYSTEM } from '@licita/identity';
import { RegisterScheduledCommandHandler, type ScheduledCommandHandler, type ScheduledJob } from '@licita/scheduling';
import { LIFT_EXPIRED_SANCTIONS } from '../projections/sanction-expiry.schedule';
import { LiftExpiredSanctions } from './commands/supplier.commands';

/** Runs the jobs of `SanctionExpirySchedule`: records (as `system`) every sanction of the supplier whose end date passed. */
@Injectable()
@RegisterScheduledCommandHandler()
export class LiftExpiredSanctionsJob implements ScheduledCommandHandler {
  readonly kind = LIFT_EXPIRED_SANCTIONS;

  constructor(private readonly commands: CommandBus) {}

  async run(job: ScheduledJob, context: CommandContext): Promise<void> {
    const { supplierId } = job.payload;
    if (typeof supplierId !== 'string') throw new Error(`job ${job.key} names no supplier`);
    const command = new LiftExpiredSanctions(supplierId, context);
    assertAuthorized(command.toDomain(), SYSTEM);
    await this.commands.execute(command);
  }
}
