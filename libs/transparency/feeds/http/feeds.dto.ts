import { OptionalInstant, OptionalOneOf } from '@licita/platform';
import { TenderSearchQuery } from '../../http/transparency.dto';

const LANGUAGES = ['es', 'en'] as const;
const LANGUAGE_DOC = {
  description: 'The language of the texts (a calendar app sends no Accept-Language); else Accept-Language, else es',
};

/**
 * Every parameter of /api/transparency/tenders (the same names, the same checks), so a search's own address works
 * for its feed and its calendar: its filters apply; its sort and paging are taken and ignored.
 */
export class AtomSearchQuery extends TenderSearchQuery {
  @OptionalOneOf(LANGUAGES, LANGUAGE_DOC)
  lang?: (typeof LANGUAGES)[number];
}

export class AtomTenderQuery {
  @OptionalOneOf(LANGUAGES, LANGUAGE_DOC)
  lang?: (typeof LANGUAGES)[number];
}

export class CalendarQuery extends TenderSearchQuery {
  /** Dates at or after this instant (ISO 8601); default: a week ago */
  @OptionalInstant()
  from?: string;

  /** Dates before this instant (ISO 8601), at most 400 days after `from`; default: 180 days after `from` */
  @OptionalInstant()
  to?: string;

  @OptionalOneOf(LANGUAGES, LANGUAGE_DOC)
  lang?: (typeof LANGUAGES)[number];
}

export class DeskCalendarQuery {
  @OptionalOneOf(LANGUAGES, LANGUAGE_DOC)
  lang?: (typeof LANGUAGES)[number];
}
