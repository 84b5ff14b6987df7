import { Query } from '@nestjs/cqrs';
import type { TenderFilter } from '../../application/public-tenders';
import type { DeskScope } from '../domain/desk-calendar';
import type { CalendarDate } from './calendar';
import type { CalendarWindow } from './feed-parameters';
import type { TextLanguage } from './texts';

/** The Atom feed of a search: its 50 latest changed procedures (`selfUrl`: where it was asked for). */
export class SearchAtomFeed extends Query<string> {
  constructor(
    readonly filter: TenderFilter,
    readonly selfUrl: string,
    readonly language: TextLanguage,
  ) {
    super();
  }
}

/** The Atom feed of one procedure's timeline (`tender.not_found`). */
export class TenderAtomFeed extends Query<string> {
  constructor(
    readonly tenderId: string,
    readonly selfUrl: string,
    readonly language: TextLanguage,
  ) {
    super();
  }
}

/** The dates of the public procedures a search finds, in a window; a desk's own when `desk` is given. */
export class CalendarDates extends Query<CalendarDate[]> {
  constructor(
    readonly filter: TenderFilter,
    readonly window: CalendarWindow,
    readonly desk?: DeskScope,
  ) {
    super();
  }
}

/** The same dates as an iCalendar (text/calendar). */
export class CalendarIcs extends Query<string> {
  constructor(
    readonly filter: TenderFilter,
    readonly window: CalendarWindow,
    readonly language: TextLanguage,
    readonly desk?: DeskScope,
  ) {
    super();
  }
}

/** Whose calendar a desk token opens (`calendar.feed_revoked`). */
export class DeskCalendarScope extends Query<DeskScope> {
  constructor(readonly token: string) {
    super();
  }
}
