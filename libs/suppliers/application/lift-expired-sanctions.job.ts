import { Injectable } from '@nestjs/common';
import type { CommandContext } from '@licita/event-store';
import { assertAuthorized, SYSTEM } from '@licita/identity';
import { RegisterScheduledCommandHandler, type ScheduledJob, type ScheduledJobCommand } from '@licita/scheduling';
import { LIFT_EXPIRED_SANCTIONS } from '../projections/sanction-expiry.schedule';
import { LiftExpiredSanctions } from './commands/supplier.commands';

/**
 * The jobs of `SanctionExpirySchedule` as commands: `LiftExpiredSanctions` (as `system`, on the command bus)
 * records every sanction of the supplier whose end date passed.
 */
@Injectable()
@RegisterScheduledCommandHandler()
export class LiftExpiredSanctionsJob implements ScheduledJobCommand {
  readonly kind = LIFT_EXPIRED_SANCTIONS;

  command(job: ScheduledJob, context: CommandContext): LiftExpiredSanctions {
    const { supplierId } = job.payload;
    if (typeof supplierId !== 'string') throw new Error(`job ${job.key} names no supplier`);
    const command = new LiftExpiredSanctions(supplierId, context);
    assertAuthorized(command.toDomain(), SYSTEM);
    return command;
  }
}
