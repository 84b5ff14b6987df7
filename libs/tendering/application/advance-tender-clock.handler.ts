import { Injectable } from '@nestjs/common';
import type { CommandContext } from '@licita/event-store/command-executor';
import type { ScheduledCommandHandler, ScheduledJob } from '@licita/scheduling/command-scheduler';
import { RegisterScheduledCommandHandler } from '@licita/scheduling/scheduling.module';
import { ADVANCE_TENDER_CLOCK } from '../projections/tender-clock.schedule';
import { TenderCommands } from './tender-commands';

/** Runs the jobs of `TenderClockSchedule`: records (as `system`) whatever became due by time on the tender. */
@Injectable()
@RegisterScheduledCommandHandler()
export class AdvanceTenderClockHandler implements ScheduledCommandHandler {
  readonly kind = ADVANCE_TENDER_CLOCK;

  constructor(private readonly tenders: TenderCommands) {}

  async run(job: ScheduledJob, context: CommandContext): Promise<void> {
    await this.tenders.advanceClock(String(job.payload.tenderId), context);
  }
}
