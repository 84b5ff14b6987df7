import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { CommandContext } from '@licita/event-store';
import { AccountById, Authorize, CommandCtx, CurrentPrincipal, newId, type Principal } from '@licita/identity';
import { Cached, LICITA_CONFIG, Read, requestLanguage, type LicitaConfig } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import { DomainError, invalid } from '@licita/shared';
import { TenderSearchQuery } from '@licita/transparency';
import { ChangeAlertSubscription, SignUpFollower } from '../application/alerts.commands';
import { MyAlertsOf, type MyAlerts } from '../application/my-alerts';
import type { AlertSubscriberCommand, Subscriber } from '../domain/alert.commands';
import type { FollowKind, SavedFilters } from '../domain/alert.events';
import { verifyLink, type LinkClaims, type LinkPurpose } from '../domain/signed-links';
import { DeliveryPreferenceDto, FollowDto, FollowerSignUpDto, LinkTokenDto, SaveSearchDto } from './alerts.dto';

const ownAccount = (_request: unknown, principal: Principal) => ({
  accountId: principal.kind === 'account' ? principal.accountId : undefined,
});

/**
 * Alerts: follower sign-up, saved searches and follows of the logged-in account, its delivery preference, "Mis
 * alertas", and the links of the e-mails (confirm the address, unsubscribe in one click), which need no login.
 */
