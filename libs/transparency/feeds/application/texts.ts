import { spanishMoney, STATUS_TEXT, writerFor, type TextLanguage } from '../../projections/plain-language';
import type { CalendarKind } from '../projections/calendar-dates.projection';

export { spanishMoney, STATUS_TEXT, writerFor, type TextLanguage };

/** What a calendar date is, as its event's title begins. */
export const KIND_TEXT: Record<CalendarKind, [string, string]> = {
  questions_deadline: [
    'Fecha límite de preguntas (junta de aclaraciones)',
    'Questions deadline (clarification meeting)',
  ],
  submission_deadline: ['Fecha límite para presentar propuestas', 'Proposal submission deadline'],
  opening: ['Acto de presentación y apertura de propuestas', 'Proposal opening act'],
  auction: ['Subasta inversa', 'Reverse auction'],
};

/** The language of a feed: `lang=` when given, else the request's (Accept-Language). */
export const feedLanguage = (lang: string | undefined, requested: TextLanguage): TextLanguage =>
  lang === 'en' || lang === 'es' ? lang : requested;

/** The public page of a procedure under PUBLIC_URL. */
export const tenderPage = (publicUrl: string, tenderId: string) =>
  `${publicUrl}/licitaciones/${encodeURIComponent(tenderId)}`;

/** The host of PUBLIC_URL, the authority of the feeds' `tag:` ids and the calendars' UIDs. */
export const feedAuthority = (publicUrl: string) => new URL(publicUrl).hostname;
