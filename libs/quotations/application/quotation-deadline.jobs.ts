import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import { SYSTEM } from '@licita/identity';
import { RegisterScheduledCommandHandler, type ScheduledCommandHandler, type ScheduledJob } from '@licita/scheduling';
import { OPEN_QUOTATIONS } from '../projections/quotation-deadline.schedule';
import { OpenQuotations } from './quotation.commands';

/** Runs `QuotationDeadlineSchedule`'s jobs: at a request's deadline, `OpenQuotations` as `system`. */
@Injectable()
@RegisterScheduledCommandHandler()
export class QuotationDeadlineJobs implements ScheduledCommandHandler {
  readonly kind = OPEN_QUOTATIONS;

  constructor(private readonly commands: CommandBus) {}

  async run(job: ScheduledJob, context: CommandContext): Promise<void> {
    const { rfqId } = job.payload;
    if (typeof rfqId !== 'string') throw new Error(`job ${job.key} names no request for quotations`);
    await this.commands.execute(new OpenQuotations({ rfqId }, SYSTEM, context));
  }
}
