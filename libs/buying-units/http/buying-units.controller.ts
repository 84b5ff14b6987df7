import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CACHE, Read } from '@licita/platform';
import { ReadsFrom } from '@licita/projections';
import type { CommandContext } from '@licita/event-store';
import { Authorize, CommandCtx, newId } from '@licita/identity';
import type { BuyingUnitPage, BuyingUnitView } from '../application/buying-unit-queries';
import type { BuyingUnitRegistration } from '../application/buying-unit-registry';
import { RegisterBuyingUnit } from '../application/commands/register-buying-unit.command';
import { BuyingUnitById, SearchBuyingUnits } from '../application/queries/buying-unit.queries';
import { BuyingUnitSearchQuery, RegisterBuyingUnitDto } from './buying-units.dto';

/** Buying units (unidades compradoras): registered by a registrar, listed publicly. */
@ApiTags('buying-units')
@Controller('api/buying-units')
export class BuyingUnitsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiBearerAuth()
  @Authorize('RegisterBuyingUnit')
  @ApiCreatedResponse({ description: 'Registered (or, for the same id and code, already registered)' })
  @ApiConflictResponse({ description: '`buying_unit.code_taken`' })
  register(
    @Body() body: RegisterBuyingUnitDto,
    @CommandCtx() context: CommandContext,
  ): Promise<BuyingUnitRegistration> {
    const { buyingUnitId, ...unit } = body;
    return this.commands.execute(
      new RegisterBuyingUnit({ buyingUnitId: newId(context, 'buying-unit', buyingUnitId), ...unit }, context),
    );
  }

  @ReadsFrom('buying-units')
  @Read(undefined, {
    ok: 'Public; ordered by code, `nextCursor` pages on. Eventually consistent (a projection).',
    cache: CACHE.list,
  })
  search(@Query() query: BuyingUnitSearchQuery): Promise<BuyingUnitPage> {
    return this.queries.execute(new SearchBuyingUnits(query));
  }

  @ReadsFrom('buying-units')
  @Read(':id', { ok: 'Public', notFound: '`buying_unit.not_found`', cache: CACHE.detail })
  get(@Param('id') id: string): Promise<BuyingUnitView> {
    return this.queries.execute(new BuyingUnitById(id));
  }
}
