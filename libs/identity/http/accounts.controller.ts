import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import { DomainError } from '@licita/shared';
import { ChangePassword, CreateAccount } from '../application/commands/identity.commands';
import { AccountById, type AccountView } from '../application/queries/identity.queries';
import type { Principal, Role } from '../domain/roles';
import { Authorize, CommandCtx, CurrentPrincipal, newId } from './auth.guard';
import { ChangePasswordDto, CreateAccountDto } from './identity.dto';

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
  @Authorize('CreateAccount')
  @ApiCreatedResponse({
    description: 'The account; its holder logs in with the temporary password and must change it first.',
  })
  async create(
    @Body() body: CreateAccountDto,
    @CommandCtx() context: CommandContext,
  ): Promise<{ accountId: string; email: string; role: Role }> {
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
          password: body.temporaryPassword,
          mustChangePassword: true,
        },
        context,
      ),
    );
    return { accountId: created.accountId, email: created.email, role: body.role };
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
