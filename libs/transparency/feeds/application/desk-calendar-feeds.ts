import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CommandExecutor, type CommandContext } from '@licita/event-store';
import { AccountById, type AccountView } from '@licita/identity';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { DomainError } from '@licita/shared';
import {
  deskCalendarDecider,
  deskCalendarStream,
  type DeskScope,
  type IssueDeskCalendarFeed,
} from '../domain/desk-calendar';

export type IssuedDeskCalendar = { feedId: string; token: string; issuedAt: string };

const refused = () =>
  new DomainError(
    'calendar.feed_revoked',
    'this calendar address is not valid or was replaced by a newer one; copy the new one from your desk',
    'forbidden',
  );

/**
 * Secret calendar addresses for the desks: `<account>.<feed id>.<HMAC>` signed with the API's secret, so a calendar
 * app subscribes without logging in. Issuing one is a command (recorded as `DeskCalendarFeedIssued` with who and
 * when) and revokes the one before; a token is honoured while it is its account's latest.
 */
@Injectable()
export class DeskCalendarFeeds {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly queries: QueryBus,
    @Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'jwtSecret'>,
  ) {}

  async issue(command: IssueDeskCalendarFeed, context: CommandContext): Promise<IssuedDeskCalendar> {
    const { events } = await this.executor.execute(
      deskCalendarStream(command.accountId),
      deskCalendarDecider,
      command,
      context,
    );
    const issued = events[events.length - 1].data;
    return { feedId: issued.feedId, token: this.sign(issued.accountId, issued.feedId), issuedAt: issued.issuedAt };
  }

  /**
   * Whose calendar a token opens; `calendar.feed_revoked` (403) for a forged, mangled or replaced one, and once
   * its account is disabled or no longer acts for that unit or supplier.
   */
  async scopeOf(token: string): Promise<DeskScope> {
    const [accountId, feedId, signature] = token.split('.');
    if (!accountId || !feedId || !signature || !this.validSignature(accountId, feedId, signature)) throw refused();
    const { state } = await this.executor.load(deskCalendarStream(accountId), deskCalendarDecider);
    if (state.current?.feedId !== feedId) throw refused();
    const scope: DeskScope = { desk: state.current.desk, ownerId: state.current.ownerId };
    const account = await this.queries.execute(new AccountById(accountId)).catch(() => null);
    if (!account || !actsFor(account, scope)) throw refused();
    return scope;
  }

  private sign(accountId: string, feedId: string): string {
    return `${accountId}.${feedId}.${this.mac(accountId, feedId).toString('base64url')}`;
  }

  private mac(accountId: string, feedId: string): Buffer {
    return createHmac('sha256', this.config.jwtSecret).update(`desk-calendar|${accountId}|${feedId}`).digest();
  }

  private validSignature(accountId: string, feedId: string, signature: string): boolean {
    const given = Buffer.from(signature, 'base64url');
    const expected = this.mac(accountId, feedId);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** The account is active and still the buyer of the unit, or the supplier, the address was issued for. */
function actsFor(account: AccountView, { desk, ownerId }: DeskScope): boolean {
  if (account.status !== 'active') return false;
  return desk === 'buyer' ? account.buyingUnitId === ownerId : account.supplierId === ownerId;
}
