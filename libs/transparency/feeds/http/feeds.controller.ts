import { randomUUID } from 'node:crypto';
import { Controller, Header, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import { Authorize, CommandCtx, CurrentPrincipal, type Principal } from '@licita/identity';
import { CACHE, LICITA_CONFIG, Read, requestLanguage, type LicitaConfig } from '@licita/platform';
import { DomainError } from '@licita/shared';
import type { TenderFilter, TenderSearch } from '../../application/public-tenders';
import type { CalendarDate } from '../application/calendar';
import { calendarWindow, type CalendarWindow } from '../application/feed-parameters';
import {
  CalendarDates,
  CalendarIcs,
  DeskCalendarScope,
  SearchAtomFeed,
  TenderAtomFeed,
} from '../application/feeds.queries';
import { IssueDeskCalendarFeed } from '../application/issue-desk-calendar-feed.handler';
import { feedLanguage } from '../application/texts';
import type { DeskScope } from '../domain/desk-calendar';
import { AtomSearchQuery, AtomTenderQuery, CalendarQuery, DeskCalendarQuery } from './feeds.dto';

const ATOM = 'application/atom+xml; charset=utf-8';
const ICS = 'text/calendar; charset=utf-8';
const DAY_MS = 86_400_000;
const BAD_FILTERS =
  "problem+json: `request.invalid` (a parameter's shape), `transparency.invalid_range`, `calendar.invalid_range`";

type Request = { originalUrl: string; now: Date };

/** The search's filters out of a feed's query: its sort and paging, and the feed's own `lang`, `from`, `to` aside. */
function filterOf(query: TenderSearch & { lang?: string; from?: string; to?: string }): TenderFilter {
  const { lang: _lang, from: _from, to: _to, sort: _sort, cursor: _cursor, limit: _limit, ...filter } = query;
  return filter;
}

/** Calendars show a week back (a date just passed, a recent cancellation) and half a year ahead by default. */
const defaultWindow = (now: Date): CalendarWindow => ({
  from: new Date(now.getTime() - 7 * DAY_MS),
  to: new Date(now.getTime() + 180 * DAY_MS),
});

/**
 * Following procurement without an account: Atom feeds of a search (the very query parameters of
 * /api/transparency/tenders) and of a procedure's timeline, and the calendar of announced dates as JSON and
 * iCalendar; for the desks, a secret iCalendar address a calendar app subscribes to.
 */
@ApiTags('feeds')
@Controller('api')
export class FeedsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    @Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'publicUrl'>,
  ) {}

  @Read('feeds/tenders.atom', {
    summary: 'Atom feed of a search: its 50 latest changed procedures (the same filters as /api/transparency/tenders)',
    ok: 'application/atom+xml; an entry per procedure, `updated` when it last changed, ids are tag: URIs',
    badRequest: BAD_FILTERS,
    cache: CACHE.feed,
  })
  @ApiProduces('application/atom+xml')
  @Header('Content-Type', ATOM)
  searchAtom(@Query() query: AtomSearchQuery, @Req() request: Request): Promise<string> {
    const language = feedLanguage(query.lang, requestLanguage());
    return this.queries.execute(new SearchAtomFeed(filterOf(query), this.selfUrl(request), language));
  }

  @Read('feeds/tenders/:id.atom', {
    summary: "Atom feed of a procedure's timeline: publication, amendments, answers, acts, award, contracts",
    ok: 'application/atom+xml; an entry per step, newest first; nothing sealed before the opening act',
    notFound: '`tender.not_found` (also for a draft)',
    cache: CACHE.feed,
  })
  @ApiProduces('application/atom+xml')
  @Header('Content-Type', ATOM)
  tenderAtom(@Param('id') id: string, @Query() query: AtomTenderQuery, @Req() request: Request): Promise<string> {
    const language = feedLanguage(query.lang, requestLanguage());
    return this.queries.execute(new TenderAtomFeed(id, this.selfUrl(request), language));
  }

  @Read('calendar', {
    summary:
      'Announced dates of public procedures (questions deadline, submission deadline, opening act, auctions), earliest first',
    ok: '`[{ id, tenderId, number, title, buyingUnit, kind, lotId, startsAt, endsAt, sequence, cancelled, updatedAt }]` (at most 2000)',
    badRequest: BAD_FILTERS,
    cache: CACHE.list,
  })
  calendar(@Query() query: CalendarQuery, @Req() request: Request): Promise<CalendarDate[]> {
    const window = calendarWindow(query.from, query.to, defaultWindow(request.now));
    return this.queries.execute(new CalendarDates(filterOf(query), window));
  }

  @Read('calendar.ics', {
    summary: 'The same calendar as iCalendar, to subscribe to from a calendar app',
    ok: 'text/calendar; a VEVENT per date with a stable UID, SEQUENCE bumped when it moves, STATUS:CANCELLED',
    badRequest: BAD_FILTERS,
    cache: CACHE.list,
  })
  @ApiProduces('text/calendar')
  @Header('Content-Type', ICS)
  calendarIcs(@Query() query: CalendarQuery, @Req() request: Request): Promise<string> {
    const window = calendarWindow(query.from, query.to, defaultWindow(request.now));
    const language = feedLanguage(query.lang, requestLanguage());
    return this.queries.execute(new CalendarIcs(filterOf(query), window, language));
  }

  @Post('calendar/desk-feed')
  @HttpCode(201)
  @ApiBearerAuth()
  @Authorize('IssueDeskCalendarFeed', (_request, principal) => ({
    accountId: principal.kind === 'account' ? principal.accountId : undefined,
  }))
  @ApiCreatedResponse({
    description:
      "`{ url, feedId, issuedAt }`: the desk's secret iCalendar address (a buyer's unit, a supplier's own procedures and auctions); the address issued before stops working",
  })
  async issueDeskFeed(
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<{ url: string; feedId: string; issuedAt: string }> {
    const scope = deskScopeOf(principal);
    const issued = await this.commands.execute(
      new IssueDeskCalendarFeed(scope.accountId, scope.scope, randomUUID(), context),
    );
    return {
      url: `${this.config.publicUrl}/api/calendar/desks/${issued.token}.ics`,
      feedId: issued.feedId,
      issuedAt: issued.issuedAt,
    };
  }

  @Read('calendar/desks/:token.ics', {
    summary: "A desk's calendar by its secret address (no login: calendar apps cannot log in)",
    ok: 'text/calendar',
    badRequest: '`calendar.feed_revoked` (403): a forged address, or one replaced by a newer one',
    cache: 'private', // the address is a credential: its answer is the desk's own
  })
  @ApiProduces('text/calendar')
  @Header('Content-Type', ICS)
  async deskIcs(
    @Param('token') token: string,
    @Query() query: DeskCalendarQuery,
    @Req() request: Request,
  ): Promise<string> {
    const desk = await this.queries.execute(new DeskCalendarScope(token));
    const language = feedLanguage(query.lang, requestLanguage());
    return this.queries.execute(new CalendarIcs({}, defaultWindow(request.now), language, desk));
  }

  /** This request's URL under PUBLIC_URL (the client's Host never reaches an answer). */
  private selfUrl(request: Request): string {
    return `${this.config.publicUrl}${request.originalUrl}`;
  }
}

/** The desk of a buyer (its unit) or a supplier (itself); other accounts have no desk calendar. */
function deskScopeOf(principal: Principal): { accountId: string; scope: DeskScope } {
  if (principal.kind === 'account' && principal.role === 'buyer' && principal.buyingUnitId)
    return { accountId: principal.accountId, scope: { desk: 'buyer', ownerId: principal.buyingUnitId } };
  if (principal.kind === 'account' && principal.role === 'supplier' && principal.supplierId)
    return { accountId: principal.accountId, scope: { desk: 'supplier', ownerId: principal.supplierId } };
  throw new DomainError('auth.forbidden', 'only buyers and suppliers have a desk calendar', 'forbidden');
}
