import { Inject, Injectable } from '@nestjs/common';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import type { TenderFilter } from '../../application/public-tenders';
import type { DeskScope } from '../domain/desk-calendar';
import { searchAtom, tenderAtom } from './atom';
import { PublicCalendar } from './calendar';
import { filterQuery, type CalendarWindow } from './feed-parameters';
import { FeedReads } from './feed-reads';
import { calendarIcs } from './ical';
import { writerFor, type TextLanguage } from './texts';

/** The feeds as documents: Atom for searches and procedures, iCalendar for calendars; links under PUBLIC_URL. */
@Injectable()
export class FeedDocuments {
  constructor(
    private readonly reads: FeedReads,
    private readonly calendar: PublicCalendar,
    @Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'publicUrl'>,
  ) {}

  async searchAtom(filter: TenderFilter, selfUrl: string, language: TextLanguage): Promise<string> {
    const tenders = await this.reads.latestChanged(filter);
    return searchAtom(tenders, filterQuery(filter), { publicUrl: this.config.publicUrl, selfUrl, language });
  }

  async tenderAtom(tenderId: string, selfUrl: string, language: TextLanguage): Promise<string> {
    const { tender, steps } = await this.reads.timeline(tenderId, language);
    return tenderAtom(tender, steps, { publicUrl: this.config.publicUrl, selfUrl, language });
  }

  async calendarIcs(
    filter: TenderFilter,
    window: CalendarWindow,
    language: TextLanguage,
    desk?: DeskScope,
  ): Promise<string> {
    const dates = await this.calendar.dates(filter, window, desk);
    const w = writerFor(language);
    const name = !desk
      ? w.l('Licita — calendario de contrataciones', 'Licita — procurement calendar')
      : desk.desk === 'buyer'
        ? w.l('Licita — calendario de mi unidad compradora', 'Licita — my buying unit calendar')
        : w.l('Licita — mis procedimientos y subastas', 'Licita — my procedures and auctions');
    return calendarIcs(dates, { publicUrl: this.config.publicUrl, name, language });
  }
}
