import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Read } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import type { CommandContext } from '@licita/event-store';
import { DomainError } from '@licita/shared';
import { ChangePassword, CreateAccount } from '../application/commands/identity.commands';
import {
  AccountById,
  BuyingUnitStateCode,
  ListAccounts,
  type AccountListEntry,
  type AccountView,
} from '../application/queries/identity.queries';
import { assertAuthorized } from '../domain/authorization.policy';
import type { Principal, Role } from '../domain/roles';
import { Authorize, CommandCtx, CurrentPrincipal, newId } from './auth.guard';
import { AccountListQuery, ChangePasswordDto, CreateAccountDto } from './identity.dto';

export type { AccountView };

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/accounts')
export class AccountsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /**
   * A registrar creates staff and buyer accounts. Never a supplier account: that comes only from the supplier's
   * own registration (403 `account.supplier_self_registration_only`), so no one holds a supplier's credentials
   * but the supplier. The AccountCreated event's metadata names the registrar (`actor`).
   */
  @Post()
  // A state administrator passes the guard by its role; its unit's state is checked once the unit is read.
  @Authorize('CreateAccount', (_request, principal) =>
    principal.kind === 'account' ? { role: 'buyer', stateCode: principal.stateCode } : {},
  )
  @ApiCreatedResponse({
    description: 'The account; its holder logs in with the temporary password and must change it first.',
  })
  async create(
    @Body() body: CreateAccountDto,
    @CommandCtx() context: CommandContext,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ accountId: string; email: string; role: Role }> {
    if (principal.kind === 'account' && principal.role === 'state_admin') {
      const stateCode = body.buyingUnitId
        ? await this.queries.execute(new BuyingUnitStateCode(body.buyingUnitId))
        : null;
      assertAuthorized({ type: 'CreateAccount', role: body.role, stateCode }, principal);
    }
    const accountId = newId(context, 'account', body.accountId);
    const created = await this.commands.execute(
      new CreateAccount(
        {
          accountId,
          origin: 'registrar',
          email: body.email,
          role: body.role,
          ...(body.supplierId ? { supplierId: body.supplierId } : {}),
          ...(body.buyingUnitId ? { buyingUnitId: body.buyingUnitId } : {}),
          ...(body.stateCode ? { stateCode: body.stateCode } : {}),
          password: body.temporaryPassword,
          mustChangePassword: true,
        },
        context,
      ),
    );
    return { accountId: created.accountId, email: created.email, role: body.role };
  }

  /**
   * The staff list of accounts (registrar desk; auditors read it too): id, email, role, buying unit, supplier,
   * status, created at/by and the last change. Never a password hash: it is read from the `accounts` projection,
   * which copies only those fields. Suppliers, buyers and the public are refused.
   */
  @ReadsFrom('accounts')
  @Read(undefined, {
    ok: 'For registrars and auditors: accounts by email, narrowed by `role` and `buyingUnitId` (at most 1,000). Eventually consistent (a projection): send `minPosition` after creating one.',
  })
  @ApiForbiddenResponse({
    description: '`auth.forbidden` for anyone but a registrar or an auditor (401 for the public)',
  })
  list(@Query() query: AccountListQuery, @CurrentPrincipal() principal: Principal): Promise<AccountListEntry[]> {
    if (principal.kind === 'anonymous') throw new DomainError('auth.unauthenticated', 'log in', 'unauthorized');
    if (principal.kind !== 'account' || (principal.role !== 'registrar' && principal.role !== 'auditor'))
      throw new DomainError('auth.forbidden', 'only registrars and auditors read the list of accounts', 'forbidden');
    return this.queries.execute(new ListAccounts({ role: query.role, buyingUnitId: query.buyingUnitId }));
  }

  /** Any account, its own password; the only thing allowed while a one-time password is in use. */
  @Post('me/password')
  @HttpCode(204)
  @Authorize('ChangePassword', (_request, principal) => ({
    accountId: principal.kind === 'account' ? principal.accountId : undefined,
  }))
  @ApiNoContentResponse({
    description: 'Changed. Every session of the account ends: log in again with the new password.',
  })
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<void> {
    const accountId = principal.kind === 'account' ? principal.accountId : '';
    await this.commands.execute(new ChangePassword(accountId, body.currentPassword, body.newPassword, context));
  }

  /** Who the token belongs to (no password hash). */
  @Get('me')
  @ApiOkResponse({ description: 'The account of the access token' })
  async me(@CurrentPrincipal() principal: Principal): Promise<AccountView> {
    if (principal.kind !== 'account')
      throw new DomainError('auth.unauthenticated', 'log in to see your account', 'unauthorized');
    return this.queries.execute(new AccountById(principal.accountId));
  }
}
