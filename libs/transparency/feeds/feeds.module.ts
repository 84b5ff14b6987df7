import { Module } from '@nestjs/common';
import { PublicCalendar } from './application/calendar';
import { DeskCalendarFeeds } from './application/desk-calendar-feeds';
import { FeedDocuments } from './application/feed-documents';
import { FeedReads } from './application/feed-reads';
import { FEEDS_QUERY_HANDLERS } from './application/feeds-query.handlers';
import { IssueDeskCalendarFeedHandler } from './application/issue-desk-calendar-feed.handler';
import { FeedsController } from './http/feeds.controller';
import { CalendarDatesProjection } from './projections/calendar-dates.projection';

/**
 * Following procurement: Atom feeds of searches and procedures, and calendars of announced dates (public, and a
 * secret iCalendar address per desk). The `calendar-dates` projection keeps the dates; the rest reads the
 * transparency read models. See README.md beside this file.
 */
@Module({
  controllers: [FeedsController],
  providers: [
    CalendarDatesProjection,
    FeedReads,
    PublicCalendar,
    FeedDocuments,
    DeskCalendarFeeds,
    IssueDeskCalendarFeedHandler,
    ...FEEDS_QUERY_HANDLERS,
  ],
})
export class FeedsModule {}
