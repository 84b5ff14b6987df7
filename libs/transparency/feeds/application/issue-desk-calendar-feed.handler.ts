import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import type { DeskScope } from '../domain/desk-calendar';
import { DeskCalendarFeeds, type IssuedDeskCalendar } from './desk-calendar-feeds';

/** A new secret calendar address for an account's desk (the one before stops working). */
export class IssueDeskCalendarFeed extends Command<IssuedDeskCalendar> {
  constructor(
    readonly accountId: string,
    readonly scope: DeskScope,
    readonly feedId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(IssueDeskCalendarFeed)
export class IssueDeskCalendarFeedHandler implements ICommandHandler<IssueDeskCalendarFeed> {
  constructor(private readonly feeds: DeskCalendarFeeds) {}

  execute({ accountId, scope, feedId, context }: IssueDeskCalendarFeed): Promise<IssuedDeskCalendar> {
    return this.feeds.issue({ type: 'IssueDeskCalendarFeed', accountId, feedId, ...scope }, context);
  }
}
