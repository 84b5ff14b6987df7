import { Body, Controller, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CACHE, Read } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import type { CommandContext } from '@licita/event-store';
import { Authorize, CommandCtx, CurrentPrincipal, newId, type CommandFieldsOf, type Principal } from '@licita/identity';
import type { OrganisationRegistration } from '../application/buying-unit-registry';
import { AssignBuyingUnitOrganisation, RegisterOrganisation } from '../application/commands/organisation.commands';
import { OrganisationQueries } from '../application/organisation-queries';
import {
  ApplicableLawQuery,
  AssignOrganisationDto,
  OrganisationListQuery,
  RegisterOrganisationDto,
} from './organisations.dto';

/** A state administrator passes the guard by its role; the state acted on is checked once it is read. */
const ownStateFirst: CommandFieldsOf = (_request, principal) =>
  principal.kind === 'account' ? { stateCode: principal.stateCode } : {};

/** The government tree: federal entities, states and municipalities, each with its buying units. */
@ApiTags('organisations')
@Controller('api')
export class OrganisationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly organisations: OrganisationQueries,
  ) {}

  @Post('organisations')
  @ApiBearerAuth()
  @Authorize('RegisterOrganisation', ownStateFirst)
  @ApiCreatedResponse({ description: 'Registered (or, for the same id and keys, already registered)' })
  @ApiConflictResponse({ description: '`organisation.key_taken`: that state or municipality is already in the tree' })
  @ApiForbiddenResponse({ description: '`auth.forbidden`: a state administrator outside its state' })
  @ApiUnprocessableEntityResponse({
    description: '`organisation.invalid_key`, `organisation.invalid_parent`, `organisation.reason_required`',
  })
  register(
    @Body() body: RegisterOrganisationDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<OrganisationRegistration> {
    const { organisationId, ...organisation } = body;
    return this.commands.execute(
      new RegisterOrganisation(
        { organisationId: newId(context, 'organisation', organisationId), ...organisation },
        principal,
        context,
      ),
    );
  }

  @Put('buying-units/:id/organisation')
  @HttpCode(200)
  @ApiBearerAuth()
  @Authorize('AssignBuyingUnitOrganisation', ownStateFirst)
  @ApiOkResponse({ description: '`{ changed }`: false when the unit already belonged to it. The unit takes its level' })
  @ApiUnprocessableEntityResponse({
    description: '`buying_unit.organisation_not_found`, `buying_unit.reason_required`',
  })
  assign(
    @Param('id') buyingUnitId: string,
    @Body() body: AssignOrganisationDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<{ changed: boolean }> {
    return this.commands.execute(new AssignBuyingUnitOrganisation({ buyingUnitId, ...body }, principal, context));
  }

  @ReadsFrom('buying-units')
  @Read('organisations', {
    ok: 'Public: the tree, federal first, then each state and its municipalities',
    cache: CACHE.list,
  })
  list(@Query() query: OrganisationListQuery) {
    return this.organisations.list(query);
  }

  @ReadsFrom('buying-units')
  @Read('organisations/:id', {
    ok: 'Public: the organisation, its children and its buying units',
    notFound: '`organisation.not_found`',
    cache: CACHE.detail,
  })
  get(@Param('id') id: string) {
    return this.organisations.get(id);
  }

  @ReadsFrom('buying-units')
  @Read('organisations/:id/applicable-law', {
    ok: 'Public: which law governs a procedure of the organisation, and why (its level, the origin of the funds)',
    notFound: '`organisation.not_found`',
    cache: CACHE.detail,
  })
  law(@Param('id') id: string, @Query() query: ApplicableLawQuery) {
    return this.organisations.law(id, {
      federalFunds: query.federalFunds === true,
      category: query.category ?? 'goods',
    });
  }
}
