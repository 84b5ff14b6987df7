import { answeredBy } from '@licita/platform';
import { PublicCalendar } from './calendar';
import { DeskCalendarFeeds } from './desk-calendar-feeds';
import { FeedDocuments } from './feed-documents';
import * as asked from './feeds.queries';

/** One handler per feed query, each answered by the reader it needs. */
export const FEEDS_QUERY_HANDLERS = [
  answeredBy(asked.SearchAtomFeed, FeedDocuments, (feeds, { filter, selfUrl, language }) =>
    feeds.searchAtom(filter, selfUrl, language),
  ),
  answeredBy(asked.TenderAtomFeed, FeedDocuments, (feeds, { tenderId, selfUrl, language }) =>
    feeds.tenderAtom(tenderId, selfUrl, language),
  ),
  answeredBy(asked.CalendarDates, PublicCalendar, (calendar, { filter, window, desk }) =>
    calendar.dates(filter, window, desk),
  ),
  answeredBy(asked.CalendarIcs, FeedDocuments, (feeds, { filter, window, language, desk }) =>
    feeds.calendarIcs(filter, window, language, desk),
  ),
  answeredBy(asked.DeskCalendarScope, DeskCalendarFeeds, (desks, { token }) => desks.scopeOf(token)),
];