@ApiTags('alerts')
@Controller('api')
export class AlertsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(LICITA_CONFIG) private readonly config: LicitaConfig,
  ) {}

  /** Anyone: a `follower` account (follows and saved searches only); a confirmation link is mailed to the address. */
  @Post('followers')
  @Authorize('SignUpFollower')
  @ApiCreatedResponse({
    description: 'The account; log in with its email and password. Alerts wait for the confirmation.',
  })
  signUp(@Body() body: FollowerSignUpDto, @CommandCtx() context: CommandContext) {
    const accountId = newId(context, 'account', body.accountId);
    const language = body.language ?? requestLanguage();
    return this.commands.execute(new SignUpFollower(accountId, body.email, body.password, language, context));
  }

  @ReadsFrom('alerts')
  @Read('alerts/me', { ok: "The account's address, saved searches, follows and latest alerts (sent or not)" })
  @ApiBearerAuth()
  mine(@CurrentPrincipal() principal: Principal): Promise<MyAlerts> {
    return this.queries.execute(new MyAlertsOf(this.accountOf(principal)));
  }

  @Post('alerts/searches')
  @ApiBearerAuth()
  @Authorize('SaveSearch', ownAccount)
  @ApiCreatedResponse({ description: 'Saved: new procedures its filters find are alerted' })
  async saveSearch(
    @Body() body: SaveSearchDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const searchId = newId(context, 'search', body.searchId);
    const filters = savedFilters(body.filters);
    const subscriber = await this.subscriber(principal);
    await this.run({ type: 'SaveSearch', subscriber, searchId, name: body.name, filters }, context);
    return { searchId, name: body.name.trim(), filters };
  }

  @Delete('alerts/searches/:searchId')
  @HttpCode(204)
  @ApiBearerAuth()
  @Authorize('RemoveSearch', ownAccount)
  @ApiNoContentResponse({ description: 'Removed' })
  async removeSearch(
    @Param('searchId') searchId: string,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<void> {
    await this.run({ type: 'RemoveSearch', accountId: this.accountOf(principal), searchId }, context);
  }

  @Post('alerts/follows')
  @HttpCode(204)
  @ApiBearerAuth()
  @Authorize('StartFollowing', ownAccount)
  @ApiNoContentResponse({ description: 'Following (again: nothing new)' })
  async follow(
    @Body() body: FollowDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<void> {
    const subscriber = await this.subscriber(principal);
    await this.run({ type: 'StartFollowing', subscriber, target: { kind: body.kind, id: body.id } }, context);
  }

  @Delete('alerts/follows/:kind/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @Authorize('StopFollowing', ownAccount)
  @ApiNoContentResponse({ description: 'No longer following' })
  async unfollow(
    @Param('kind') kind: string,
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<void> {
    const accountId = this.accountOf(principal);
    await this.run({ type: 'StopFollowing', accountId, target: { kind: kind as FollowKind, id } }, context);
  }

  @Put('alerts/preferences')
  @HttpCode(204)
  @ApiBearerAuth()
  @Authorize('ChangeDeliveryPreference', ownAccount)
  @ApiNoContentResponse({ description: '`immediate` (one e-mail per alert) or `daily` (one digest each morning)' })
  async preferences(
    @Body() body: DeliveryPreferenceDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<void> {
    const subscriber = await this.subscriber(principal);
    await this.run(
      { type: 'ChangeDeliveryPreference', subscriber, delivery: body.delivery, language: body.language },
      context,
    );
  }

  /** Mails the confirmation link again (or for the first time, to an account that had none). */
  @Post('alerts/confirmation')
  @HttpCode(204)
  @ApiBearerAuth()
  @Authorize('RequestAlertConfirmation', ownAccount)
  @ApiNoContentResponse({ description: 'Requested (nothing new when the address is already confirmed)' })
  async requestConfirmation(
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<void> {
    await this.run({ type: 'RequestAlertConfirmation', subscriber: await this.subscriber(principal) }, context);
  }

  /** The link of the confirmation e-mail (the web page `/alertas/confirmar` posts it): no login. */
  @Post('alerts/confirm')
  @HttpCode(204)
  @Authorize('ConfirmAlertEmail')
  @ApiNoContentResponse({ description: 'Confirmed: alerts are mailed to the address from now on' })
  @ApiBadRequestResponse({ description: '`alerts.invalid_link`' })
  async confirm(@Body() body: LinkTokenDto, @CommandCtx() context: CommandContext): Promise<void> {
    const claims = this.claims(body.token, 'confirm');
    await this.run({ type: 'ConfirmAlertEmail', accountId: claims.accountId, email: claims.subject }, context);
  }

  /** The one-click link of every alert (RFC 8058): the page asks to confirm, so that a link scanner unsubscribes no one. */
  @Get('alerts/unsubscribe')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Cached('private')
  @ApiOkResponse({ description: 'An HTML page with the button that unsubscribes (POST to the same URL)' })
  unsubscribePage(@Query() query: LinkTokenDto): string {
    this.claims(query.token, 'unsubscribe');
    const action = `unsubscribe?token=${encodeURIComponent(query.token)}`;
    return page(
      'Dejar de recibir avisos · Stop alerts',
      `<p>¿Dejar de recibir estos avisos de Licita? <span lang="en">Stop receiving these Licita alerts?</span></p>
       <form method="post" action="${escapeHtml(action)}">
         <button type="submit">Dejar de recibir · Unsubscribe</button>
       </form>`,
    );
  }

  /** The one-click unsubscribe itself (`List-Unsubscribe-Post: List-Unsubscribe=One-Click`, or the page's button). */
  @Post('alerts/unsubscribe')
  @HttpCode(200)
  @Authorize('Unsubscribe')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'Unsubscribed (an event, `Unsubscribed`); an HTML page says so' })
  @ApiBadRequestResponse({ description: '`alerts.invalid_link`' })
  async unsubscribe(@Query() query: LinkTokenDto, @CommandCtx() context: CommandContext): Promise<string> {
    const claims = this.claims(query.token, 'unsubscribe');
    await this.run({ type: 'Unsubscribe', accountId: claims.accountId, key: claims.subject || null }, context);
    return page(
      'Listo · Done',
      `<p>Ya no recibirá estos avisos. <span lang="en">You will no longer receive these alerts.</span></p>
       <p><a href="${escapeHtml(this.config.publicUrl)}/alertas">Mis alertas · My alerts</a></p>`,
    );
  }

  private run(command: AlertSubscriberCommand, context: CommandContext) {
    return this.commands.execute(new ChangeAlertSubscription(command, context));
  }

  private claims(token: string, purpose: LinkPurpose): LinkClaims {
    const claims = verifyLink(this.config.alerts.secret, token, purpose);
    if (!claims) throw new DomainError('alerts.invalid_link', 'the link is not one Licita signed');
    return claims;
  }

  private accountOf(principal: Principal): string {
    if (principal.kind !== 'account')
      throw new DomainError('auth.unauthenticated', 'log in to see your alerts', 'unauthorized');
    return principal.accountId;
  }

  private async subscriber(principal: Principal): Promise<Subscriber> {
    const accountId = this.accountOf(principal);
    const account = await this.queries.execute(new AccountById(accountId));
    const supplierId = principal.kind === 'account' ? (principal.supplierId ?? null) : null;
    return { accountId, email: account.email, language: requestLanguage(), supplierId };
  }
}

/**
 * The public search's filters, checked as `GET /api/transparency/tenders` checks them (its DTO), sort and paging
 * left out: a saved search is exactly a search's filters.
 */
export function savedFilters(given: Record<string, unknown>): SavedFilters {
  const { sort: _sort, cursor: _cursor, limit: _limit, ...filters } = given;
  const query = plainToInstance(TenderSearchQuery, filters);
  const errors = validateSync(query, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0)
    throw invalid('alerts.invalid_filters', 'the filters are not those of the public search', {
      fields: errors.map((error) => error.property),
    });
  return Object.fromEntries<string | number>(
    Object.entries(query as Record<string, string | number | undefined>).filter(
      (entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const page = (title: string, body: string) => `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main><h1>Licita</h1>${body}</main></body></html>
`;
