import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import { SYSTEM } from '@licita/identity';
import { RegisterScheduledCommandHandler, type ScheduledCommandHandler, type ScheduledJob } from '@licita/scheduling';
import { ADVANCE_TENDER_CLOCK } from '../projections/tender-clock.schedule';
import { AdvanceTenderClock } from './commands/advance-tender-clock.handler';

/**
 * Runs the jobs of `TenderClockSchedule`: sends `AdvanceTenderClock` on the command bus (as `system`), which
 * records whatever became due by time on the tender.
 */
@Injectable()
@RegisterScheduledCommandHandler()
export class TenderClockJobs implements ScheduledCommandHandler {
  readonly kind = ADVANCE_TENDER_CLOCK;

  constructor(private readonly commands: CommandBus) {}

  async run(job: ScheduledJob, context: CommandContext): Promise<void> {
    const { tenderId } = job.payload;
    if (typeof tenderId !== 'string') throw new Error(`job ${job.key} names no tender`);
    await this.commands.execute(new AdvanceTenderClock({ type: 'AdvanceTenderClock', tenderId }, SYSTEM, context));
  }
}
